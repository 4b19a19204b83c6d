// The bundled rule set (rules/), loaded once for all tests of a binary.
#pragma once

#include <catch2/catch.hpp>

#include "dsl/diagnostic.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "support/golden.hpp"

namespace klappt::testing {

inline const Program& bundled_program() {
    static LoadResult loaded = load_rule_set(source_dir() / "rules");
    if (!loaded.program) FAIL("bundled rules do not load:\n" << render(loaded.diagnostics));
    return *loaded.program;
}

}  // namespace klappt::testing
