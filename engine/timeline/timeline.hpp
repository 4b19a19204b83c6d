// Timelines: for each series the rule set declares (regelwerk.yaml `zeitachse`),
// the windows of days T on which a rule holds — e.g. "an entry into F4 on day T
// would be fundable" — with the reason for every window boundary, and the
// deadlines that follow from the case.
//
// Windows come from change points, not from evaluating every day: each probe
// at a day T yields the result and the period around T in which nothing the
// result depends on can change (Evaluator::probe); the next probe starts the
// day after.  A brute-force test compares this with day-by-day evaluation.
#pragma once

#include <string>
#include <vector>

#include "engine/runtime/evaluator.hpp"

namespace klappt {

struct TimelineWindow {
    DayNumber from = 0, to = 0;  // inclusive
    std::string from_reason, to_reason;
    // For a series of an enum output (e.g. full or pro-rata Pauschale): the value on these
    // days, its code and label; empty for a bool series.
    std::string value, value_label;
};

// The windows of one row, and why there are none when there are none.
struct TimelineRow {
    std::vector<TimelineWindow> windows;
    std::string empty_reason;  // „nicht erfüllt: …“, from the trace of the days without window
};

struct TimelineSeries {
    std::string name;   // the declaration's name, e.g. "bausteine"
    std::string label;  // the rule's label
    struct Row {
        std::string key;    // enum value (e.g. "F4"), or "" for a series without key
        std::string label;  // enum value label
        std::vector<TimelineWindow> windows;
        std::string empty_reason;  // see TimelineRow
    };
    std::vector<Row> rows;
    bool keyed = false;
    // For a series of an enum output: its values (code, label) in declaration order.
    std::vector<std::pair<std::string, std::string>> values;
};

struct Deadline {
    DayNumber date = 0;
    std::string what;
    std::int64_t days_left = 0;
};

// A date the rule set declares for the case (regelwerk.yaml `zeitachse: daten:`): a marker
// on the chart, and a deadline when it matters to the person (`frist`).
struct TimelineDate {
    DayNumber date = 0;
    std::string what;
    bool deadline = false;
};

struct Timeline {
    std::string case_id;
    DayNumber check_date = 0;
    DayNumber from = 0, to = 0;
    std::vector<TimelineSeries> series;
    std::vector<TimelineDate> dates;  // every declared date, sorted
    std::vector<Deadline> deadlines;  // from the check date on, sorted: declared deadlines and window ends
    std::size_t probes = 0;           // evaluations needed (for benchmarks)
};

// Computes every declared series over [from, to] and the deadlines after the check date.
// May throw EvaluationError.
Timeline compute_timeline(Evaluator& evaluator, const Case& kase, DayNumber from, DayNumber to);

// One series row, by probing.
TimelineRow timeline_row(Evaluator& evaluator, const Case& kase, const TimelineDeclaration& decl, const Value& key,
                         DayNumber from, DayNumber to, std::size_t* probes = nullptr);

// The windows of one series row, by probing (exposed for tests).
std::vector<TimelineWindow> timeline_windows(Evaluator& evaluator, const Case& kase, const TimelineDeclaration& decl,
                                             const Value& key, DayNumber from, DayNumber to, std::size_t* probes = nullptr);

// Day-by-day evaluation of the same question (the reference the brute-force test compares with).
std::vector<TimelineWindow> timeline_windows_by_day(Evaluator& evaluator, const Case& kase,
                                                    const TimelineDeclaration& decl, const Value& key, DayNumber from,
                                                    DayNumber to);

std::string timeline_json(const Timeline& timeline);
std::string timeline_text(const Timeline& timeline);
std::string timeline_svg(const Timeline& timeline);

}  // namespace klappt
