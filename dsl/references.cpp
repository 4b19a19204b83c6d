#include "dsl/references.hpp"

#include <algorithm>

#include "dsl/node_operands.hpp"

namespace klappt {

namespace {

void add_unique(std::vector<std::uint32_t>& v, std::uint32_t x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

}  // namespace

References compute_references(const RuleSet& rules) {
    References r;
    std::uint32_t total = 0;
    for (std::uint32_t m = 0; m < rules.modules.size(); ++m) {
        r.first_definition.push_back(total);
        for (std::uint32_t d = 0; d < rules.modules[m].definitions.size(); ++d) r.definition_at.push_back({m, d});
        total += static_cast<std::uint32_t>(rules.modules[m].definitions.size());
        r.module_param_used.emplace_back(rules.modules[m].params.size(), false);
    }
    r.uses_definitions.resize(total);
    r.uses_params.resize(total);
    r.uses_inputs.resize(total);
    r.definition_users.resize(total);
    r.param_users.resize(rules.params.size());
    r.input_users.resize(rules.inputs.size());
    r.input_used_by_checks.assign(rules.inputs.size(), false);

    std::vector<NodeId> stack;
    // Walks one tree; `user` is the global definition it belongs to, or -1 for a record check.
    auto walk = [&](NodeId root, std::int64_t user) {
        if (root == kNoNode) return;
        stack.push_back(root);
        while (!stack.empty()) {
            NodeId id = stack.back();
            stack.pop_back();
            const Node& n = rules.nodes[id];
            auto used_definition = [&](std::uint32_t m, std::uint32_t d) {
                if (user < 0 || m >= rules.modules.size() || d >= rules.modules[m].definitions.size()) return;
                auto u = static_cast<std::uint32_t>(user);
                std::uint32_t g = r.global(m, d);
                if (g == u) return;  // `{betrag}` in betrag's own rechenweg: not a use
                add_unique(r.uses_definitions[u], g);
                add_unique(r.definition_users[g], u);
            };
            switch (n.op) {
                case Op::definition: used_definition(n.a, n.b); break;
                case Op::own_definition: used_definition(n.module, n.b); break;
                case Op::instance_member: {
                    TypeId t = rules.types.strip_optional(rules.nodes[n.a].type);
                    used_definition(rules.types[t].ref, n.b);
                    break;
                }
                case Op::param:
                    if (user >= 0) {
                        add_unique(r.uses_params[static_cast<std::uint32_t>(user)], n.a);
                        add_unique(r.param_users[n.a], static_cast<std::uint32_t>(user));
                    }
                    break;
                case Op::input:
                    if (user >= 0) {
                        add_unique(r.uses_inputs[static_cast<std::uint32_t>(user)], n.a);
                        add_unique(r.input_users[n.a], static_cast<std::uint32_t>(user));
                    } else {
                        r.input_used_by_checks[n.a] = true;
                    }
                    break;
                case Op::module_param:
                    if (n.module < r.module_param_used.size() && n.a < r.module_param_used[n.module].size())
                        r.module_param_used[n.module][n.a] = true;
                    break;
                case Op::reasons:
                case Op::uses_example_values:
                    // Their operands name definitions; they are read (for the explanation) all the same.
                    for (std::uint32_t i = 0; i < n.child_count; ++i) stack.push_back(rules.children[n.first_child + i]);
                    break;
                default: break;
            }
            for_each_operand(n, rules.children, [&](const NodeId& child) { stack.push_back(child); });
        }
    };
    for (std::uint32_t m = 0; m < rules.modules.size(); ++m)
        for (std::uint32_t d = 0; d < rules.modules[m].definitions.size(); ++d) {
            const Definition& def = rules.modules[m].definitions[d];
            std::int64_t g = r.global(m, d);
            walk(def.value, g);
            for (const auto& v : def.versions) walk(v.value, g);
            for (const auto& e : def.exceptions) walk(e.condition, g), walk(e.value, g);
            // The texts people read (rechenweg, wenn_nicht, urteil, hinweis) read their
            // placeholders and conditions when a case is explained: a name only they show is used.
            for (const TextTemplates* texts : {&def.rechenweg, &def.wenn_nicht, &def.urteil, &def.hinweis})
                for (const TextTemplate& t : *texts) {
                    walk(t.condition, g);
                    for (const auto& part : t.parts) walk(part.value, g);
                }
        }
    for (const RecordType& rec : rules.records)
        for (const auto& c : rec.checks) walk(c.condition, -1);
    return r;
}

}  // namespace klappt
