// Rule tests: YAML files next to the rules (rules/tests/*.yaml) that give a
// case, the check date and the expected outputs — including the rules that are
// expected to fail — and the runner that evaluates and compares them.
//
// A test file is a list of tests, or a mapping with `vorlage` (a case every
// inline case is merged onto) and `tests`:
//
//   vorlage:
//     stichtag: 2021-03-15
//     person: {geburtsdatum: 2001-05-17, aufenthaltsstatus: duldung}
//   tests:
//     - name: f4_eintritt_57_tag
//       beschreibung: "…"                 # optional
//       stichtag: 2021-03-15              # optional: replaces the case's check date
//       fall: {massnahmen: [...]}         # inline (merged onto vorlage), or
//       datei: ../../examples/x.yaml      # a case file (relative to the test file; `kennung:` picks a case)
//       parameter: {p4_je_ustd: 40.00}    # optional: parameter values for this test only
//       erwartet:
//         zielgruppe: haupt               # any output of the rule set, by name
//         massnahmen:
//           - betrag: 8962.50             # list items in order; only the keys given are compared
//             nicht_erfuellt: [zielgruppe.alter_passt]   # exactly the failed rules of the reasons
//             erfuellt: [f4.nicht_schulpflichtig]        # these rules are among the fulfilled ones
//             ausnahmen: [zielgruppe.alter_passt]        # exactly the rules decided by an exception
//         bericht.aufgenommen: true        # a definition of a module without parameters
//         fehler: [massnahmen.1]           # the case is invalid, with errors at these fields
//
// Names and types come from the rule set; nothing here knows a Baustein.
#pragma once

#include <map>
#include <set>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

// An expected value as written in the test file (no yaml-cpp type leaks out of the loader).
struct Expectation {
    enum class Kind { null, scalar, map, list };
    Kind kind = Kind::null;
    std::string text;                                     // scalar
    // A map, in file order: keys, their expectations and where each key is written.
    // (Parallel vectors: a pair holding the still incomplete Expectation is not portable.)
    std::vector<std::string> keys;
    std::vector<Expectation> values;
    std::vector<Span> key_spans;
    std::vector<Expectation> items;                       // list
    Span span;
};

struct RuleTest {
    std::string name;
    std::string description;
    SourceRef file;
    Span span;  // the test's `name:` — FAIL lines point here

    // The case: inline YAML (already merged with the file's vorlage) or a case file.
    std::string inline_case;                      // YAML text for the case loader; empty for `datei`
    std::map<std::string, Span> inline_spans;     // field path → where it is written in the test file
    Span case_span;
    std::string case_file;                        // resolved path
    std::string case_selector;                    // `kennung`
    std::string check_date;                       // override, as written
    Span check_date_span;
    std::vector<std::tuple<std::string, std::string, Span>> parameters;  // name, value, where
    Expectation expected;
};

// A value in a test's `erwartet` that `klappt test --update` can overwrite with what the
// rules compute now: where the written value starts and its new text (YAML).
struct ExpectationUpdate {
    Span span;         // begin: the first character of the written value
    std::string text;  // e.g. 8962.50, 2021-08-31, haupt, [zielgruppe.alter_passt]
};

struct RuleTestResult {
    bool passed = false;
    std::vector<std::string> mismatches;  // "massnahmen.1.betrag: erwartet 9.000,00 €, ist 8.962,50 €"
    std::vector<ExpectationUpdate> updates;  // one per mismatch that can be written back
    bool updatable = true;                   // false when a mismatch cannot be (a list of another length …)
};

// Which rules the tests made true and which false, and which exceptions applied or not
// (`klappt test --abdeckung`): a condition no test decides both ways is untested.
struct RuleCoverage {
    struct Seen {
        bool yes = false, no = false;
    };
    std::map<std::pair<std::uint32_t, std::uint32_t>, Seen> rules;  // (module, definition)
    // (module, definition, exception index): applied (yes) or checked and not applied (no)
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, Seen> exceptions;
    std::set<std::pair<std::uint32_t, std::uint32_t>> evaluated;  // every definition a test's outputs were computed from
};

// Reads the tests of one file; malformed tests become diagnostics and are left out.
std::vector<RuleTest> load_rule_tests(const SourceRef& file, Diagnostics& diagnostics);

// Runs tests against one rule set.  Problems of a test itself (an unknown output name, an
// invalid case, an unreadable case file) are diagnostics, and such a test does not pass.
class RuleTestRunner {
public:
    explicit RuleTestRunner(std::shared_ptr<const Program> program);
    ~RuleTestRunner();
    RuleTestResult run(const RuleTest& test, Diagnostics& diagnostics);
    // From now on, every run records into `coverage` (evaluates with a trace).
    void record_coverage(RuleCoverage* coverage);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The text of a test file with the given values replaced (each update's span begins at a
// written value; its end is found here: a quoted or bracketed value, or a plain one up to a
// comment, the line end or — inside […] / {…} — the next „,“).  Everything else, comments
// included, stays as it is.
std::string apply_expectation_updates(std::string_view text, std::vector<ExpectationUpdate> updates);

// The test files of a rule set: every *.yaml below `<rules>/tests`, sorted.
std::vector<std::string> rule_test_files(const std::string& rules_directory);

}  // namespace klappt
