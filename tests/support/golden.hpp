// Golden files: the expected text a person reads, kept next to its input.
// Run the tests with KLAPPT_UPDATE_GOLDEN=1 to rewrite the expectations, then
// review the diff like any other change.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace klappt::testing {

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

inline bool updating_golden() {
    const char* v = std::getenv("KLAPPT_UPDATE_GOLDEN");
    return v && std::string(v) == "1";
}

// Compares `actual` with the file `expected_path` (or rewrites it when updating).
inline void check_golden(const std::filesystem::path& expected_path, const std::string& actual) {
    if (updating_golden()) {
        write_file(expected_path, actual);
        return;
    }
    INFO("golden file: " << expected_path.string() << " (KLAPPT_UPDATE_GOLDEN=1 rewrites it)");
    REQUIRE(std::filesystem::exists(expected_path));
    CHECK(read_file(expected_path) == actual);
}

// Files with `extension` in `directory`, sorted.
inline std::vector<std::filesystem::path> files_with(const std::filesystem::path& directory, const std::string& extension) {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::directory_iterator(directory))
        if (entry.path().extension() == extension) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

inline std::filesystem::path source_dir() { return KLAPPT_SOURCE_DIR; }
inline std::filesystem::path test_dir() { return source_dir() / "tests"; }

}  // namespace klappt::testing
