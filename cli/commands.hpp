// The subcommands of `klappt`.  Each registers its options on the CLI11 app
// and runs against the engine; none holds rule logic.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace klappt::cli {

// Exit codes shared by every command.
enum ExitCode : int {
    kOk = 0,
    kFindings = 1,      // the command ran and found something (violations, failing tests)
    kInvalidInput = 2,  // a case, rule file or option could not be used
    kInternal = 3,
};

// A registered subcommand and the function that runs it after parsing.
struct Command {
    CLI::App* app;
    std::function<int()> run;
};

// A subcommand with German help texts.
inline CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& description) {
    CLI::App* cmd = parent.add_subcommand(name, description);
    cmd->set_help_flag("-h,--help", "diese Hilfe anzeigen");
    return cmd;
}

Command add_check_command(CLI::App& app);
Command add_rules_command(CLI::App& app);
Command add_zeitachse_command(CLI::App& app);
Command add_weiterleitung_command(CLI::App& app);
Command add_test_command(CLI::App& app);
Command add_batch_command(CLI::App& app);
Command add_report_command(CLI::App& app);
Command add_lint_command(CLI::App& app);  // authoring: klappt lint
Command add_fmt_command(CLI::App& app);   // authoring: klappt fmt
Command add_diff_command(CLI::App& app);  // authoring: klappt diff
Command add_docs_command(CLI::App& app);  // authoring: klappt docs
Command add_fragen_command(CLI::App& app);  // fragen_command.cpp (issue 12)
Command add_protokoll_command(CLI::App& app);  // Prüfprotokoll (issue 11)
Command add_replay_command(CLI::App& app);     // Prüfprotokoll (issue 11)
Command add_web_command(CLI::App& app);
Command add_vorlage_command(CLI::App& app);  // a case template to fill in

}  // namespace klappt::cli
