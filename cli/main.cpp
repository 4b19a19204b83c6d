// klappt — rules engine and funding calculator for „Durchstarten in Ausbildung
// und Arbeit“ and „Gemeinsam klappt’s“ (NRW).
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/lsp_command.hpp"
#include "cli/stdout_check.hpp"

namespace {

// CLI11 writes its own messages in English; say the usual ones in German (by their
// wording, which is stable, rather than by error class, which differs for subcommands).
std::string german_usage_error(const CLI::App*, const CLI::Error& e) {
    std::string what = e.what(), text;
    auto after_colon = [&]() { return what.find(": ") == std::string::npos ? what : what.substr(what.find(": ") + 2); };
    if (what.find("subcommand is required") != std::string::npos || what.find("subcommands") != std::string::npos)
        text = "ein Befehl fehlt";
    else if (what.find(" is required") != std::string::npos)
        text = "Pflichtangabe fehlt: " + what.substr(0, what.find(" is required"));
    else if (what.find(" missing") != std::string::npos && what.find(": ") != std::string::npos)
        text = "Wert fehlt: " + what.substr(0, what.find(": "));
    else if (what.find("not expected") != std::string::npos)
        text = "unbekannte Angabe: " + after_colon();
    else if (std::size_t range = what.find(" not in range "); range != std::string::npos) {
        // „--threads: Value 0 not in range 1 to 1024“
        std::string option = what.find(": ") < range ? what.substr(0, what.find(": ")) : "";
        std::size_t value_at = what.rfind("Value ", range);
        std::string value = value_at == std::string::npos ? "" : what.substr(value_at + 6, range - value_at - 6);
        std::string bounds = what.substr(range + 14);
        if (std::size_t to = bounds.find(" to "); to != std::string::npos) bounds.replace(to, 4, " bis ");
        text = "ungültiger Wert „" + value + "“" + (option.empty() ? "" : " für " + option) + "; erlaubt: " + bounds;
    } else if (std::size_t in = what.find(" not in {"); in != std::string::npos) {
        // „--format: xlsx not in {jsonl,csv}“
        std::size_t colon = what.find(": ");
        std::string option = colon < in ? what.substr(0, colon) : "";
        std::string value = colon < in ? what.substr(colon + 2, in - colon - 2) : what.substr(0, in);
        std::string allowed = what.substr(in + 9);
        if (!allowed.empty() && allowed.back() == '}') allowed.pop_back();
        for (std::size_t comma = allowed.find(','); comma != std::string::npos; comma = allowed.find(',', comma + 2))
            allowed.replace(comma, 1, ", ");
        text = "ungültiger Wert „" + value + "“" + (option.empty() ? "" : " für " + option) + "; erlaubt: " + allowed;
    } else if (what.find("not in range") != std::string::npos || what.find("could not be converted") != std::string::npos ||
             what.find("Value") != std::string::npos)
        text = "ungültiger Wert (" + what + ")";
    else
        text = what;
    return "klappt: " + text + "\n(Hilfe: klappt --help, klappt BEFEHL --help)\n";
}

}  // namespace

#ifndef KLAPPT_VERSION
#define KLAPPT_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
    CLI::App app{"klappt — Förderprüfung „Durchstarten in Ausbildung und Arbeit“ / „Gemeinsam klappt’s“ (NRW)",
                 "klappt"};
    app.set_help_flag("-h,--help", "diese Hilfe anzeigen");
    app.set_version_flag("--version", std::string("klappt ") + KLAPPT_VERSION, "Version anzeigen");
    app.failure_message(german_usage_error);
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
        klappt::cli::add_lint_command(app),
        klappt::cli::add_fmt_command(app),
        klappt::cli::add_diff_command(app),
        klappt::cli::add_docs_command(app),
        klappt::cli::add_lsp_command(app),
        klappt::cli::add_fragen_command(app),
        klappt::cli::add_protokoll_command(app),
        klappt::cli::add_replay_command(app),
        klappt::cli::add_web_command(app),
        klappt::cli::add_vorlage_command(app),
    };

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : klappt::cli::kInvalidInput;
    }
    try {
        for (auto& command : commands)
            if (command.app->parsed()) return klappt::cli::checked_stdout(command.run());
    } catch (const std::exception& e) {
        std::cerr << "klappt: interner Fehler: " << e.what() << "\n";
        return klappt::cli::kInternal;
    }
    return klappt::cli::kOk;
}
