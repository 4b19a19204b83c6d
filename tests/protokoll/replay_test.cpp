// Replay and Nachberechnung: a record made before a parameter change replays
// byte-identically with its stored rules and shows the change under the new ones.
#include <catch2/catch.hpp>

#include <map>

#include "engine/base/calendar.hpp"
#include "engine/protokoll/replay.hpp"
#include "protokoll/protokoll_support.hpp"

using namespace klappt;
using namespace klappt::testing;
using protokoll::Store;
namespace fs = std::filesystem;

namespace {

// A copy of rules/ with P4 (€ per lesson of an F4 course) = 40,00 € instead of 37,50 €.
fs::path changed_rules(const fs::path& dir) {
    fs::path copy = dir / "regeln_neu";
    fs::copy(source_dir() / "rules", copy, fs::copy_options::recursive);
    fs::path yaml = copy / "parameter" / "pauschalen.yaml";
    std::string text = read_file(yaml);
    std::size_t value = text.find("wert: 37.50", text.find("p4_je_ustd:"));
    REQUIRE(value != std::string::npos);
    text.replace(value, std::string("wert: 37.50").size(), "wert: 40.00");
    write_file(yaml, text);
    return copy;
}

}  // namespace

TEST_CASE("replay with the stored rule set is byte-identical, also after rules/ changed", "[protokoll][replay]") {
    auto dir = fresh_folder("replay");
    Store store = Store::open(dir / "p.db", Store::Mode::create);
    record_example(store, "RKN-1");
    fs::path rules = changed_rules(dir);
    LoadResult changed = load_rule_set(rules);
    REQUIRE(changed.program);

    auto same = protokoll::replay(store, 1);
    CHECK(same.identical);
    CHECK(same.differences.empty());

    auto differs = protokoll::replay(store, 1, changed.program.get());
    CHECK_FALSE(differs.identical);
    // 240 lessons × 2,50 € more; Land share 80 %
    std::map<std::string, std::pair<std::string, std::string>> got;
    for (const auto& d : differs.differences) got[d.field] = {d.before, d.after};
    CHECK(got["massnahmen.1.betrag"] == std::pair<std::string, std::string>{"\"9365.00\"", "\"9965.00\""});
    CHECK(got["summe.betrag"] == std::pair<std::string, std::string>{"\"9365.00\"", "\"9965.00\""});
    CHECK(got["massnahmen.1.landesanteil"] == std::pair<std::string, std::string>{"\"7492.00\"", "\"7972.00\""});
    CHECK(got.count("regeln.sha256") == 0);  // the rule set's identity is not a change of the result
}

TEST_CASE("replay with --stichtag given uses the recorded check date", "[protokoll][replay]") {
    auto dir = fresh_folder("replay_date");
    Store store = Store::open(dir / "p.db", Store::Mode::create);
    const Program& program = bundled_program();
    auto check = protokoll::evaluate_check(program, example_case("RKN-1"), "p", calendar::day_number(*calendar::parse("2021-04-01")));
    CHECK(check.check_date == "2021-04-01");
    CHECK(check.check_date_given);
    store.append_check(program, check);
    auto r = protokoll::replay(store, 1);
    CHECK(r.identical);
}

TEST_CASE("Nachberechnung: the latest check per case, changed cases and totals per Baustein", "[protokoll][replay]") {
    auto dir = fresh_folder("nachberechnung");
    Store store = Store::open(dir / "p.db", Store::Mode::create);
    const Program& program = bundled_program();
    for (const char* example : {"io_beispiel.yaml", "coaching_und_ausbildung.yaml", "zu_alt_28_geburtstag.yaml"})
        store.append_check(program, protokoll::evaluate_check(program, read_file(source_dir() / "examples" / example), "p"));
    record_example(store, "RKN-2021-0042");  // a second check of the first case: only the latest counts
    fs::path rules = changed_rules(dir);
    LoadResult changed = load_rule_set(rules);
    REQUIRE(changed.program);

    auto n = protokoll::recalculate(store, *changed.program);
    CHECK(n.checks == 3);
    REQUIRE(n.changed.size() == 1);
    CHECK(n.changed[0].case_id == "RKN-2021-0042");
    CHECK(n.changed[0].nr == 4);
    bool f4 = false;
    for (const auto& t : n.totals) {
        if (t.baustein == "F4") {
            f4 = true;
            CHECK(t.before_cents == 936500);
            CHECK(t.after_cents == 996500);
        } else {
            CHECK(t.before_cents == t.after_cents);
        }
    }
    CHECK(f4);

    // The range is by check date (stichtag): the example is of 15.03.2021.
    auto none = protokoll::recalculate(store, *changed.program, calendar::day_number(*calendar::parse("2022-01-01")));
    CHECK(none.changed.empty());
    auto unchanged = protokoll::recalculate(store, program);
    CHECK(unchanged.changed.empty());
}
