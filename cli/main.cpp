// klappt — rules engine and funding calculator for „Durchstarten in Ausbildung
// und Arbeit“ and „Gemeinsam klappt’s“ (NRW).
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"

#ifndef KLAPPT_VERSION
#define KLAPPT_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
    CLI::App app{"klappt — Förderprüfung „Durchstarten in Ausbildung und Arbeit“ / „Gemeinsam klappt’s“ (NRW)",
                 "klappt"};
    app.set_help_flag("-h,--help", "diese Hilfe anzeigen");
    app.set_version_flag("--version", std::string("klappt ") + KLAPPT_VERSION);
    app.require_subcommand(1);
    app.footer("Hilfe zu einem Befehl: klappt BEFEHL --help");

    std::vector<klappt::cli::Command> commands = {
        klappt::cli::add_check_command(app),
        klappt::cli::add_rules_command(app),
        klappt::cli::add_zeitachse_command(app),
        klappt::cli::add_weiterleitung_command(app),
        klappt::cli::add_test_command(app),
        klappt::cli::add_batch_command(app),
        klappt::cli::add_report_command(app),
    };

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : klappt::cli::kInvalidInput;
    }
    try {
        for (auto& command : commands)
            if (command.app->parsed()) return command.run();
    } catch (const std::exception& e) {
        std::cerr << "klappt: interner Fehler: " << e.what() << "\n";
        return klappt::cli::kInternal;
    }
    return klappt::cli::kOk;
}
