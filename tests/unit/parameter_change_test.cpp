// „Changing one parameter value in YAML changes every affected result without touching
// anything else“: a copy of rules/ with P4 = 40,00 € instead of 37,50 € is evaluated on every
// example; only results of cases with an F4 course change, and by exactly the lessons × 2,50 €.
#include <unistd.h>

#include <regex>

#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_runner.hpp"
#include "support/bundled_rules.hpp"
#include "support/changed_rules.hpp"
#include "support/golden.hpp"

using namespace klappt;
using namespace klappt::testing;
namespace fs = std::filesystem;

namespace {

std::string results(const Program& program, const fs::path& path) {
    auto file = std::make_shared<SourceFile>(path.string(), read_file(path));
    CaseFile cases = load_cases_yaml(program, file);
    CaseRunner runner(program);
    std::string out;
    for (auto& doc : cases.cases) {
        if (!doc.data) continue;
        out += case_json(runner.run(*doc.data)) + "\n";
    }
    static const std::regex sha(R"("sha256": "[0-9a-f]{64}")");
    return std::regex_replace(out, sha, "");
}

}  // namespace

TEST_CASE("P4 changed in the parameter YAML changes exactly the F4 results", "[parameter]") {
    ChangedRules changed("pauschalen.yaml", "p4_je_ustd", "37.50", "40.00");
    const Program& original = bundled_program();

    std::size_t changed_files = 0, unchanged_files = 0;
    for (const auto& path : files_with(source_dir() / "examples", ".yaml")) {
        bool has_f4 = read_file(path).find("baustein: F4") != std::string::npos;
        std::string before = results(original, path), after = results(changed.program(), path);
        INFO(path.filename().string());
        if (has_f4) {
            ++changed_files;
        } else {
            ++unchanged_files;
            CHECK(before == after);
        }
    }
    CHECK(changed_files >= 3);
    CHECK(unchanged_files >= 3);

    // The io.md example: 240 × 40,00 € + 120,00 € fees + 245,00 € ticket.
    std::string io = results(changed.program(), source_dir() / "examples" / "io_beispiel.yaml");
    CHECK(io.find(R"("betrag": "9965.00", "landesanteil": "7972.00", "eigenanteil": "1993.00")") != std::string::npos);
    // Dawit's course after the extension: 458 lessons × 2,50 € more.
    std::string dawit = results(changed.program(), source_dir() / "examples" / "verlaengerung_2023.yaml");
    CHECK(dawit.find(R"("betrag": "18810.00")") != std::string::npos);  // 458 × 40 + 490
}
