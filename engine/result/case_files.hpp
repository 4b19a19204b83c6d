// The loop over the cases of files that `klappt check`, `zeitachse` and `report` share:
// every case of YAML files (and CSV files, one row per case, as klappt batch reads them),
// one at a time and in order, run through the case runner.  Memory does not grow with the
// files.  What goes wrong is said through `message` (file:line, the case, the field) and
// the case or file is handed to `invalid` or `unreadable`; the other cases still run.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result/case_runner.hpp"

namespace klappt {

struct CaseFileRun {
    ResultDetail detail;                   // what each result holds
    std::optional<DayNumber> check_date;   // replaces every case's check date (--stichtag)
    bool reads_csv = false;                // files ending in .csv are CSV cases

    // An evaluated case.  The case may be changed (ways to eligibility try variations of it)
    // once the result has been rendered; the runner's evaluator may be used for further
    // evaluation of it (report counts, timelines).
    std::function<void(const CaseResult&, Case&)> evaluated;
    // A case that cannot be evaluated (invalid input or an evaluation error), after its
    // message; `message` is the evaluation error's text, or "" for invalid input.
    std::function<void(const std::string& id, const std::vector<FieldError>& errors, const std::string& message)> invalid;
    // Optional: the case's YAML document as given, just before it is run (Prüfprotokoll).
    std::function<void(std::string_view text)> document;
    // A file that could not be read at all (missing, a folder, empty), after its message.
    std::function<void(const std::string& path)> unreadable;
    // A message for the person running it (stderr): rendered diagnostics, row errors.
    // `about_file` marks messages about a whole file, which a command prefixes with its name.
    std::function<void(const std::string& text, bool about_file)> message;
};

// Runs every case of `files`; returns whether every file and every case could be evaluated.
// An EvaluationError thrown by `evaluated` (further evaluation) counts as that case's error.
bool run_case_files(CaseRunner& runner, const std::vector<std::string>& files, const CaseFileRun& run);

}  // namespace klappt
