// Author diagnostics, pinned by golden files: each tests/golden/rule_errors/NAME.rules
// is loaded as a rule set of its own; NAME.expected holds every diagnostic rendered.
#include "support/golden.hpp"
#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;

TEST_CASE("rule diagnostics match their golden files", "[golden][diagnostics]") {
    auto dir = test_dir() / "golden" / "rule_errors";
    auto files = files_with(dir, ".rules");
    REQUIRE(!files.empty());
    for (const auto& path : files) {
        DYNAMIC_SECTION(path.filename().string()) {
            std::string manifest = "fall: fall\nstichtag: stichtag\n";
            auto result = load_rules_text({{path.filename().string(), read_file(path)}}, {}, manifest);
            std::string rendered = render(result.diagnostics);
            CHECK(result.program == nullptr);
            CHECK(!rendered.empty());
            auto expected = path;
            expected.replace_extension(".expected");
            check_golden(expected, rendered);
        }
    }
}
