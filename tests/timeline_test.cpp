// Timelines: windows found from change points must equal day-by-day evaluation,
// on 500 generated cases (29 February births, status changes on the first and
// last day of a month, courses, every programme-end version), and every
// boundary must carry a reason.
#include <filesystem>
#include <fstream>
#include <random>

#include <unistd.h>

#include "engine/base/calendar.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/timeline/timeline.hpp"
#include "support/case_text.hpp"
#include "support/golden.hpp"
#include "support/random_bundled_case.hpp"
#include "support/scaled_count.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

const Program& timeline_program() {
    static LoadResult loaded = load_rule_set(test_dir() / "timeline" / "rules");
    if (!loaded.program) FAIL("timeline test rules do not load:\n" << render(loaded.diagnostics));
    return *loaded.program;
}

// The windows found from change points must be the day-by-day windows (with the same value
// in a series of an enum output), each boundary with a reason, never overlapping, touching
// only where the value changes.
void check_same_windows(const std::vector<TimelineWindow>& fast, const std::vector<TimelineWindow>& slow,
                        const std::string& series) {
    REQUIRE(fast.size() == slow.size());
    for (std::size_t w = 0; w < fast.size(); ++w) {
        INFO("series " << series << " window " << w);
        CHECK(iso(fast[w].from) == iso(slow[w].from));
        CHECK(iso(fast[w].to) == iso(slow[w].to));
        CHECK(fast[w].value == slow[w].value);
        CHECK(!fast[w].from_reason.empty());
        CHECK(!fast[w].to_reason.empty());
        // Windows never overlap; they touch only where the value changes (full, then pro-rata Pauschale).
        if (w > 0) CHECK(fast[w].from > fast[w - 1].to);
        if (w > 0 && fast[w].from == fast[w - 1].to + 1) CHECK(fast[w].value != fast[w - 1].value);
    }
}

// What comparing a case's timelines found: how many (timeline, key) pairs were compared,
// the windows seen and the evaluations the change points needed.
struct Comparisons {
    std::size_t compared = 0, windows = 0, probes = 0;
};

// Every timeline of the rule set, for every value of its key (the enum's values, if it has
// one), found from change points and day by day over [from, to]: the same windows.
void compare_every_timeline(const Program& program, Evaluator& evaluator, const Case& kase, DayNumber from,
                            DayNumber to, Comparisons& seen) {
    for (const auto& decl : program.manifest.timelines) {
        std::vector<Value> keys = {Value()};
        if (decl.key_param) {
            keys.clear();
            TypeId t = program.rules.modules[decl.module].params[*decl.key_param].type;
            for (std::uint32_t k = 0; k < program.rules.enums[program.rules.types[t].ref].values.size(); ++k)
                keys.push_back(Value::enumeration(k));
        }
        for (const Value& key : keys) {
            auto fast = timeline_windows(evaluator, kase, decl, key, from, to, &seen.probes);
            auto slow = timeline_windows_by_day(evaluator, kase, decl, key, from, to);
            ++seen.compared;
            check_same_windows(fast, slow, decl.name);
            seen.windows += fast.size();
        }
    }
}

// The days the generated cases' timelines are compared over.
const DayNumber kFrom = day(2019, 10, 1), kTo = day(2023, 6, 30);
const std::size_t kDaysCompared = static_cast<std::size_t>(kTo - kFrom + 1);

// Whether a generated case the rules refuse fails the test or is skipped (the bundled rules'
// generator may combine inputs their checks refuse, overlapping ones say).
enum class InvalidCases { fail, skip };

// `generated` cases of `generate(rng, number)` from `seed`, each with all its timelines compared.
template <typename Generate>
Comparisons compare_generated_cases(const Program& program, std::uint32_t seed, std::size_t generated,
                                    Generate&& generate, InvalidCases invalid) {
    Evaluator evaluator(program);
    std::mt19937 rng(seed);
    Comparisons seen;
    for (std::size_t i = 0; i < generated; ++i) {
        std::string yaml = generate(rng, static_cast<int>(i));
        CaseFile cases = load_cases_yaml(program, std::make_shared<SourceFile>("generiert.yaml", yaml));
        INFO(yaml << render(cases.diagnostics));
        REQUIRE(cases.cases.size() == 1);
        if (invalid == InvalidCases::skip && !cases.cases[0].data) continue;
        REQUIRE(cases.cases[0].data);
        compare_every_timeline(program, evaluator, *cases.cases[0].data, kFrom, kTo, seen);
    }
    return seen;
}

// Random choices for generated cases.  Boundaries prefer month starts and ends, where
// off-by-one errors hide.
struct Dice {
    std::mt19937& rng;

    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

    DayNumber some_day(DayNumber lo, DayNumber hi) {
        DayNumber d = lo + pick(0, hi - lo);
        date::year_month_day ymd{calendar::from_day_number(d)};
        int style = pick(0, 3);
        if (style == 0) d = calendar::day_number(date::sys_days{ymd.year() / ymd.month() / 1});
        if (style == 1) d = calendar::day_number(date::sys_days{ymd.year() / ymd.month() / date::last});
        return std::max(d, lo);  // never before `lo`
    }

    // The YAML list `heading` with 0 to `most` entries, each written by `entry()`; nothing
    // when it has none.
    template <typename Entry>
    std::string list(const std::string& heading, int most, Entry&& entry) {
        int count = pick(0, most);
        std::string out = count ? heading : "";
        for (int i = 0; i < count; ++i) out += entry();
        return out;
    }

    // Up to three status phases from `start` on, each after the previous one, some left open.
    std::string phases(const std::string& key, const std::string& indent, const std::vector<const char*>& statuses,
                       DayNumber start) {
        return list(indent + key + ":\n", 3, [&] {
            DayNumber from = some_day(start, start + 500);
            std::string out = indent + "  - {status: " +
                              statuses[static_cast<std::size_t>(pick(0, static_cast<int>(statuses.size()) - 1))] +
                              ", von: " + iso(from);
            if (pick(0, 2) != 0) {
                DayNumber to = some_day(from, from + 600);
                out += ", bis: " + iso(to);
                start = to + 1;
            } else {
                start = from + 1;
            }
            return out + "}\n";
        });
    }
};

// A random case of the test rule set as YAML.
std::string random_case(std::mt19937& rng, int number) {
    Dice dice{rng};
    std::string birth;
    if (dice.pick(0, 4) == 0) birth = std::to_string(1992 + 4 * dice.pick(0, 4)) + "-02-29";
    else birth = iso(day(1990, 1, 1) + dice.pick(0, 19 * 365));
    const std::vector<const char*> statuses = {"duldung", "gestattung", "sonstiger"};
    std::string out = "fall: Z" + std::to_string(number) + "\n";
    out += "stichtag: " + iso(dice.some_day(day(2019, 12, 1), day(2023, 6, 30))) + "\n";
    out += "geburtsdatum: " + birth + "\n";
    out += std::string("status: ") + statuses[static_cast<std::size_t>(dice.pick(0, 2))] + "\n";
    if (dice.pick(0, 9) == 0) out += "gefaehrder: true\n";
    out += dice.phases("phasen", "", statuses, day(2019, 1, 1) + dice.pick(0, 400));
    out += dice.list("kurse:\n", 2, [&] {
        DayNumber begin = dice.some_day(day(2019, 6, 1), day(2023, 3, 1));
        DayNumber end = dice.some_day(begin, begin + 900);
        return std::string("  - {baustein: ") + (dice.pick(0, 1) ? "A" : "B") + ", beginn: " + iso(begin) +
               ", ende: " + iso(end) + "}\n";
    });
    return out;
}

}  // namespace

TEST_CASE("timeline windows equal day-by-day evaluation on 500 generated cases", "[timeline]") {
    const std::size_t generated = scaled_case_count(500);  // 50 under the sanitizers
    Comparisons seen = compare_generated_cases(timeline_program(), 20221, generated, random_case, InvalidCases::fail);
    CHECK(seen.windows > generated);
    // Change points, not days: far fewer probes than days.
    CHECK(seen.probes * 20 < seen.compared * kDaysCompared);
}

TEST_CASE("timeline boundaries: 29 February, status changes at month edges, course limits", "[timeline]") {
    const Program& program = timeline_program();
    Evaluator evaluator(program);
    auto file = std::make_shared<SourceFile>("fall.yaml", read_file(test_dir() / "timeline" / "fall.yaml"));
    CaseFile cases = load_cases_yaml(program, file);
    REQUIRE(cases.cases.at(0).data);
    Timeline t = compute_timeline(evaluator, *cases.cases[0].data, day(2019, 10, 1), day(2023, 6, 30));
    REQUIRE(t.series.size() == 2);
    const auto& person = t.series[0].rows.at(0).windows;
    REQUIRE(person.size() == 2);
    CHECK(iso(person[0].to) == "2020-08-31");  // last day of the Gestattung
    CHECK(person[0].to_reason == "Ende der Phase");
    CHECK(iso(person[1].from) == "2021-01-01");  // the Duldung starts on the first of a month
    CHECK(person[1].from_reason == "Statuswechsel");
    const auto& a = t.series[1].rows.at(0).windows;
    REQUIRE(a.size() == 1);
    CHECK(iso(a[0].from) == "2021-03-01");
    CHECK(a[0].from_reason == "Kursbeginn");
    CHECK(iso(a[0].to) == "2021-04-25");  // entry on the 56th day at the latest
    CHECK(a[0].to_reason == "Eintrittsfrist (56. Kurstag)");
}

TEST_CASE("timeline: age window of someone born on 29 February", "[timeline]") {
    const Program& program = timeline_program();
    Evaluator evaluator(program);
    std::string yaml = "fall: Z-29\nstichtag: 2022-01-10\ngeburtsdatum: 2004-02-29\nstatus: duldung\n";
    CaseFile cases = load_cases_yaml(program, std::make_shared<SourceFile>("f.yaml", yaml));
    REQUIRE(cases.cases.at(0).data);
    Timeline t = compute_timeline(evaluator, *cases.cases[0].data, day(2019, 10, 1), day(2023, 6, 30));
    const auto& person = t.series[0].rows.at(0).windows;
    REQUIRE(person.size() == 1);
    CHECK(iso(person[0].from) == "2022-03-01");  // 18 on 1 March in a non-leap year
    CHECK(person[0].from_reason == "18. Geburtstag");
    std::string born_1995 = "fall: Z-28\nstichtag: 2022-01-10\ngeburtsdatum: 1992-02-29\nstatus: duldung\n";
    cases = load_cases_yaml(program, std::make_shared<SourceFile>("f.yaml", born_1995));
    t = compute_timeline(evaluator, *cases.cases.at(0).data, day(2019, 10, 1), day(2023, 6, 30));
    const auto& older = t.series[0].rows.at(0).windows;
    REQUIRE(older.size() == 1);
    CHECK(iso(older[0].to) == "2020-02-28");  // the 28th birthday falls on 29.02.2020
    CHECK(older[0].to_reason == "Tag vor dem 28. Geburtstag");
}

namespace {

// A random case in the bundled rules' format: status phases, claim periods, flags and measures
// of every Baustein, a check date under each programme-end version.
std::string random_bundled_case(std::mt19937& rng, int number) {
    Dice dice{rng};
    auto pick = [&](int lo, int hi) { return dice.pick(lo, hi); };
    auto some_day = [&](DayNumber lo, DayNumber hi) { return dice.some_day(lo, hi); };
    const std::vector<const char*> statuses(std::begin(bundled_case::kStatuses), std::end(bundled_case::kStatuses));
    std::string birth = dice.pick(0, 5) == 0 ? std::to_string(1992 + 4 * dice.pick(0, 3)) + "-02-29"
                                             : iso(day(1990, 1, 1) + dice.pick(0, 17 * 365));
    std::string out = "fall: B" + std::to_string(number) + "\nstichtag: " + bundled_case::kStichtage[dice.pick(0, 4)] +
                      "\nperson:\n";
    out += "  geburtsdatum: " + birth + "\n";
    out += std::string("  aufenthaltsstatus: ") + statuses[static_cast<std::size_t>(dice.pick(0, 4))] + "\n";
    for (const char* flag : {"anspruch_sgb2", "anspruch_sgb12", "abstimmung_jc_aa", "gefaehrder", "landeseinrichtung",
                             "schulpflichtig", "beschaeftigungsverbot", "erwerbstaetig_oder_in_ausbildung",
                             "hauptschulabschluss"})
        if (dice.pick(0, 6) == 0) out += std::string("  ") + flag + ": true\n";
    if (dice.pick(0, 9) == 0) out += "  altersausnahme: \"Einzelfallentscheidung vom 01.02.2021\"\n";
    out += dice.phases("aufenthalt", "  ", statuses, day(2018, 6, 1) + dice.pick(0, 500));
    out += dice.list("  leistungen:\n", 2, [&] {
        DayNumber from = dice.some_day(day(2019, 1, 1), day(2023, 1, 1));
        std::string claim = std::string("    - {art: ") + (dice.pick(0, 1) ? "sgb2" : "sgb12") + ", von: " + iso(from);
        if (dice.pick(0, 2)) claim += ", bis: " + iso(dice.some_day(from, from + 400));
        return claim + "}\n";
    });
    out += dice.list("massnahmen:\n", 3, [&] { return bundled_case::random_measure(pick, some_day) + "}\n"; });
    return out;
}

}  // namespace

TEST_CASE("bundled rules: timeline windows equal day-by-day evaluation on 500 generated cases", "[timeline][bundled]") {
    LoadResult loaded = load_rule_set(source_dir() / "rules");
    INFO(render(loaded.diagnostics));
    REQUIRE(loaded.program);
    const Program& program = *loaded.program;
    REQUIRE(program.manifest.timelines.size() == 2);
    const std::size_t generated = scaled_case_count(500);  // 50 under the sanitizers
    Comparisons seen = compare_generated_cases(program, 1912, generated, random_bundled_case, InvalidCases::skip);
    CHECK(seen.compared > 6 * generated);
    CHECK(seen.windows >= generated);  // at least one window per case on average (the full 500 cases: more than 500)
    CHECK(seen.probes * 20 < seen.compared * kDaysCompared);
}

namespace {

const Program& bundled_program() {
    static LoadResult loaded = load_rule_set(source_dir() / "rules");
    if (!loaded.program) FAIL("bundled rules do not load:\n" << render(loaded.diagnostics));
    return *loaded.program;
}

Timeline bundled_timeline(const std::string& name) {
    const Program& program = bundled_program();
    static Evaluator evaluator(program);
    static std::vector<CaseFile> kept;  // cases must outlive their timeline's evaluation
    auto file = std::make_shared<SourceFile>(name, read_file(test_dir() / "timeline" / "ursachen" / name));
    kept.push_back(load_cases_yaml(program, file));
    INFO(render(kept.back().diagnostics));
    REQUIRE(kept.back().cases.at(0).data);
    return compute_timeline(evaluator, *kept.back().cases[0].data, day(2019, 10, 1), day(2023, 6, 30));
}

const TimelineSeries::Row& row(const Timeline& t, const std::string& series, const std::string& key) {
    for (const auto& s : t.series)
        if (s.name == series)
            for (const auto& r : s.rows)
                if (r.key == key) return r;
    FAIL("no row " << series << " " << key);
    throw;
}

}  // namespace

// Several things change on one day; the boundary names the one that changes the result.
TEST_CASE("timeline causes: a status change within the main group is not why F1–F5 start", "[timeline][ursachen]") {
    Timeline t = bundled_timeline("gestattung_bis_ende_2019.yaml");
    for (const char* b : {"F1", "F3", "F4", "F5"}) {
        INFO(b);
        const auto& w = row(t, "bausteine", b).windows;
        REQUIRE(w.size() == 1);
        CHECK(iso(w[0].from) == "2020-01-01");
        CHECK(w[0].from_reason == "Beginn der Förderung F1–F5");
    }
}

TEST_CASE("timeline causes: a claim that keeps the person in the secondary group is not why F1 starts",
          "[timeline][ursachen]") {
    Timeline t = bundled_timeline("sgb2_mit_abstimmung_ab_2020.yaml");
    const auto& w = row(t, "bausteine", "F1").windows;
    REQUIRE(w.size() == 1);
    CHECK(iso(w[0].from) == "2020-01-01");
    CHECK(w[0].from_reason == "Beginn der Förderung F1–F5");
    const auto& person = row(t, "person", "").windows;
    REQUIRE(person.size() == 1);  // haupt, then sekundaer: in the target group throughout
    CHECK(person[0].from_reason == "Beginn des betrachteten Zeitraums");
}

TEST_CASE("timeline causes: the end of a status phase is not why F6 ends", "[timeline][ursachen]") {
    Timeline t = bundled_timeline("status_bis_ende_f6.yaml");
    const auto& w = row(t, "bausteine", "F6").windows;
    REQUIRE(w.size() == 1);
    CHECK(iso(w[0].to) == "2022-06-30");
    CHECK(w[0].to_reason == "Ende Teilhabemanagement (F6)");
}

TEST_CASE("timeline: a row without window says which conditions fail", "[timeline][ursachen]") {
    Timeline t = bundled_timeline("aufenthaltserlaubnis_ohne_abstimmung.yaml");
    const auto& person = row(t, "person", "");
    CHECK(person.windows.empty());
    CHECK(person.empty_reason ==
          "nicht erfüllt: Duldung oder Aufenthaltsgestattung (Aufenthaltsstatus am Tag: Aufenthaltserlaubnis); "
          "Abstimmung mit Jobcenter/Agentur für Arbeit dokumentiert (keine konkurrierende Regelförderung)");
    // F1 fails on days outside its funding period for that reason too; only what fails on every day is named.
    CHECK(row(t, "bausteine", "F1").empty_reason == person.empty_reason);
    Timeline g = bundled_timeline("gestattung_bis_ende_2019.yaml");
    CHECK(row(g, "bausteine", "F2").empty_reason == "nicht erfüllt: in Arbeit oder Ausbildung („berufsbegleitend“)");
    // Where no condition fails on every day, each period says its own.
    Timeline old = bundled_timeline("28_im_dezember_2019.yaml");
    CHECK(row(old, "bausteine", "F1").empty_reason ==
          "nicht erfüllt: Eintritt im Förderzeitraum des Bausteins (Ende des Förderzeitraums (fehlt, wenn am Stichtag "
          "keine DiAA-Fassung gilt): 31.12.2022, Beginn des Förderzeitraums: 01.01.2020) – bis 31.12.2019 und ab "
          "01.01.2023; 18 bis 27 Jahre alt (Alter in vollendeten Lebensjahren: 28) – ab 15.12.2019");
    CHECK(row(old, "bausteine", "F2").empty_reason == "nicht erfüllt: in Arbeit oder Ausbildung („berufsbegleitend“)");
}

TEST_CASE("timeline deadlines: only dates that matter to the person (declared by zeitachse_daten)", "[timeline][ursachen]") {
    // Not in the target group on the day before the 28th birthday: the age limit is a date, not a deadline.
    Timeline none = bundled_timeline("aufenthaltserlaubnis_ohne_abstimmung.yaml");
    CHECK(none.deadlines.empty());
    bool age_date = false;
    for (const auto& d : none.dates)
        if (d.what == "Tag vor dem 28. Geburtstag (Alter passt bis)") age_date = !d.deadline && iso(d.date) == "2028-05-13";
    CHECK(age_date);
    // In the target group then: it is a deadline.
    Timeline person = bundled_timeline("gestattung_bis_ende_2019.yaml");
    bool age_deadline = false;
    for (const auto& d : person.deadlines)
        if (d.what == "Tag vor dem 28. Geburtstag (Alter passt bis)") age_deadline = iso(d.date) == "2028-05-13";
    CHECK(age_deadline);
}

TEST_CASE("timeline: F3/F4 windows tell full from pro-rata Pauschale days", "[timeline][ursachen]") {
    const Program& program = bundled_program();
    Evaluator evaluator(program);
    std::string yaml = "fall: P\nstichtag: 2022-08-01\nperson: {geburtsdatum: 2000-02-29, aufenthaltsstatus: duldung}\n"
                       "massnahmen:\n  - {baustein: F4, beginn: 2022-09-05, ende: 2023-05-31, eintritt: 2022-09-05, "
                       "traegerart: vhs, unterrichtsstunden: 400}\n";
    CaseFile cases = load_cases_yaml(program, std::make_shared<SourceFile>("f.yaml", yaml));
    REQUIRE(cases.cases.at(0).data);
    Timeline t = compute_timeline(evaluator, *cases.cases[0].data, day(2019, 10, 1), day(2023, 6, 30));
    const auto& w = row(t, "bausteine", "F4").windows;
    REQUIRE(w.size() == 2);
    CHECK(iso(w[0].to) == "2022-10-30");  // the 56th course day
    CHECK(w[0].value == "volle_pauschale");
    CHECK(iso(w[1].from) == "2022-10-31");
    CHECK(w[1].value == "anteilige_pauschale");
    CHECK(w[0].to_reason == "spätester Eintritt für die volle Pauschale (56. Kurstag)");
}

TEST_CASE("timeline wording must be declared by the rule set", "[timeline]") {
    auto dir = std::filesystem::temp_directory_path() / ("klappt-zeitachse-texte-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::copy(test_dir() / "timeline" / "rules", dir, std::filesystem::copy_options::recursive);
    std::string manifest = read_file(dir / "regelwerk.yaml");
    manifest = manifest.substr(0, manifest.find("  texte:"));
    manifest += "  texte:\n    tag_vor: \"Tag vor\"\n";
    {
        std::ofstream out(dir / "regelwerk.yaml");
        out << manifest;
    }
    LoadResult loaded = load_rule_set(dir);
    std::string messages = render(loaded.diagnostics);
    std::filesystem::remove_all(dir);
    CHECK(!loaded.program);
    CHECK(messages.find("zeitachse.texte.tag_vor: erwartet einmal {}") != std::string::npos);
    CHECK(messages.find("zeitachse.texte: es fehlt „tag_nach“") != std::string::npos);
}
