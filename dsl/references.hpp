// Who uses what in a checked rule set: for every definition the definitions, parameters
// and inputs it reads directly — in its value, versions, exceptions, and in the
// placeholders and conditions of its texts (rechenweg, wenn_nicht, urteil, hinweis) — and
// the reverse.  The author tools are built on it — lint (never used), docs (uses / used
// by), lsp (references), the parameter coverage check.
#pragma once

#include <cstdint>
#include <vector>

#include "dsl/rule_set.hpp"

namespace klappt {

struct References {
    // Definitions are numbered across modules: global(m, d) = first_definition[m] + d.
    std::vector<std::uint32_t> first_definition;
    std::vector<OutputRef> definition_at;  // global index → (module, definition)

    std::vector<std::vector<std::uint32_t>> uses_definitions;  // global → globals it reads
    std::vector<std::vector<std::uint32_t>> uses_params;       // global → parameter indices
    std::vector<std::vector<std::uint32_t>> uses_inputs;       // global → input indices
    std::vector<std::vector<std::uint32_t>> definition_users;  // global → globals reading it
    std::vector<std::vector<std::uint32_t>> param_users;       // parameter → globals
    std::vector<std::vector<std::uint32_t>> input_users;       // input → globals
    std::vector<std::vector<bool>> module_param_used;          // module → its parameters, read anywhere in it
    std::vector<bool> input_used_by_checks;                    // input read by a record check

    std::uint32_t global(std::uint32_t module, std::uint32_t definition) const {
        return first_definition[module] + definition;
    }
    std::size_t definition_count() const { return definition_at.size(); }
};

References compute_references(const RuleSet& rules);

}  // namespace klappt
