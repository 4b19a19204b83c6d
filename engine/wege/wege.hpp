// What would make it work (`klappt check --wege`, the web desk): for every output the rule set
// marks with `besser` whose value is not the better one (a measure that is not fundable) or
// could be better (a reduced amount), the smallest changes of the facts the rule set marks as
// `hebel` that would change that — and none of any other fact.
//
// How.  Each lever is tried on its own first, the others as in the case: bool and enum levers
// with every other value (and „not set“ when optional), texts with an empty one, a sample
// text and the values the rules compare them with, numbers with the values they are compared
// with (and one either side); a date lever is swept over every day by the evaluator's
// tracking mode (the same change points as timelines and `klappt fragen`), which yields the
// periods of days with the same result — the days that work are stated as a range, and the
// range nearest to the date in the case is chosen.  A bool output wants its better value; a
// number the best value any one lever reaches.  No suggestion may make another `besser`
// output worse.  Only where no single lever works are pairs of levers tried, and only those
// where the second lever is read once the first has changed (otherwise it cannot matter);
// the search is bounded and says so when it was cut.
//
// Every suggestion is verified before it is returned: the case is changed and evaluated
// plainly (not in tracking mode), and the promised result must hold — at both ends of a
// range of days — with no `besser` output worse than before.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "engine/input/case_loader.hpp"
#include "engine/runtime/evaluator.hpp"

namespace klappt {

struct WegeOptions {
    std::size_t max_evaluations = 20000;  // for one case, all levers and pairs together
    std::size_t max_sweep_probes = 3000;  // per sweep of a date lever (a day each where results change daily)
    std::size_t max_pairs_per_goal = 3;   // combinations shown per goal
    DayNumber earliest = -25567;          // dates searched: 1900-01-01 …
    DayNumber latest = 47846;             // … 2100-12-31
    // A wall-clock limit (the web desk): past it the search stops and says it is not complete.
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// One changed lever.
struct WegAenderung {
    std::string field;        // massnahmen.1.eintritt
    std::string label;        // Eintritt der Person (with „(Maßnahme 2)“ when the case has several)
    std::string before_json, after_json;  // the value in the case, the value verified
    std::string before_text, after_text;  // German
    bool is_date = false;
    // Dates: the days that work, as found by the sweep (JSON date, or "null": open).
    std::string from_json = "null", to_json = "null";
    std::string from_text, to_text;  // German, empty when open
    std::string text;  // „bei Eintritt der Person bis 07.03.2022 (bisher 15.05.2022)“
};

// A result that changes with a way (the goal first, then the other outputs of its instance).
struct WegWirkung {
    std::string path;
    std::string label;
    std::string before_json, after_json;
    std::string before_text, after_text;
};

struct Weg {
    std::string goal;        // massnahmen.1.foerderfaehig
    std::string goal_label;  // Maßnahme 1 (F4): förderfähig
    std::vector<WegAenderung> changes;  // one lever, or two (a combination)
    std::vector<WegWirkung> effects;    // goal first; at a range of days only what holds on every day of it
    std::string text;                   // one German sentence
};

struct WegeZiel {
    std::string path;       // massnahmen.1.foerderfaehig
    std::string container;  // Maßnahme 1 (F4) ("" at the top level)
    std::string label;      // förderfähig
    std::string value_json, value_text;
    std::string state;      // „nicht förderfähig“, „Betrag 1.200,00 €“
    std::string heading;    // „Maßnahme 1 (F4): nicht förderfähig“
    std::vector<Weg> ways;  // single levers first, then combinations
};

struct Wege {
    std::string case_id;
    std::vector<WegeZiel> goals;  // outputs not at their better value, or with a way to a better one
    bool complete = true;         // false: some search was cut (see notes)
    std::vector<std::string> notes;  // German
    std::size_t evaluations = 0;
    std::size_t levers = 0;       // lever fields in the case
};

// The ways for `kase` (complete, valid).  `checks` are its record checks (pending_record_checks).
// The case's lever values are changed while searching and restored afterwards.
Wege wege(Evaluator& evaluator, Case& kase, const std::vector<PendingCheck>& checks, const WegeOptions& options = {});

// The members added to an io.md result: `"wege": [...], "ohne_weg": [...], "wege_vollstaendig": …,
// "wege_hinweise": [...]` (no braces).  `ohne_weg` only when the search ran to its end.
std::string wege_json_members(const Wege& wege);
// The same as one object with "fall".
std::string wege_json(const Wege& wege);
// German text for caseworkers (a block after the case's summary).
std::string wege_text(const Wege& wege);

// The goals of one instance (a measure, or the case itself) together, as every view shows
// them: Wege::goals[begin, end) under one heading („Maßnahme 1 (F4): nicht förderfähig“).
struct WegeGruppe {
    std::size_t begin = 0, end = 0;
    std::string heading;
};
std::vector<WegeGruppe> goal_groups(const Wege& wege);
// The line for goal `goal` of `group` when it has no way (German).
std::string no_way_text(const Wege& wege, const WegeGruppe& group, std::size_t goal);

}  // namespace klappt
