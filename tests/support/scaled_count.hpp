// How many generated cases a randomised test tries: its full number, or a share of it where
// each case is many times slower — the sanitizer build (scripts/test_sanitizers.sh sets
// KLAPPT_GENERATED_PERCENT=10).  The full number runs in every release test run.
#pragma once

#include <cstddef>
#include <cstdlib>

namespace klappt::testing {

inline std::size_t scaled_case_count(std::size_t full) {
    const char* percent = std::getenv("KLAPPT_GENERATED_PERCENT");
    if (!percent) return full;
    std::size_t p = std::strtoul(percent, nullptr, 10);
    if (p == 0 || p > 100) return full;
    std::size_t n = full * p / 100;
    return n ? n : 1;
}

}  // namespace klappt::testing
