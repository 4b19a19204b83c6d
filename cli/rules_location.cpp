#include "cli/rules_location.hpp"

#include <system_error>

namespace klappt::cli {

namespace fs = std::filesystem;

std::filesystem::path bundled_rules_directory() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path dir = exe.parent_path();
        for (const fs::path& candidate : {dir / "../share/klappt/rules", dir / "rules", dir / "../rules"})
            if (fs::exists(candidate / "regelwerk.yaml", ec)) return fs::weakly_canonical(candidate, ec);
    }
    return fs::path(KLAPPT_SOURCE_RULES_DIR);
}

}  // namespace klappt::cli
