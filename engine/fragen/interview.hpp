// The minimal interview (`klappt fragen`, the web desk's form): for a partial case,
// which outputs are already fixed, which are still open, and exactly which unknown
// facts can still change an output — in a sensible order, each with why.
//
// How it is exact.  Every unknown gets a finite set of representative values such
// that any other value behaves like one of them: bool and enum values all (and
// "not set" for optional ones); dates one day per stable period, found by the
// evaluator's tracking mode with that date as the varied day T (the same machinery
// as timelines: comparisons yield the day their outcome flips, ages of a birth date
// the day a birthday crosses a boundary); numbers and texts the values they are
// compared with, and one either side.  Then completions are explored as a decision
// tree: an evaluation that did not read an unknown holds for all its values, so only
// unknowns that are read are branched on.  A fact is listed iff two completions
// that differ only in it give different outputs (the tree yields such a pair), and
// an output is fixed iff every completion gives it the same value.
//
// Where this would need an unbounded search — a date on which some output changes
// nearly every day beyond the probe budget, a number used in arithmetic before it is
// compared, more completions than the budget — the interview says so (`vollstaendig:
// false` and a German note) instead of guessing.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "engine/runtime/evaluator.hpp"
#include "engine/input/partial_case.hpp"

namespace klappt {

struct InterviewOptions {
    std::size_t max_evaluations = 1500;  // completions and probes together
    std::size_t sweep_probes = 32;        // probes per date sweep before it counts as "changes daily"
    DayNumber earliest = -25567;          // dates searched: 1900-01-01 …
    DayNumber latest = 47846;             // … 2100-12-31
    // A wall-clock limit as well (the web desk: a form with hundreds of measures must not hold a
    // thread for seconds); reaching it cuts the search like the evaluation budget does.
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// One output value (a path into the result, e.g. massnahmen.1.foerderfaehig) as JSON text.
struct OutputValue {
    std::string path;
    std::string json;
};

struct AskedFact {
    std::string field;                 // person.anspruch_sgb2
    std::string label;                 // Anspruch auf Leistungen nach SGB II
    std::vector<std::string> changes;  // the outputs it can change (paths)
    std::string rule, rule_label, source;  // the rule that reads it (qualified name, text, legal source)
    std::string reason;                // German: why it is asked
    // A witness: two completions (values of every unknown, JSON) that differ only in this
    // fact and give different outputs.
    std::vector<OutputValue> witness_a, witness_b;
    std::vector<int> witness_index_a, witness_index_b;  // the same as indexes into Interview::domains
};

struct Interview {
    std::string case_id;
    bool settled = false;               // steht_fest: no unknown can change any output
    std::vector<AskedFact> missing;     // fehlend, in the order to ask
    std::vector<OutputValue> fixed;     // outputs with the same value in every completion
    std::vector<std::string> open;      // outputs that still depend on unknowns
    std::vector<std::string> not_needed;  // unknown facts that change no output
    std::vector<std::string> unchecked;   // the search was cut before these could be decided
    std::string result_json;            // io.md result (one JSON object) when settled
    bool complete = true;               // false: some search was cut (see notes)
    std::vector<std::string> notes;     // German, where exactness was not reached
    bool valid = true;                  // false: no completion is a valid case
    std::string invalid_reason;
    std::size_t evaluations = 0;
    std::size_t probes = 0;  // of them, probes of date sweeps
    // The representative values tried per unknown (JSON), for tests and explanations.
    std::vector<std::vector<std::string>> domains;
};

// Computes the interview of `partial`.  The case's unknown slots are overwritten while
// searching and restored afterwards.  May throw EvaluationError only for errors that
// occur in every completion.
Interview interview(Evaluator& evaluator, PartialCase& partial, const InterviewOptions& options = {});

// `{"fall": ID, "steht_fest": bool, "fehlend": [{"feld", "aendert", "grund", …}], "ergebnis": {…}|null, …}`
std::string interview_json(const Interview& interview);

// German text for caseworkers.
std::string interview_text(const Interview& interview);

// --- building blocks shared with `check --wege` and the brute-force test -----------

// Every output of the current evaluation (after Evaluator::start or start_watched) as
// path → JSON, flattened through records and module values (lists of module values by
// position); evaluation errors and invalid cases become a single `fehler` entry.
std::vector<OutputValue> flat_outputs(Evaluator& evaluator, bool watched);

// Evaluates `kase` as it is (plain mode) and returns its flat outputs, or a single
// `ungueltig` entry when a record check fails.
std::vector<OutputValue> evaluate_flat(Evaluator& evaluator, const Case& kase, const std::vector<PendingCheck>& checks);

// The same evaluation as a compact byte string: equal strings, equal outputs (faster to
// compare than JSON); empty when a record check fails.
std::string evaluate_key(Evaluator& evaluator, const Case& kase, const std::vector<PendingCheck>& checks);

// A value of `type` as JSON text (for domains and witnesses).
std::string value_json(const Program& program, const Value& v, TypeId type);

}  // namespace klappt
