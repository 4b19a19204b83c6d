// Partial cases, verified by brute force (issue 12): for every rule-test case and for
// generated cases of the bundled rules with 1–4 random inputs made unknown, the
// interview is checked against plain evaluation (the fast path, not the tracking
// mode the interview uses) of completions of the unknowns:
//   (a) every output reported fixed has that value in every completion tried;
//   (b) for every listed fact the test finds two completions that differ only in it
//       and give different outputs;
//   (c) every fact not listed changes no output in any completion tried.
// Completions are tried over enum/bool domains, dates at, before and after every
// change point the interview used plus random days, numbers at and around every
// compared value plus random ones.  KLAPPT_FRAGEN_CASES sets the number of generated
// cases (default 10 000; the sanitizer build tries 10 % of them, support/scaled_count.hpp).
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <random>
#include <set>

#include "engine/base/calendar.hpp"
#include "engine/fragen/interview.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/ruletest/rule_tests.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "support/bundled_rule_tests.hpp"
#include "support/bundled_rules.hpp"
#include "support/case_text.hpp"
#include "support/golden.hpp"
#include "support/random_bundled_case.hpp"
#include "support/scaled_count.hpp"
#include "support/seeded_verifier.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

const Program& bundled() { return bundled_program(); }

std::size_t generated_count() {
    const char* v = std::getenv("KLAPPT_FRAGEN_CASES");
    return v ? static_cast<std::size_t>(std::strtoul(v, nullptr, 10)) : scaled_case_count(10000);
}

// Every scalar field path of a case (person.geburtsdatum, massnahmen.2.eintritt …).
void scalar_paths(const RuleSet& rules, const Value& v, TypeId type, const std::string& path, std::vector<std::string>& out) {
    TypeId t = rules.types.strip_optional(type);
    TypeKind kind = rules.types.kind(t);
    if (is_scalar_kind(kind)) {
        out.push_back(path);
        return;
    }
    if (!v.present) return;
    if (kind == TypeKind::record) {
        const RecordType& r = rules.records[rules.types[t].ref];
        for (std::size_t f = 0; f < r.fields.size(); ++f) scalar_paths(rules, v.fields[f], r.fields[f].type, path + "." + r.fields[f].name, out);
    } else if (kind == TypeKind::list) {
        for (std::uint32_t i = 0; i < v.list.size; ++i)
            scalar_paths(rules, v.list.items[i], rules.types[t].ref, path + "." + std::to_string(i + 1), out);
    }
}

std::vector<std::string> all_scalar_paths(const RuleSet& rules, const Case& kase) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < rules.inputs.size(); ++i)
        if (!rules.case_id_input || *rules.case_id_input != i)
            scalar_paths(rules, kase.inputs[i], rules.inputs[i].field.type, rules.inputs[i].field.name, out);
    return out;
}

std::string outcome_key(const std::vector<OutputValue>& values) {
    std::string key;
    for (const auto& v : values) key += v.path + "=" + v.json + "\n";
    return key;
}

struct Stats {
    std::size_t probes = 0, interview_ns = 0, evaluations = 0, cases = 0, unknowns = 0, listed = 0, settled = 0, incomplete = 0, completions = 0;
};

class Verifier {
public:
    explicit Verifier(const Program& program) : program_(program), rules_(program.rules), plain_(program), search_(program) {}

    // Makes `paths` unknown in `pc` (their present values are forgotten) and checks the interview.
    void verify(PartialCase& pc, const std::vector<std::string>& paths, std::mt19937& rng, Stats& stats) {
        for (const auto& p : paths) {
            TypeId type = 0;
            std::string label;
            Value* slot = field_slot(rules_, *pc.kase, p, &type, &label);
            REQUIRE(slot);
            pc.unknowns.push_back({p, type, label, slot, false});
        }
        std::vector<Value> original;
        for (const auto& u : pc.unknowns) original.push_back(*u.slot);
        auto t0 = std::chrono::steady_clock::now();
        Interview iv = interview(search_, pc);
        stats.interview_ns += static_cast<std::size_t>((std::chrono::steady_clock::now() - t0).count());
        stats.evaluations += iv.evaluations;
        stats.probes += iv.probes;
        if (std::getenv("KLAPPT_FRAGEN_TRACE")) std::fprintf(stderr, "EVALS %zu %zu\n", iv.evaluations, pc.unknowns.size());
        INFO("Fall " << pc.kase->id << ", unbekannt: " << [&] {
            std::string s;
            for (const auto& u : pc.unknowns) s += u.path + " ";
            return s;
        }() << "\n" << interview_json(iv));
        for (std::size_t k = 0; k < pc.unknowns.size(); ++k) REQUIRE(same(*pc.unknowns[k].slot, original[k], k, pc));
        ++stats.cases;
        stats.unknowns += pc.unknowns.size();
        stats.listed += iv.missing.size();
        stats.settled += iv.settled;
        stats.incomplete += !iv.complete;
        if (!iv.valid) return;  // no completion is valid: nothing to compare

        std::size_t n = pc.unknowns.size();
        // Candidate values per unknown.
        std::vector<std::vector<Value>> candidates(n);
        Arena arena(4096);
        for (std::size_t k = 0; k < n; ++k) {
            TypeId type = pc.unknowns[k].type;
            TypeId t = rules_.types.strip_optional(type);
            TypeKind kind = rules_.types.kind(t);
            auto add = [&](Value v) {
                for (const Value& w : candidates[k])
                    if (same_value(w, v, kind)) return;
                candidates[k].push_back(v);
            };
            for (const auto& json : iv.domains[k]) {
                Value v = parse(json, type, arena);
                add(v);
                if (!v.present) continue;
                if (kind == TypeKind::date) {
                    add(Value::date(v.day - 1));  // the last day of the period before
                    add(Value::date(v.day + 1));
                }
                if (kind == TypeKind::integer || (kind == TypeKind::money && v.i > 0)) {
                    add(Value::integer(v.i - 1));
                    add(Value::integer(v.i + 1));
                }
            }
            std::uniform_int_distribution<int> days(day(1960, 1, 1), day(2030, 12, 31));
            if (kind == TypeKind::date)
                for (int i = 0; i < 2; ++i) add(Value::date(days(rng)));
            if (kind == TypeKind::integer || kind == TypeKind::money)
                add(Value::integer(std::uniform_int_distribution<int>(0, 200000)(rng)));
            if (rules_.types.is_optional(type)) add(Value::none());
        }
        // Completions: all of them when few, else a random sample.
        std::vector<std::vector<std::size_t>> tried;
        std::size_t product = 1;
        for (const auto& c : candidates) product = std::min<std::size_t>(product * c.size(), 1u << 20);
        if (product <= 96) {
            std::vector<std::size_t> index(n, 0);
            while (true) {
                tried.push_back(index);
                std::size_t k = 0;
                while (k < n && ++index[k] == candidates[k].size()) index[k++] = 0;
                if (k == n) break;
            }
        } else {
            for (int s = 0; s < 48; ++s) {
                std::vector<std::size_t> index(n);
                for (std::size_t k = 0; k < n; ++k) index[k] = std::uniform_int_distribution<std::size_t>(0, candidates[k].size() - 1)(rng);
                tried.push_back(index);
            }
        }
        auto evaluate = [&](const std::vector<std::size_t>& index) {
            for (std::size_t k = 0; k < n; ++k) *pc.unknowns[k].slot = candidates[k][index[k]];
            ++stats.completions;
            return evaluate_flat(plain_, *pc.kase, pc.checks);
        };
        // The same as a compact key (empty: not a valid case), for the many comparisons of (b) and (c).
        auto evaluate_key_of = [&](const std::vector<std::size_t>& index) {
            for (std::size_t k = 0; k < n; ++k) *pc.unknowns[k].slot = candidates[k][index[k]];
            ++stats.completions;
            return evaluate_key(plain_, *pc.kase, pc.checks);
        };
        auto valid = [](const std::vector<OutputValue>& o) { return !(o.size() == 1 && o[0].path == "ungueltig"); };
        std::vector<std::string> keys;
        for (const auto& index : tried) {
            keys.push_back(evaluate_key_of(index));
            if (iv.fixed.empty()) continue;
            auto out = evaluate(index);
            // An interview that says it is not complete claims no more than its pairs (b).
            if (!valid(out)) continue;
            // (a) fixed outputs
            for (const auto& f : iv.fixed) {
                auto it = std::find_if(out.begin(), out.end(), [&](const OutputValue& o) { return o.path == f.path; });
                INFO("Ausgabe " << f.path << " als fest gemeldet");
                REQUIRE(it != out.end());
                REQUIRE(it->json == f.json);
            }
        }
        std::set<std::string> listed(iv.unchecked.begin(), iv.unchecked.end());  // (c) only claims the others
        for (const auto& f : iv.missing) listed.insert(f.field);
        // (b) each listed fact: a pair differing only in it with different outputs.
        for (const auto& f : iv.missing) {
            std::size_t x = index_of(pc, f.field);
            bool found = false;
            for (std::size_t t = 0; t < tried.size() && t < 16 && !found; ++t) {
                if (keys[t].empty()) continue;
                std::vector<std::size_t> other = tried[t];
                for (std::size_t v = 0; v < candidates[x].size() && !found; ++v) {
                    if (v == tried[t][x]) continue;
                    other[x] = v;
                    auto key = evaluate_key_of(other);
                    found = !key.empty() && key != keys[t];
                }
            }
            if (!found) {
                // The interview's own witness, evaluated plainly.
                std::vector<std::size_t> a(n), b(n);
                for (std::size_t k = 0; k < n; ++k) {
                    a[k] = candidate_index(candidates[k], parse(iv.domains[k][static_cast<std::size_t>(f.witness_index_a[k])], pc.unknowns[k].type, arena), pc, k);
                    b[k] = candidate_index(candidates[k], parse(iv.domains[k][static_cast<std::size_t>(f.witness_index_b[k])], pc.unknowns[k].type, arena), pc, k);
                    if (k != x) REQUIRE(a[k] == b[k]);
                }
                auto oa = evaluate(a), ob = evaluate(b);
                found = valid(oa) && valid(ob) && outcome_key(oa) != outcome_key(ob);
            }
            INFO("gelistete Angabe " << f.field << ": kein Paar gefunden");
            REQUIRE(found);
        }
        // (c) facts not listed change nothing.
        for (std::size_t x = 0; x < n; ++x) {
            if (listed.count(pc.unknowns[x].path)) continue;
            for (std::size_t t = 0; t < tried.size() && t < 8; ++t) {
                if (keys[t].empty()) continue;
                std::vector<std::size_t> other = tried[t];
                for (std::size_t v = 0; v < candidates[x].size(); ++v) {
                    other[x] = v;
                    auto key = evaluate_key_of(other);
                    if (key.empty()) continue;
                    INFO("nicht gelistete Angabe " << pc.unknowns[x].path << " ändert die Ausgaben");
                    if (key != keys[t]) {
                        auto left = evaluate(tried[t]), right = evaluate(other);
                        REQUIRE(outcome_key(left) == outcome_key(right));  // shows the difference
                    }
                    REQUIRE(key == keys[t]);
                }
            }
        }
        for (std::size_t k = 0; k < n; ++k) *pc.unknowns[k].slot = original[k];
    }

private:
    Value parse(const std::string& json, TypeId type, Arena& arena) {
        if (json == "null") return Value::none();
        std::string text = json;
        if (text.size() >= 2 && text.front() == '"') text = text.substr(1, text.size() - 2);
        auto parsed = parse_scalar(rules_, rules_.types.strip_optional(type), text, arena);
        if (!parsed.value) FAIL("Wert " << json << " nicht lesbar: " << parsed.error);
        return *parsed.value;
    }
    bool same(const Value& a, const Value& b, std::size_t, const PartialCase& pc) {
        (void)pc;
        return a.present == b.present && std::memcmp(&a, &b, 8) == 0;
    }
    std::size_t candidate_index(const std::vector<Value>& c, const Value& v, const PartialCase& pc, std::size_t k) {
        TypeKind kind = rules_.types.kind(rules_.types.strip_optional(pc.unknowns[k].type));
        for (std::size_t i = 0; i < c.size(); ++i)
            if (same_value(c[i], v, kind)) return i;
        FAIL("Zeugenwert nicht unter den Kandidaten");
        return 0;
    }
    static std::size_t index_of(const PartialCase& pc, const std::string& path) {
        for (std::size_t k = 0; k < pc.unknowns.size(); ++k)
            if (pc.unknowns[k].path == path) return k;
        FAIL("unbekannte Angabe " << path);
        return 0;
    }

    const Program& program_;
    const RuleSet& rules_;
    Evaluator plain_, search_;
};

// A random case of the bundled rules (the same kind as the timeline test's).
std::string random_case(std::mt19937& rng, std::size_t number) {
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto some_day = [&](DayNumber lo, DayNumber hi) { return lo + pick(0, hi - lo); };
    std::string birth = pick(0, 5) == 0 ? std::to_string(1992 + 4 * pick(0, 3)) + "-02-29"
                                        : iso(day(1990, 1, 1) + pick(0, 17 * 365));
    std::string out =
        "fall: G" + std::to_string(number) + "\nstichtag: " + bundled_case::kStichtage[pick(0, 4)] + "\nperson:\n";
    out += "  geburtsdatum: " + birth + "\n";
    out += std::string("  aufenthaltsstatus: ") + bundled_case::kStatuses[pick(0, 4)] + "\n";
    for (const char* flag : {"anspruch_sgb2", "anspruch_sgb12", "abstimmung_jc_aa", "gefaehrder", "landeseinrichtung",
                             "schulpflichtig", "beschaeftigungsverbot", "erwerbstaetig_oder_in_ausbildung",
                             "hauptschulabschluss"})
        if (pick(0, 6) == 0) out += std::string("  ") + flag + ": true\n";
    if (pick(0, 9) == 0) out += "  altersausnahme: \"Einzelfallentscheidung vom 01.02.2021\"\n";
    if (pick(0, 5) == 0) out += "  kinder: [{geburtsdatum: " + iso(some_day(day(2016, 1, 1), day(2022, 12, 31))) + "}]\n";
    if (pick(0, 4) == 0) {
        DayNumber from = some_day(day(2019, 1, 1), day(2023, 1, 1));
        out += std::string("  leistungen: [{art: ") + (pick(0, 1) ? "sgb2" : "sgb12") + ", von: " + iso(from) +
               ", bis: " + iso(some_day(from, from + 400)) + "}]\n";
    }
    int measures = pick(0, 2);
    if (measures) out += "massnahmen:\n";
    for (int i = 0; i < measures; ++i) {
        out += bundled_case::random_measure(pick, some_day);
        if (pick(0, 2) == 0) out += ", fahrtkosten_monat: " + std::to_string(pick(0, 90)) + ".00";
        if (pick(0, 4) == 0) out += ", kinderbetreuung: true";
        out += "}\n";
    }
    return out;
}

using Verification = SeededVerifier<Verifier, Stats>;

void verify_generated(std::uint32_t seed, std::size_t count) {
    const Program& program = bundled();
    Verification verifier(program, seed);
    for (std::size_t i = 0; i < count; ++i) {
        std::string yaml = random_case(verifier.rng, i);
        Diagnostics diagnostics;
        auto docs = load_partial_cases_yaml(program, std::make_shared<SourceFile>("generiert.yaml", yaml), diagnostics);
        INFO(yaml << render(diagnostics));
        REQUIRE(docs.size() == 1);
        if (!docs[0].data) continue;  // an invalid generated case (never happens with this generator)
        PartialCase& pc = *docs[0].data;
        std::vector<std::string> paths = all_scalar_paths(program.rules, *pc.kase);
        std::shuffle(paths.begin(), paths.end(), verifier.rng);
        paths.resize(std::min<std::size_t>(
            paths.size(), static_cast<std::size_t>(std::uniform_int_distribution<int>(1, 4)(verifier.rng))));
        INFO(yaml);
        verifier.verify(pc, paths);
    }
    CHECK(verifier.stats.cases == count);
    WARN("Fälle " << verifier.stats.cases << ", unbekannte Angaben " << verifier.stats.unknowns << ", gelistet "
                  << verifier.stats.listed << ", steht fest " << verifier.stats.settled << ", nicht vollständig "
                  << verifier.stats.incomplete << ", geprüfte Vervollständigungen " << verifier.stats.completions
                  << ", Zeit Interview ms " << verifier.stats.interview_ns / 1000000 << ", Auswertungen "
                  << verifier.stats.evaluations << ", davon Proben " << verifier.stats.probes);
}


}  // namespace

TEST_CASE("fragen: every rule-test case with 1 to 4 inputs unknown", "[fragen]") {
    const Program& program = bundled();
    Verification verifier(program, 12);
    std::size_t tests = 0;
    for (const RuleTest& test : bundled_rule_tests()) {
        std::string yaml = case_text(test);
        if (yaml.empty()) continue;
        if (test.inline_case.empty()) {  // a case file: the one document the test runs on
            if (!test.case_selector.empty()) {
                // the document whose case id is the selector
                std::string wanted = "fall: " + test.case_selector;
                std::size_t at = yaml.find(wanted);
                if (at == std::string::npos) continue;
                std::size_t begin = yaml.rfind("\n---", at);
                begin = begin == std::string::npos ? 0 : begin + 4;
                std::size_t end = yaml.find("\n---", at);
                yaml = yaml.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
            } else if (yaml.find("\n---") != std::string::npos) {
                continue;
            }
        }
        if (!test.check_date.empty()) yaml = testing::replace_check_date(yaml, test.check_date);
        Diagnostics case_diagnostics;
        auto docs = load_partial_cases_yaml(program, std::make_shared<SourceFile>("regeltest.yaml", yaml), case_diagnostics);
        if (docs.size() != 1 || !docs[0].data || !docs[0].data->unknowns.empty()) continue;  // expected-invalid tests
        ++tests;
        INFO(test.name << "\n" << yaml);
        for (int round = 0; round < 2; ++round) {
            auto again = load_partial_cases_yaml(program, std::make_shared<SourceFile>("regeltest.yaml", yaml), case_diagnostics);
            PartialCase& pc = *again[0].data;
            std::vector<std::string> paths = all_scalar_paths(program.rules, *pc.kase);
            std::shuffle(paths.begin(), paths.end(), verifier.rng);
            paths.resize(std::min<std::size_t>(
                paths.size(), static_cast<std::size_t>(std::uniform_int_distribution<int>(1, 4)(verifier.rng))));
            verifier.verify(pc, paths);
        }
    }
    CHECK(tests >= 140);
    WARN("Regeltests " << tests << ", Prüfungen " << verifier.stats.cases << ", gelistet " << verifier.stats.listed
                       << ", steht fest " << verifier.stats.settled << ", nicht vollständig "
                       << verifier.stats.incomplete);
}

// Eight parts, so that ctest -j runs them side by side.
TEST_CASE("fragen generated cases 1 of 8", "[fragen]") { verify_generated(1201, generated_count() / 8); }
TEST_CASE("fragen generated cases 2 of 8", "[fragen]") { verify_generated(1202, generated_count() / 8); }
TEST_CASE("fragen generated cases 3 of 8", "[fragen]") { verify_generated(1203, generated_count() / 8); }
TEST_CASE("fragen generated cases 4 of 8", "[fragen]") { verify_generated(1204, generated_count() / 8); }
TEST_CASE("fragen generated cases 5 of 8", "[fragen]") { verify_generated(1205, generated_count() / 8); }
TEST_CASE("fragen generated cases 6 of 8", "[fragen]") { verify_generated(1206, generated_count() / 8); }
TEST_CASE("fragen generated cases 7 of 8", "[fragen]") { verify_generated(1207, generated_count() / 8); }
TEST_CASE("fragen generated cases 8 of 8", "[fragen]") {
    verify_generated(1208, generated_count() - 7 * (generated_count() / 8));
}

// The engine API for the web desk: a complete case plus the paths left open in the form.
TEST_CASE("fragen: make_partial_case marks fields (with * for every list position) unknown", "[fragen]") {
    const Program& program = bundled();
    std::string yaml =
        "fall: API-1\nstichtag: 2022-03-15\nperson:\n  geburtsdatum: 1999-05-03\n  aufenthaltsstatus: sonstiger\n"
        "massnahmen:\n  - {baustein: F4, beginn: 2022-03-01, ende: 2022-12-16, eintritt: 2022-03-11, traegerart: vhs, "
        "unterrichtsstunden: 400}\n";
    Diagnostics diagnostics;
    auto docs = load_partial_cases_yaml(program, std::make_shared<SourceFile>("api.yaml", yaml), diagnostics);
    REQUIRE(docs.size() == 1);
    REQUIRE(docs[0].data);
    REQUIRE(docs[0].data->unknowns.empty());
    std::vector<std::string> not_found;
    PartialCase pc = make_partial_case(program.rules, std::move(docs[0].data->kase),
                                       {"person.aufenthaltsstatus", "massnahmen.*.eintritt", "person.gibt_es_nicht"},
                                       docs[0].data->checks, &not_found);
    REQUIRE(pc.unknowns.size() == 2);
    CHECK(pc.unknowns[0].path == "person.aufenthaltsstatus");
    CHECK(pc.unknowns[1].path == "massnahmen.1.eintritt");
    CHECK(not_found == std::vector<std::string>{"person.gibt_es_nicht"});
    Evaluator evaluator(program);
    Interview iv = interview(evaluator, pc);
    CHECK_FALSE(iv.settled);
    // With status „sonstiger“ known the person is in no target group; unknown, it decides.
    auto status = std::find_if(iv.missing.begin(), iv.missing.end(),
                               [](const AskedFact& f) { return f.field == "person.aufenthaltsstatus"; });
    REQUIRE(status != iv.missing.end());
    CHECK(std::find(status->changes.begin(), status->changes.end(), "massnahmen.1.foerderfaehig") != status->changes.end());
    CHECK(status->rule == "zielgruppe.status_passt");
}

// A new measure in the web form: its Baustein is chosen, its three dates are still empty.  The
// date sweeps once used up the whole budget, so no completion was tried and the case was called
// impossible ("keine Vervollständigung ergibt einen gültigen Fall").  Now the dates are asked.
TEST_CASE("fragen: a measure with only its Baustein known asks for its dates", "[fragen]") {
    const Program& program = bundled();
    std::string yaml = "fall: NEU\nstichtag: 2021-03-15\nperson:\n  geburtsdatum: 2001-05-17\n  aufenthaltsstatus: duldung\n"
                       "massnahmen:\n  - baustein: F4\n";
    Diagnostics diagnostics;
    auto docs = load_partial_cases_yaml(program, std::make_shared<SourceFile>("neu.yaml", yaml), diagnostics);
    REQUIRE(docs.size() == 1);
    REQUIRE(docs[0].data);
    Evaluator evaluator(program);
    Interview iv = interview(evaluator, *docs[0].data);
    CHECK(iv.valid);
    CHECK_FALSE(iv.settled);
    std::vector<std::string> asked;
    for (const AskedFact& f : iv.missing) asked.push_back(f.field);
    asked.insert(asked.end(), iv.unchecked.begin(), iv.unchecked.end());
    for (const char* field : {"massnahmen.1.beginn", "massnahmen.1.ende", "massnahmen.1.eintritt"})
        CHECK(std::find(asked.begin(), asked.end(), field) != asked.end());
}

// Why a fact is asked, in plain German from the outputs' labels (not their paths): an instance is
// named by its record's label, position and enum code — not by a code that is itself unknown.
TEST_CASE("fragen: the reason names results by their labels", "[fragen]") {
    const Program& program = bundled();
    Evaluator evaluator(program);
    auto reason_of = [&](const std::string& baustein, const std::string& field) {
        std::string yaml = "fall: R-1\nstichtag: 2022-03-15\nperson:\n  geburtsdatum: 1999-05-03\n  aufenthaltsstatus: unbekannt\n"
                           "massnahmen:\n  - {baustein: " + baustein + ", beginn: 2022-03-01, ende: 2022-12-16, eintritt: 2022-03-11, "
                           "traegerart: vhs, unterrichtsstunden: 400}\n";
        Diagnostics diagnostics;
        auto docs = load_partial_cases_yaml(program, std::make_shared<SourceFile>("r.yaml", yaml), diagnostics);
        REQUIRE(docs.size() == 1);
        REQUIRE(docs[0].data);
        Interview iv = interview(evaluator, *docs[0].data);
        for (const auto& f : iv.missing)
            if (f.field == field) return f.reason;
        FAIL("nicht gefragt: " << field);
        return std::string();
    };
    std::string known = reason_of("F4", "person.aufenthaltsstatus");
    CHECK(known.rfind("entscheidet, ob Maßnahme 1 (F4) förderfähig ist (auch über „Zielgruppe bei Eintritt“", 0) == 0);
    CHECK(known.find("massnahmen.1") == std::string::npos);
    std::string unknown = reason_of("unbekannt", "massnahmen.1.baustein");
    CHECK(unknown.rfind("entscheidet, ob Maßnahme 1 förderfähig ist", 0) == 0);
    CHECK(unknown.find("(F") == std::string::npos);
}

// The web desk gives the interview a time limit: past it the search stops and says the answer
// is not complete, instead of holding a thread (a form with hundreds of measures took seconds).
TEST_CASE("fragen: past its deadline the interview stops and says it is not complete", "[fragen]") {
    const Program& program = bundled();
    std::string yaml = "fall: GROSS\nstichtag: 2021-03-15\nperson:\n  geburtsdatum: 2001-05-17\n  aufenthaltsstatus: duldung\n"
                       "massnahmen:\n";
    for (int i = 0; i < 40; ++i) yaml += "  - baustein: F4\n";
    Diagnostics diagnostics;
    auto docs = load_partial_cases_yaml(program, std::make_shared<SourceFile>("gross.yaml", yaml), diagnostics);
    REQUIRE(docs.size() == 1);
    REQUIRE(docs[0].data);
    Evaluator evaluator(program);
    InterviewOptions options;
    options.deadline = std::chrono::steady_clock::now();
    Interview iv = interview(evaluator, *docs[0].data, options);
    CHECK_FALSE(iv.complete);
    CHECK_FALSE(iv.settled);
    CHECK(iv.valid);
    CHECK_FALSE(iv.notes.empty());
}
