// What would make it work (`klappt check --wege`, issue 12 item 3), verified: for every
// rule-test case of rules/tests, every case of examples/ and of docs/examples/*, and generated
// cases of the bundled rules, every suggested way is applied to the case and the case is
// evaluated again plainly (evaluate_flat — not the tracking mode the search uses):
//   - every changed field is a lever (declared `hebel`, found here from the rule set, not from
//     the search) and no other input changes;
//   - the promised results (`ergebnis`) hold, the goal is better than before and no output
//     with `besser` is worse;
//   - for a range of days, the goal's new value holds on both ends and on random days inside.
// KLAPPT_WEGE_CASES sets the number of generated cases (default 2 000).
#include <cstdlib>
#include <random>
#include <set>

#include "engine/base/calendar.hpp"
#include "engine/fragen/interview.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/ruletest/rule_tests.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "engine/wege/wege.hpp"
#include "support/bundled_rule_tests.hpp"
#include "support/bundled_rules.hpp"
#include "support/case_text.hpp"
#include "support/golden.hpp"
#include "support/random_bundled_case.hpp"
#include "support/seeded_verifier.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

const Program& bundled() { return bundled_program(); }

// Every scalar input path of a case with its value as JSON, and whether the rule set declares it a lever.
void inputs_of(const RuleSet& rules, const Program& program, const Value& v, const FieldType& field, const std::string& path,
               std::map<std::string, std::string>& values, std::set<std::string>& levers) {
    TypeId t = rules.types.strip_optional(field.type);
    TypeKind kind = rules.types.kind(t);
    if (is_scalar_kind(kind)) {
        values[path] = value_json(program, v, field.type);
        if (field.lever) levers.insert(path);
        return;
    }
    if (!v.present) return;
    if (kind == TypeKind::record) {
        const RecordType& r = rules.records[rules.types[t].ref];
        for (std::size_t f = 0; f < r.fields.size(); ++f)
            inputs_of(rules, program, v.fields[f], r.fields[f], path + "." + r.fields[f].name, values, levers);
    } else if (kind == TypeKind::list) {
        FieldType element = field;
        element.type = rules.types[t].ref;
        for (std::uint32_t i = 0; i < v.list.size; ++i)
            inputs_of(rules, program, v.list.items[i], element, path + "." + std::to_string(i + 1), values, levers);
    }
}

struct Inputs {
    std::map<std::string, std::string> values;
    std::set<std::string> levers;
};

Inputs inputs(const Program& program, const Case& kase) {
    Inputs out;
    for (std::size_t i = 0; i < program.rules.inputs.size(); ++i)
        inputs_of(program.rules, program, kase.inputs[i], program.rules.inputs[i].field, program.rules.inputs[i].field.name,
                  out.values, out.levers);
    return out;
}

Value parse_json(const Program& program, const std::string& json, TypeId type, Arena& arena) {
    if (json == "null") return Value::none();
    std::string text = json.size() >= 2 && json.front() == '"' ? json.substr(1, json.size() - 2) : json;
    ScalarResult r = parse_scalar(program.rules, type, text, arena);
    if (!r.value) FAIL("JSON-Wert " << json << " nicht lesbar: " << r.error);
    return *r.value;
}

const std::string* find(const std::vector<OutputValue>& flat, const std::string& path) {
    for (const auto& ov : flat)
        if (ov.path == path) return &ov.json;
    return nullptr;
}

struct Stats {
    std::size_t cases = 0, ways = 0, pairs = 0, ranges = 0, days_checked = 0, without_way = 0, incomplete = 0;
};

// Applies every way of `kase` and checks what it promises.
class Verifier {
public:
    explicit Verifier(const Program& program) : program_(program), rules_(program.rules), search_(program), plain_(program) {}

    void verify(Case& kase, const std::vector<PendingCheck>& checks, std::mt19937& rng, Stats& stats) {
        Inputs before = inputs(program_, kase);
        std::vector<OutputValue> base = evaluate_flat(plain_, kase, checks);
        if (base.size() == 1 && (base[0].path == "ungueltig" || base[0].path == "fehler")) return;
        Wege w = wege(search_, kase, checks);
        INFO("Fall " << kase.id << "\n" << wege_json(w));
        // The search leaves the case as it was.
        REQUIRE(inputs(program_, kase).values == before.values);
        ++stats.cases;
        stats.incomplete += !w.complete;
        // The search (tracking mode) and its own verification (plain) agree on every way found.
        for (const auto& n : w.notes) CHECK(n.find("hielt der Prüfung nicht stand") == std::string::npos);
        for (const auto& goal : w.goals) {
            const std::string* now = find(base, goal.path);
            REQUIRE(now);
            CHECK(*now == goal.value_json);
            if (goal.ways.empty()) ++stats.without_way;
            for (const auto& way : goal.ways) check_way(kase, checks, before, base, way, rng, stats);
        }
    }

private:
    void check_way(Case& kase, const std::vector<PendingCheck>& checks, const Inputs& before, const std::vector<OutputValue>& base,
                   const Weg& way, std::mt19937& rng, Stats& stats) {
        INFO("Weg: " << way.text);
        ++stats.ways;
        if (way.changes.size() > 1) ++stats.pairs;
        REQUIRE(!way.changes.empty());
        REQUIRE(!way.effects.empty());
        CHECK(way.effects[0].path == way.goal);
        Arena arena(1024);
        std::vector<Value*> slots;
        std::vector<TypeId> types;
        std::vector<Value> saved;
        for (const auto& c : way.changes) {
            // Only levers change: the rule set declares the field `hebel`.
            CHECK(before.levers.count(c.field) == 1);
            CHECK(before.values.at(c.field) == c.before_json);
            CHECK(c.after_json != c.before_json);
            TypeId type = 0;
            Value* slot = field_slot(rules_, kase, c.field, &type);
            REQUIRE(slot);
            slots.push_back(slot);
            types.push_back(type);
            saved.push_back(*slot);
        }
        auto apply = [&](const std::vector<std::string>& jsons) {
            for (std::size_t i = 0; i < slots.size(); ++i) *slots[i] = parse_json(program_, jsons[i], types[i], arena);
        };
        auto restore = [&] {
            for (std::size_t i = 0; i < slots.size(); ++i) *slots[i] = saved[i];
        };
        // The suggested values: the promised results hold, nothing else of the case changed.
        std::vector<std::string> after;
        for (const auto& c : way.changes) after.push_back(c.after_json);
        apply(after);
        Inputs changed = inputs(program_, kase);
        for (const auto& [path, json] : before.values) {
            bool is_changed = std::any_of(way.changes.begin(), way.changes.end(), [&](const WegAenderung& c) { return c.field == path; });
            if (!is_changed) CHECK(changed.values.at(path) == json);
        }
        std::vector<OutputValue> flat = evaluate_flat(plain_, kase, checks);
        for (const auto& e : way.effects) {
            INFO("Wirkung " << e.path);
            const std::string* got = find(flat, e.path);
            REQUIRE(got);
            CHECK(*got == e.after_json);
            const std::string* was = find(base, e.path);
            REQUIRE(was);
            CHECK(*was == e.before_json);
        }
        check_better(flat, base, way);
        restore();
        // Every day of a range: both ends and a few inside.
        for (std::size_t i = 0; i < way.changes.size(); ++i) {
            const auto& c = way.changes[i];
            if (!c.is_date) continue;
            ++stats.ranges;
            REQUIRE((c.from_json != "null" || c.to_json != "null"));
            DayNumber lo = c.from_json == "null" ? parse_json(program_, c.after_json, types[i], arena).day - 400
                                                 : parse_json(program_, c.from_json, types[i], arena).day;
            DayNumber hi = c.to_json == "null" ? parse_json(program_, c.after_json, types[i], arena).day + 400
                                               : parse_json(program_, c.to_json, types[i], arena).day;
            REQUIRE(lo <= hi);
            std::vector<DayNumber> days = {lo, hi};
            for (int k = 0; k < 4; ++k) days.push_back(lo + std::uniform_int_distribution<DayNumber>(0, hi - lo)(rng));
            for (DayNumber d : days) {
                INFO("Tag " << iso(d));
                std::vector<std::string> values = after;
                values[i] = "\"" + iso(d) + "\"";
                apply(values);
                std::vector<OutputValue> at = evaluate_flat(plain_, kase, checks);
                const std::string* goal = find(at, way.goal);
                REQUIRE(goal);
                CHECK(*goal == way.effects[0].after_json);
                check_better(at, base, way);
                ++stats.days_checked;
                restore();
            }
        }
    }

    // No output with `besser` is worse than in the case as it was.
    void check_better(const std::vector<OutputValue>& now, const std::vector<OutputValue>& base, const Weg& way) {
        REQUIRE(!(now.size() == 1 && (now[0].path == "ungueltig" || now[0].path == "fehler")));
        for (const auto& ov : base) {
            const std::string* got = find(now, ov.path);
            Better better = better_of(ov.path);
            if (better == Better::none) continue;
            INFO("besser: " << ov.path);
            REQUIRE(got);
            if (better == Better::true_value) CHECK((ov.json == "false" || *got == "true"));
            else if (better == Better::false_value) CHECK((ov.json == "true" || *got == "false"));
            else {
                double a = std::strtod(unquote(ov.json).c_str(), nullptr), b = std::strtod(unquote(*got).c_str(), nullptr);
                if (better == Better::more) CHECK(b >= a);
                else CHECK(b <= a);
            }
        }
        // The goal itself is better.
        const std::string* was = find(base, way.goal);
        const std::string* got = find(now, way.goal);
        REQUIRE((was && got));
        CHECK(*was != *got);
    }

    static std::string unquote(const std::string& s) { return s.size() >= 2 && s.front() == '"' ? s.substr(1, s.size() - 2) : s; }

    // The `besser` of the output at a flat path (its last name, looked up in every module).
    Better better_of(const std::string& path) const {
        std::string name = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
        bool top = path.find('.') == std::string::npos;
        for (const auto& m : rules_.modules)
            for (std::uint32_t d : m.outputs)
                if (m.definitions[d].name == name && (top != m.parametrised())) return m.definitions[d].better;
        return Better::none;
    }

    const Program& program_;
    const RuleSet& rules_;
    Evaluator search_, plain_;
};


// Every complete case of a YAML text (partial ones and invalid ones are left out).
void each_case(const Program& program, const std::string& name, const std::string& yaml,
               const std::function<void(Case&, const std::vector<PendingCheck>&)>& visit) {
    Diagnostics diagnostics;
    auto docs = load_partial_cases_yaml(program, std::make_shared<SourceFile>(name, yaml), diagnostics);
    for (auto& doc : docs)
        if (doc.data && doc.data->unknowns.empty()) visit(*doc.data->kase, doc.data->checks);
}

// A random case of the bundled rules (as fragen_test's generator).
std::string random_case(std::mt19937& rng, std::size_t number) {
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto some_day = [&](DayNumber lo, DayNumber hi) { return lo + pick(0, hi - lo); };
    std::string out =
        "fall: G" + std::to_string(number) + "\nstichtag: " + bundled_case::kStichtage[pick(0, 4)] + "\nperson:\n";
    out += "  geburtsdatum: " + iso(day(1990, 1, 1) + pick(0, 17 * 365)) + "\n";
    out += std::string("  aufenthaltsstatus: ") + bundled_case::kStatuses[pick(0, 4)] + "\n";
    for (const char* flag : {"anspruch_sgb2", "anspruch_sgb12", "abstimmung_jc_aa", "gefaehrder", "landeseinrichtung",
                             "schulpflichtig", "hauptschulabschluss"})
        if (pick(0, 6) == 0) out += std::string("  ") + flag + ": true\n";
    if (pick(0, 9) == 0) out += "  altersausnahme: \"Einzelfallentscheidung vom 01.02.2021\"\n";
    int measures = pick(1, 2);
    out += "massnahmen:\n";
    for (int i = 0; i < measures; ++i) {
        out += bundled_case::random_measure(pick, some_day, 60);  // the entry sometimes after the end
        if (pick(0, 4) == 0) out += ", kinderbetreuung: true";
        out += "}\n";
    }
    return out;
}

using Verification = SeededVerifier<Verifier, Stats>;

std::size_t generated_count() {
    const char* v = std::getenv("KLAPPT_WEGE_CASES");
    return v ? static_cast<std::size_t>(std::strtoul(v, nullptr, 10)) : 2000;
}

}  // namespace

TEST_CASE("wege: every way of every rule-test case holds when applied", "[wege]") {
    const Program& program = bundled();
    Verification verifier(program, 3);
    for (const RuleTest& test : bundled_rule_tests()) {
        std::string yaml = case_text(test);
        if (yaml.empty()) continue;
        if (!test.check_date.empty() && yaml.find("\n---") == std::string::npos) yaml = testing::replace_check_date(yaml, test.check_date);
        INFO(test.name);
        each_case(program, "regeltest.yaml", yaml,
                  [&](Case& kase, const std::vector<PendingCheck>& checks) { verifier.verify(kase, checks); });
    }
    CHECK(verifier.stats.cases >= 140);
    CHECK(verifier.stats.ways >= 20);
    CHECK(verifier.stats.ranges >= 5);
    WARN("Regeltestfälle " << verifier.stats.cases << ", Wege " << verifier.stats.ways << " (Kombinationen "
                           << verifier.stats.pairs << ", Zeiträume " << verifier.stats.ranges << ", geprüfte Tage "
                           << verifier.stats.days_checked << "), ohne Weg " << verifier.stats.without_way);
}

TEST_CASE("wege: every way of every case in examples/ holds when applied", "[wege]") {
    const Program& program = bundled();
    Verification verifier(program, 4);
    for (const auto& path : files_with(source_dir() / "examples", ".yaml"))
        each_case(program, path.string(), read_file(path),
                  [&](Case& kase, const std::vector<PendingCheck>& checks) { verifier.verify(kase, checks); });
    CHECK(verifier.stats.cases >= 15);
    CHECK(verifier.stats.ways >= 5);
    CHECK(verifier.stats.incomplete == 0);
}

TEST_CASE("wege: generated cases of the bundled rules", "[wege]") {
    const Program& program = bundled();
    Verification verifier(program, 1203);
    for (std::size_t i = 0; i < generated_count(); ++i) {
        std::string yaml = random_case(verifier.rng, i);
        INFO(yaml);
        each_case(program, "generiert.yaml", yaml,
                  [&](Case& kase, const std::vector<PendingCheck>& checks) { verifier.verify(kase, checks); });
    }
    CHECK(verifier.stats.cases >= generated_count() * 9 / 10);
    CHECK(verifier.stats.ways >= generated_count() / 10);
    WARN("erzeugte Fälle " << verifier.stats.cases << ", Wege " << verifier.stats.ways << " (Kombinationen "
                           << verifier.stats.pairs << ", Zeiträume " << verifier.stats.ranges << ", geprüfte Tage "
                           << verifier.stats.days_checked << "), ohne Weg " << verifier.stats.without_way
                           << ", nicht vollständig " << verifier.stats.incomplete);
}

// Any rule set: the docs example (its own levers and `besser` outputs).
TEST_CASE("wege: the docs example rule set", "[wege]") {
    LoadResult loaded = load_rule_set(source_dir() / "docs" / "examples" / "wege");
    REQUIRE(loaded.program);
    const Program& program = *loaded.program;
    Verification verifier(program, 5);
    std::map<std::string, Wege> by_case;
    Evaluator evaluator(program);
    each_case(program, "faelle.yaml", read_file(source_dir() / "docs" / "examples" / "wege" / "faelle.yaml"),
              [&](Case& kase, const std::vector<PendingCheck>& checks) {
                  verifier.verify(kase, checks);
                  by_case[kase.id] = wege(evaluator, kase, checks);
              });
    REQUIRE(by_case.size() == 4);
    // W-1: registered late, half the subsidy; the full one with a registration up to two weeks after the start.
    REQUIRE(by_case["W-1"].goals.size() == 1);
    REQUIRE(by_case["W-1"].goals[0].ways.size() == 1);
    const Weg& late = by_case["W-1"].goals[0].ways[0];
    CHECK(late.goal == "zuschuss");
    CHECK(late.changes[0].field == "kurs.anmeldung");
    CHECK(late.changes[0].to_json == "\"2024-03-18\"");
    CHECK(late.changes[0].from_json == "\"2024-01-08\"");
    // W-2: counselling documented makes it fundable (the date would not).
    REQUIRE(by_case["W-2"].goals.size() == 1);
    REQUIRE(by_case["W-2"].goals[0].ways.size() == 1);
    CHECK(by_case["W-2"].goals[0].ways[0].changes[0].field == "beratung");
    // W-3: nothing to suggest; W-4: too old on every possible registration day, the birth date is no lever.
    CHECK(by_case["W-3"].goals.empty());
    REQUIRE(by_case["W-4"].goals.size() == 1);
    CHECK(by_case["W-4"].goals[0].ways.empty());
    CHECK(verifier.stats.ways == 2);
}

TEST_CASE("wege: a rule set without levers or without `besser` suggests nothing", "[wege]") {
    LoadResult loaded = load_rule_set(source_dir() / "docs" / "examples" / "teilfaelle");
    REQUIRE(loaded.program);
    const Program& program = *loaded.program;
    Evaluator evaluator(program);
    std::string yaml = "fall: N-1\nstichtag: 2024-03-01\ngeburtsdatum: 2000-01-01\nstatus: c\neinkommen: 500 €\n";
    std::size_t seen = 0;
    each_case(program, "n.yaml", yaml, [&](Case& kase, const std::vector<PendingCheck>& checks) {
        Wege w = wege(evaluator, kase, checks);
        CHECK(w.levers == 0);
        CHECK(w.goals.empty());
        CHECK(wege_text(w).find("keine Angaben, die sich beeinflussen lassen") != std::string::npos);
        ++seen;
    });
    CHECK(seen == 1);
}

// The web desk gives the search a time limit: past it the search stops and says so.
TEST_CASE("wege: past its deadline the search stops and says it is not complete", "[wege]") {
    const Program& program = bundled();
    Evaluator evaluator(program);
    std::size_t seen = 0;
    each_case(program, "faelle.yaml", read_file(source_dir() / "tests" / "wege" / "faelle.yaml"),
              [&](Case& kase, const std::vector<PendingCheck>& checks) {
                  if (kase.id != "WEGE-1") return;
                  WegeOptions options;
                  options.deadline = std::chrono::steady_clock::now();
                  Wege w = wege(evaluator, kase, checks, options);
                  CHECK_FALSE(w.complete);
                  CHECK_FALSE(w.notes.empty());
                  for (const auto& g : w.goals) CHECK(g.ways.empty());  // nothing unverified is shown
                  CHECK(wege_json_members(w).find("\"ohne_weg\": []") != std::string::npos);  // and no „no way“ claimed
                  CHECK(wege_text(w).find("bevor die Suche abgebrochen wurde") != std::string::npos);
                  ++seen;
              });
    CHECK(seen == 1);
}
