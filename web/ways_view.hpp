// "Was würde helfen?" beside a case's result: the smallest changes of the facts a caseworker
// can influence (the rule set's `hebel`) that would make a result better, each verified by
// an evaluation of the changed case — the same search as `klappt check --wege` (engine/wege).
#pragma once

#include <optional>
#include <string>

#include "engine/runtime/program.hpp"
#include "engine/wege/wege.hpp"

namespace klappt::web {

// The ways for the one case of an io.md YAML text; nullopt when it is not one valid case.
std::optional<Wege> case_ways(const Program& program, const std::string& yaml);

// The panel („Was würde helfen?“), or "" when there is nothing to say (no goal at all).
std::string render_ways(const Wege& ways);

}  // namespace klappt::web
