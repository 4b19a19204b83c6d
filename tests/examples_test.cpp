// The example cases of examples/ (and examples/fehlerhaft/): each file opens with a comment
// saying what it shows, and its JSON Lines (`klappt check --json`) are pinned by
// examples/expected/<name>.jsonl.  The rule set's sha256 is masked as in the CLI goldens,
// so editing a rule changes only the files whose results change.
#include <regex>

#include "support/batch_support.hpp"
#include "support/bundled_rules.hpp"
#include "support/golden.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

// What `klappt check --json` prints for the file, with the rule set's hash masked.
std::string json_lines(const Program& program, const std::filesystem::path& path) {
    static const std::regex sha(R"("sha256": "[0-9a-f]{64}")");
    return std::regex_replace(check_json(program, path.string()), sha, R"("sha256": "…")");
}

}  // namespace

TEST_CASE("every example case gives its expected JSON", "[examples]") {
    const Program& program = bundled_program();
    auto root = source_dir() / "examples";
    std::vector<std::filesystem::path> files = files_with(root, ".yaml");
    auto broken = files_with(root / "fehlerhaft", ".yaml");
    files.insert(files.end(), broken.begin(), broken.end());
    CHECK(files.size() >= 12);
    for (const auto& path : files) {
        DYNAMIC_SECTION(path.lexically_relative(root).string()) {
            std::string text = read_file(path);
            INFO("an example opens with a comment saying what it shows");
            CHECK(text.rfind("# ", 0) == 0);
            auto expected = root / "expected" / path.lexically_relative(root);
            expected.replace_extension(".jsonl");
            if (updating_golden()) std::filesystem::create_directories(expected.parent_path());
            check_golden(expected, json_lines(program, path));
        }
    }
}

TEST_CASE("the io.md example keeps its amounts", "[examples]") {
    std::string json = json_lines(bundled_program(), source_dir() / "examples" / "io_beispiel.yaml");
    CHECK(json.find(R"("betrag": "9365.00", "landesanteil": "7492.00", "eigenanteil": "1873.00")") != std::string::npos);
    CHECK(json.find(R"("beispielwerte": false)") != std::string::npos);
}
