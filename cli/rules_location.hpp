// Where the bundled rule set lives: next to the installed executable
// (share/klappt/rules) or in the source tree the executable was built from —
// never relative to the current working directory.
#pragma once

#include <filesystem>
#include <string>

namespace klappt::cli {

std::filesystem::path bundled_rules_directory();

}  // namespace klappt::cli
