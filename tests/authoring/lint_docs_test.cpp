// Every lint id has its page in docs/lints/ (what, why, an example, how to fix) and a
// golden CLI test (tests/cli/lint/lint_ID.cmd with tests/golden/lint/ID/).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "authoring/lint.hpp"

namespace fs = std::filesystem;

TEST_CASE("every lint id has a documentation page and a golden test", "[lint][docs]") {
    const fs::path root = KLAPPT_SOURCE_DIR;
    REQUIRE(klappt::authoring::lint_catalogue().size() >= 9);
    for (const auto& kind : klappt::authoring::lint_catalogue()) {
        DYNAMIC_SECTION(kind.id) {
            fs::path page = root / "docs" / "lints" / (kind.id + ".md");
            REQUIRE(fs::exists(page));
            std::ifstream in(page);
            std::stringstream text;
            text << in.rdbuf();
            for (const char* section : {"## Was", "## Warum", "## Beispiel", "## Behebung"}) CHECK(text.str().find(section) != std::string::npos);
            CHECK(text.str().find("`" + kind.id + "`") != std::string::npos);
            std::string cmd = "lint_" + kind.id + ".cmd";
            std::replace(cmd.begin(), cmd.end(), '-', '_');
            CHECK(fs::exists(root / "tests" / "cli" / "lint" / cmd));
            CHECK(fs::is_directory(root / "tests" / "golden" / "lint" / kind.id));
            CHECK(!kind.hint.empty());
        }
    }
}

TEST_CASE("lint ids are unique and stable words", "[lint]") {
    std::set<std::string> ids;
    for (const auto& kind : klappt::authoring::lint_catalogue()) {
        CHECK(ids.insert(kind.id).second);
        CHECK(kind.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string::npos);
    }
}
