// Checking cases given as io.md YAML (or the same structure as JSON, which is
// YAML too) exactly as `klappt check --json` does: one JSON line per case, the
// result of a valid case, `{"fall", "fehler": [...]}` for an invalid one.  The
// pages, the API and the stored cases all go through here, so the desk shows
// what the command line prints.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/result/case_runner.hpp"
#include "engine/runtime/case_data.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {
class Evaluator;
}

namespace klappt::web {

struct CheckedCase {
    std::string id;
    bool valid = false;               // evaluated without errors
    std::string json;                 // one line, no newline: result or error object
    // The same result with the explanation (verdict, calculation lines, deciding reasons:
    // `klappt check --json --erklaerung`), when asked for; what the pages render.
    std::string explained_json;
    std::vector<FieldError> errors;   // field paths as io.md names them (massnahmen.1.beginn)
};

struct CheckRun {
    std::vector<CheckedCase> cases;
    std::string file_problem;  // German text when the input as a whole could not be read (no case in it)
    bool all_valid() const;
    std::string json_lines() const;  // what `klappt check --json` prints
};

// How much of the result to render: the io.md result only (the API: byte for byte what
// `klappt check --json` prints, and fast), or also with its explanation (the pages; the
// evaluation is traced, which costs more).
enum class Detail { result, explained };

// `name` is used in messages (e.g. "Fall.yaml"); `check_date` replaces every case's Stichtag.
CheckRun check_cases(const Program& program, const std::string& text, const std::string& name,
                     std::optional<DayNumber> check_date = std::nullopt, Detail detail = Detail::result);

// The case runner of the calling thread (evaluators are not shared between threads and
// are costly to build, so each server thread keeps one per rule set), and its evaluator
// for what evaluates further (timelines, the interview).
CaseRunner& thread_runner(const Program& program);
Evaluator& thread_evaluator(const Program& program);

}  // namespace klappt::web

namespace klappt::web {

// `klappt zeitachse --json` for the cases of a YAML text (the rule set's default period):
// one JSON line per case; `svg`/`text` of the first valid case when asked for.
struct TimelineRun {
    std::string json_lines;
    std::string svg, text;      // of the first valid case
    std::string file_problem;
    bool all_valid = true;
};
TimelineRun timelines(const Program& program, const std::string& text, const std::string& name);

}  // namespace klappt::web
