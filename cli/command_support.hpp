// Steps every case-evaluating command shares, so they say things the same way:
// declaring and reading the options --rules and --stichtag, finding and loading the
// rule set with its diagnostics, whether --stichtag can be applied, and reading a
// file the command was given.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/source.hpp"
#include "engine/result/case_files.hpp"
#include "engine/runtime/case_data.hpp"
#include "engine/runtime/program.hpp"

namespace CLI {
class App;
}

namespace klappt::cli {

// --rules VERZEICHNIS, and the positional DIR of the commands about a rule set itself (lint,
// docs): the rule folder, "" for the bundled one (rules_directory reads it).
void add_rules_option(CLI::App& command, std::string& rules_dir);
void add_rules_argument(CLI::App& command, std::string& rules_dir);

// --stichtag DATUM: replaces the check date of every case (date_option reads it).
void add_check_date_option(CLI::App& command, std::string& check_date);

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

// What every command that evaluates case files is given: the files, --rules and --stichtag.
struct CaseFileOptions {
    std::vector<std::string> files;
    std::string rules_dir;
    std::string check_date;
};

// What such a command evaluates with: the rule set, and the --stichtag that replaces every
// case's check date (nullopt: each case keeps its own).
struct CaseRules {
    std::shared_ptr<const Program> program;
    std::optional<DayNumber> check_date;
};

// Reads --stichtag, loads the rule set of --rules and checks that it names a check date
// --stichtag can replace — in that order, each saying what is wrong; nullopt then.
std::optional<CaseRules> load_case_rules(const std::string& command, const CaseFileOptions& options);

// A file the command was given (a case file, a rule test, a rule file); null after
// „klappt COMMAND: why“ on stderr when it cannot be read.
SourceRef read_input_file(const std::string& command, const std::string& path);

// Runs every case of `files` through `runner` (engine/result/case_files.hpp), with the
// messages on stderr — those about a whole file prefixed „klappt COMMAND: “.  Returns
// whether every file and every case could be evaluated.
bool run_cases(const std::string& command, CaseRunner& runner, const std::vector<std::string>& files, CaseFileRun run);

}  // namespace klappt::cli
