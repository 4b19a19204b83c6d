// Steps every case-evaluating command shares, so they say things the same way:
// reading a date option, finding and loading the rule set with its diagnostics,
// and whether --stichtag can be applied.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/runtime/case_data.hpp"
#include "engine/runtime/program.hpp"

namespace klappt::cli {

// A date given as an option (--stichtag, --von, --bis); prints a message and sets `ok` to
// false when it is not a valid date.  nullopt when the option was not given.
std::optional<DayNumber> date_option(const std::string& command, const std::string& option, const std::string& text,
                                     bool& ok);

// --rules DIR, or the bundled rule set (optionally one of its sub-folders, e.g. "finanzen").
std::filesystem::path rules_directory(const std::string& option, const std::string& bundled_subfolder = "");

// Loads the rule set and prints its diagnostics; null (after a closing line) when it has errors.
std::shared_ptr<const Program> load_rules(const std::string& command, const std::filesystem::path& directory);

// Whether the rule set names a check date that --stichtag can replace (prints why not).
bool accepts_check_date(const std::string& command, const Program& program);

// What a command does with the cases of its files.
struct CaseVisitor {
    // A valid case, --stichtag already applied; may throw EvaluationError.
    std::function<void(Case&)> evaluate;
    // A case that cannot be evaluated (invalid input or an evaluation error), after its
    // message went to stderr; `message` is the evaluation error's text, or "" for invalid input.
    std::function<void(const std::string& id, const std::vector<FieldError>& errors, const std::string& message)> invalid;
    // Optional: the case's YAML document as given, called just before `evaluate` (Prüfprotokoll).
    std::function<void(std::string_view text)> document;
    // A file that could not be read at all (missing, a folder, empty), after its message went to stderr.
    std::function<void(const std::string& path)> unreadable;
    // The command also reads case files ending in .csv as klappt batch does (one row per
    // case, columns named by input paths), streamed row by row.
    bool reads_csv = false;
};

// Every case of the given YAML files (and CSV files, with visitor.reads_csv), one case at a time and in order.  Unreadable
// files, invalid cases and evaluation errors are reported on stderr (file:line, the case,
// the field) and handed to `visitor.invalid`; the others are still evaluated.  Returns
// whether every file and every case could be evaluated.
bool for_each_case(const std::string& command, const Program& program, const std::vector<std::string>& files,
                   std::optional<DayNumber> check_date, const CaseVisitor& visitor);

}  // namespace klappt::cli
