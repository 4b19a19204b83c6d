// `klappt test [PATH...]`: runs the rule tests (YAML files in <rules>/tests/)
// against their rule set and prints one line per failing test plus
// `N passed, N failed`.  A PATH is a rule-set folder (its tests and those of
// rule sets nested in it), or a test file (its rule set is the nearest folder
// above it with a regelwerk.yaml).  Exit code: 0 all passed, 1 a test failed,
// 2 a rule set or test file is invalid.
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "cli/commands.hpp"
#include "cli/rules_location.hpp"
#include "engine/rule_set_loader.hpp"
#include "engine/rule_tests.hpp"

namespace klappt::cli {

namespace {

namespace fs = std::filesystem;

struct TestOptions {
    std::vector<std::string> paths;
    std::string filter;
    bool verbose = false;
};

constexpr const char* kManifest = "regelwerk.yaml";

// Rule set folder → the test files to run for it, in a stable order.
using Plan = std::map<fs::path, std::set<fs::path>>;

// "rules/" and "rules" are the same folder.
fs::path clean(const fs::path& p) {
    fs::path out = p.lexically_normal();
    if (!out.has_filename() && out.has_parent_path()) out = out.parent_path();
    return out;
}

bool add_path(const fs::path& given, Plan& plan) {
    std::error_code ec;
    fs::path path = clean(given);
    if (fs::is_directory(path, ec)) {
        if (!fs::exists(path / kManifest, ec)) {
            std::cerr << "klappt test: " << path.string() << " ist kein Regelverzeichnis (ohne " << kManifest << ")\n";
            return false;
        }
        // This rule set and every rule set nested in it that has tests.
        std::vector<fs::path> roots{path};
        for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            if (it->is_directory() && fs::exists(it->path() / kManifest)) roots.push_back(clean(it->path()));
        }
        for (auto& root : roots) {
            auto files = rule_test_files(root.string());
            if (files.empty() && root != path) continue;
            auto& entry = plan[root];
            for (auto& f : files) {
                // A test file belongs to the nearest rule set above it.
                fs::path owner = fs::path(f).parent_path();
                while (!owner.empty() && !fs::exists(owner / kManifest)) owner = owner.parent_path();
                if (owner == root) entry.insert(f);
            }
        }
        return true;
    }
    if (fs::is_regular_file(path, ec)) {
        fs::path owner = fs::absolute(path, ec).lexically_normal().parent_path();
        while (owner != owner.root_path() && !fs::exists(owner / kManifest)) owner = owner.parent_path();
        if (!fs::exists(owner / kManifest)) {
            std::cerr << "klappt test: zu " << path.string() << " gehört kein Regelverzeichnis (" << kManifest
                      << " in einem Ordner darüber)\n";
            return false;
        }
        fs::path shown = fs::relative(owner, ec);
        plan[ec || shown.empty() ? owner : clean(shown)].insert(path);
        return true;
    }
    std::cerr << "klappt test: " << path.string() << " nicht gefunden\n";
    return false;
}

int run_tests(const TestOptions& options) {
    Plan plan;
    bool paths_ok = true;
    if (options.paths.empty()) paths_ok = add_path(bundled_rules_directory(), plan);
    for (const auto& p : options.paths) paths_ok = add_path(p, plan) && paths_ok;
    if (!paths_ok) return kInvalidInput;

    std::size_t passed = 0, failed = 0, selected_files = 0;
    bool invalid = false;
    for (const auto& [root, files] : plan) {
        if (files.empty()) {
            std::cerr << "klappt test: keine Tests in " << (root / "tests").string() << "\n";
            invalid = true;
            continue;
        }
        LoadResult loaded = load_rule_set(root);
        if (!loaded.program) {
            std::cerr << render(loaded.diagnostics);
            std::cerr << "klappt test: das Regelwerk in " << root.string() << " enthält Fehler\n";
            invalid = true;
            continue;
        }
        RuleTestRunner runner(loaded.program);
        std::map<std::string, std::pair<SourceRef, Span>> names;
        for (const auto& path : files) {
            ++selected_files;
            Diagnostics diagnostics;
            std::string error;
            SourceRef file = read_source_file(path.string(), error);
            if (!file) {
                std::cerr << "klappt test: " << error << "\n";
                invalid = true;
                continue;
            }
            auto tests = load_rule_tests(file, diagnostics);
            for (const auto& test : tests) {
                auto [it, fresh] = names.emplace(test.name, std::pair{test.file, test.span});
                if (!fresh)
                    diagnostics.error(test.file, test.span, "Testname „" + test.name + "“ kommt doppelt vor")
                        .notes.push_back({it->second.first, it->second.second, "erstes Vorkommen"});
                if (!options.filter.empty() && test.name.find(options.filter) == std::string::npos) continue;
                RuleTestResult result = runner.run(test, diagnostics);
                if (result.passed) {
                    ++passed;
                    if (options.verbose) std::cout << "ok   " << test.name << "\n";
                    continue;
                }
                ++failed;
                LineColumn at = file->position(test.span.begin);
                std::cout << file->name() << ":" << at.line << ": FAIL " << test.name << ": ";
                for (std::size_t i = 0; i < result.mismatches.size(); ++i)
                    std::cout << (i ? "; " : "") << result.mismatches[i];
                std::cout << "\n";
            }
            if (diagnostics.has_errors()) invalid = true;
            std::cout.flush();
            std::cerr << render(diagnostics);
        }
    }
    if (!options.filter.empty() && passed + failed == 0) {
        std::cerr << "klappt test: kein Test passt zu --filter „" << options.filter << "“\n";
        invalid = true;
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    if (invalid) return kInvalidInput;
    return failed ? kFindings : kOk;
}

}  // namespace

Command add_test_command(CLI::App& app) {
    auto options = std::make_shared<TestOptions>();
    CLI::App* cmd = add_command(app, "test", "Regeltests ausführen (YAML-Dateien in <Regelverzeichnis>/tests/)");
    cmd->add_option("PFAD", options->paths,
                    "Regelverzeichnis (mit regelwerk.yaml; Vorgabe: das mitgelieferte rules/) oder Testdatei")
        ->type_name("PFAD");
    cmd->add_option("--filter", options->filter, "nur Tests, deren Name diesen Text enthält")->type_name("TEXT");
    cmd->add_flag("-v,--verbose", options->verbose, "auch bestandene Tests nennen");
    return {cmd, [options]() { return run_tests(*options); }};
}

}  // namespace klappt::cli
