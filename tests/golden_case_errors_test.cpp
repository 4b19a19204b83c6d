// Case diagnostics, pinned by golden files: each tests/golden/case_errors/NAME.yaml is
// loaded against the bundled rules; NAME.expected holds the diagnostics and, per case,
// the JSON line `klappt check --json` prints (a fehler record for an invalid case).
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_runner.hpp"
#include "support/golden.hpp"
#include "support/bundled_rules.hpp"

using namespace klappt;
using namespace klappt::testing;

TEST_CASE("case diagnostics match their golden files", "[golden][cases]") {
    const Program& program = bundled_program();
    auto dir = test_dir() / "golden" / "case_errors";
    for (const auto& path : files_with(dir, ".yaml")) {
        DYNAMIC_SECTION(path.filename().string()) {
            auto file = std::make_shared<SourceFile>(path.filename().string(), read_file(path));
            CaseFile cases = load_cases_yaml(program, file);
            std::string out = render(cases.diagnostics);
            CaseRunner runner(program);
            for (auto& doc : cases.cases) {
                if (!doc.data) {
                    out += case_error_json(program, doc.id, doc.errors) + "\n";
                    continue;
                }
                CHECK(runner.run(*doc.data).evaluated());  // the valid cases of the file evaluate
                out += "Fall " + doc.id + ": ausgewertet\n";
            }
            CHECK(cases.diagnostics.has_errors());
            auto expected = path;
            expected.replace_extension(".expected");
            check_golden(expected, out);
        }
    }
}
