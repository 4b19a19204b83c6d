// `klappt lint [DIR] [--fix]`: the warnings of authoring/lint.hpp for a rule set that
// loads, each with its id, place, line, caret and a one-line hint (the page for each id is
// docs/lints/ID.md).  --fix applies the safe repairs and lists what is left.
// Exit code: 0 no warnings (inventory entries do not count), 1 warnings, 2 the rule set
// does not load.
#include <iostream>
#include <map>

#include "authoring/lint.hpp"
#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"

namespace klappt::cli {

namespace {

struct LintOptions {
    std::string dir;
    bool fix = false;
};

struct LintRun {
    std::shared_ptr<const Program> program;
    RuleSetSources sources;
    std::vector<Diagnostic> findings;
};

std::optional<LintRun> lint_directory(const std::filesystem::path& dir) {
    Diagnostics diagnostics;
    auto sources = collect_rule_set(dir, diagnostics);
    LintRun run;
    if (sources && !diagnostics.has_errors()) {
        LoadResult loaded = load_rule_set(*sources, dir);
        diagnostics.append(loaded.diagnostics);
        run.program = loaded.program;
        run.sources = *sources;
    }
    authoring::LintInput input;
    std::vector<RuleTest> tests;
    auto test_files = rule_test_files(dir.string());
    for (const auto& path : test_files) {
        std::string error;
        if (SourceRef file = read_source_file(path, error)) {
            auto loaded = load_rule_tests(file, diagnostics);
            tests.insert(tests.end(), std::make_move_iterator(loaded.begin()), std::make_move_iterator(loaded.end()));
        } else {
            diagnostics.general_error(error);
        }
    }
    if (!run.program || diagnostics.has_errors()) {
        std::cerr << render(diagnostics);
        std::cerr << "klappt lint: das Regelwerk in " << dir.string() << " lädt nicht (" << diagnostics.error_count()
                  << " Fehler); zuerst diese beheben (klappt rules check)\n";
        return std::nullopt;
    }
    input.program = run.program.get();
    input.sources = &run.sources;
    // What the rule tests reach: they are run with a trace (their results are klappt test's business).
    RuleCoverage coverage;
    if (!test_files.empty()) {
        RuleTestRunner runner(run.program);
        runner.record_coverage(&coverage);
        Diagnostics ignored;
        for (const auto& test : tests) runner.run(test, ignored);
        input.tests = &coverage;
    }
    run.findings = authoring::lint(input);
    return run;
}

int run_lint(const LintOptions& options) {
    std::filesystem::path dir = rules_directory(options.dir);
    auto run = lint_directory(dir);
    if (!run) return kInvalidInput;
    if (options.fix) {
        std::map<std::string, SourceRef> files;
        std::map<std::string, std::size_t> counts;
        for (const auto& f : run->findings)
            if (f.fix && f.source) {
                files[f.source->name()] = f.source;
                ++counts[f.source->name()];
            }
        for (const auto& [name, file] : files) {
            std::string error = write_file_atomically(name, authoring::apply_fixes(*file, run->findings));
            if (!error.empty()) {
                std::cerr << "klappt lint: " << error << "\n";
                return kInvalidInput;
            }
            std::cout << name << ": " << counts[name] << (counts[name] == 1 ? " Befund" : " Befunde") << " behoben\n";
        }
        if (!files.empty()) {
            run = lint_directory(dir);
            if (!run) return kInvalidInput;
        }
    }
    std::size_t warnings = 0, inventory = 0;
    for (const auto& f : run->findings) {
        std::cout << authoring::render_finding(f);
        (f.severity == Severity::warning ? warnings : inventory)++;
    }
    std::cout << warnings << (warnings == 1 ? " Warnung" : " Warnungen");
    if (inventory) std::cout << ", " << inventory << " Beispielwerte in Gebrauch (Bestandsliste)";
    std::cout << " in " << dir.string() << "\n";
    return warnings ? kFindings : kOk;
}

}  // namespace

Command add_lint_command(CLI::App& app) {
    auto options = std::make_shared<LintOptions>();
    CLI::App* cmd = add_command(app, "lint",
                                "Regelwerk auf Auffälligkeiten prüfen (Unbenutztes, Bedingungen ohne Wirkung, "
                                "Parameterlücken, fehlende Quellen, ungetestete Ausgaben …; Seiten in docs/lints/)");
    add_rules_argument(*cmd, options->dir);
    cmd->add_flag("--fix", options->fix, "sichere Korrekturen in die Regeldateien schreiben");
    return {cmd, [options]() { return run_lint(*options); }};
}

}  // namespace klappt::cli
