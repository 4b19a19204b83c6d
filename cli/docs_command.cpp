// `klappt docs [DIR] --out OUT`: writes the HTML documentation of a rule set
// (authoring/docs_generator.hpp) into OUT: index.html, one page per module, parameter.html.
#include <filesystem>
#include <iostream>

#include "authoring/docs_generator.hpp"
#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "engine/ruletest/rule_tests.hpp"

namespace klappt::cli {

namespace {

struct DocsOptions {
    std::string dir, out;
};

int run_docs(const DocsOptions& options) {
    std::filesystem::path dir = rules_directory(options.dir);
    auto program = load_rules("docs", dir);
    if (!program) return kInvalidInput;
    std::vector<RuleTest> tests;
    Diagnostics diagnostics;
    for (const auto& path : rule_test_files(dir.string())) {
        std::string error;
        if (SourceRef file = read_source_file(path, error)) {
            auto loaded = load_rule_tests(file, diagnostics);
            tests.insert(tests.end(), std::make_move_iterator(loaded.begin()), std::make_move_iterator(loaded.end()));
        }
    }
    std::error_code ec;
    std::filesystem::create_directories(options.out, ec);
    if (ec) {
        std::cerr << "klappt docs: " << options.out << " kann nicht angelegt werden: " << ec.message() << "\n";
        return kInvalidInput;
    }
    auto files = authoring::generate_docs(*program, tests);
    for (const auto& [name, text] : files) {
        std::string error = write_file_atomically((std::filesystem::path(options.out) / name).string(), text);
        if (!error.empty()) {
            std::cerr << "klappt docs: " << error << "\n";
            return kInvalidInput;
        }
    }
    std::cout << files.size() << " Seiten in " << options.out << " (Einstieg: "
              << (std::filesystem::path(options.out) / "index.html").string() << ")\n";
    return kOk;
}

}  // namespace

Command add_docs_command(CLI::App& app) {
    auto options = std::make_shared<DocsOptions>();
    CLI::App* cmd = add_command(app, "docs", "HTML-Dokumentation des Regelwerks schreiben");
    add_rules_argument(*cmd, options->dir);
    cmd->add_option("--out", options->out, "Zielverzeichnis")->required()->type_name("VERZEICHNIS");
    return {cmd, [options]() { return run_docs(*options); }};
}

}  // namespace klappt::cli
