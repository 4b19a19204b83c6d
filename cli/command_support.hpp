// Steps every case-evaluating command shares, so they say things the same way:
// reading a date option, finding and loading the rule set with its diagnostics,
// and whether --stichtag can be applied.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/result/case_files.hpp"
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

// Runs every case of `files` through `runner` (engine/result/case_files.hpp), with the
// messages on stderr — those about a whole file prefixed „klappt COMMAND: “.  Returns
// whether every file and every case could be evaluated.
bool run_cases(const std::string& command, CaseRunner& runner, const std::vector<std::string>& files, CaseFileRun run);

}  // namespace klappt::cli
