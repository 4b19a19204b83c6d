#include "engine/runtime/program.hpp"

#include "dsl/node_operands.hpp"

namespace klappt {

const char* provenance_word(Provenance p) {
    switch (p) {
        case Provenance::fact: return "fakt";
        case Provenance::interpretation: return "auslegung";
        case Provenance::example: return "beispiel";
    }
    return "fakt";
}

const ParameterVersion* Program::parameter_version(std::uint32_t p, DayNumber day) const {
    const ParameterVersion* found = nullptr;
    for (const auto& v : parameters[p].versions)
        if (v.from <= day && day <= v.to) found = &v;  // the latest version that has begun wins
    return found;
}

const std::string& Program::source_of(std::uint32_t module, std::uint32_t d) const {
    const Definition& def = definition(module, d);
    return def.source.empty() ? rules.modules[module].source : def.source;
}

Value constant_value(const Constant& c, Arena* arena) {
    if (c.none) return Value::none();
    switch (c.kind) {
        case TypeKind::boolean: return Value::boolean(c.a != 0);
        case TypeKind::integer:
        case TypeKind::money: return Value::integer(c.a);
        case TypeKind::date: return Value::date(static_cast<std::int32_t>(c.a));
        case TypeKind::enumeration: return Value::enumeration(static_cast<std::uint32_t>(c.a));
        case TypeKind::decimal: return Value::decimal({c.a, c.b});
        case TypeKind::duration: return Value::duration(static_cast<std::int32_t>(c.a), static_cast<std::int32_t>(c.b));
        case TypeKind::text: return Value::text_ref(arena ? arena->copy(c.text) : std::string_view(c.text));
        case TypeKind::list: return Value::list_ref(nullptr, 0);
        default: return Value::none();
    }
}

void inline_single_use_definitions(Program& program) {
    RuleSet& rules = program.rules;
    program.fast_nodes = rules.nodes;
    program.fast_children = rules.children;
    std::vector<Node>& nodes = program.fast_nodes;
    std::vector<NodeId>& children = program.fast_children;

    // Where each definition is referenced from; a reference inside a loop, from another
    // module or through a module value rules inlining out.
    std::vector<std::uint32_t> base;
    std::uint32_t total = 0;
    for (const Module& m : rules.modules) {
        base.push_back(total);
        total += static_cast<std::uint32_t>(m.definitions.size());
    }
    std::vector<std::uint32_t> references(total, 0);
    std::vector<bool> blocked(total, false);
    auto global = [&](std::uint32_t m, std::uint32_t d) { return base[m] + d; };
    for (std::uint32_t m = 0; m < rules.modules.size(); ++m)
        for (std::uint32_t d : rules.modules[m].outputs) blocked[global(m, d)] = true;

    std::vector<std::pair<NodeId, bool>> stack;  // node, inside a loop
    auto walk = [&](NodeId root) {
        if (root == kNoNode) return;
        stack.push_back({root, false});
        while (!stack.empty()) {
            // (Not a structured binding: clang 14 cannot capture one in the lambda below.)
            const NodeId id = stack.back().first;
            const bool in_loop = stack.back().second;
            stack.pop_back();
            Node& n = nodes[id];
            if (n.op == Op::definition || n.op == Op::own_definition) {
                std::uint32_t m = n.op == Op::definition ? n.a : n.module;
                std::uint32_t g = global(m, n.b);
                ++references[g];
                if (in_loop || m != n.module) blocked[g] = true;
            } else if (n.op == Op::instance_member) {
                TypeId t = rules.types.strip_optional(nodes[n.a].type);
                blocked[global(rules.types[t].ref, n.b)] = true;
            } else if (n.op == Op::reasons || n.op == Op::uses_example_values) {
                for (std::uint32_t i = 0; i < n.child_count; ++i) {
                    const Node& ref = nodes[children[n.first_child + i]];
                    if (ref.op == Op::definition || ref.op == Op::own_definition)
                        blocked[global(ref.op == Op::definition ? ref.a : ref.module, ref.b)] = true;
                }
            }
            bool loop = is_comprehension(n.op);
            for_each_operand(n, children, [&](NodeId& child) {
                // The list of a loop is evaluated once; its condition and body per element.
                bool inside = in_loop || (loop && &child != &n.a);
                stack.push_back({child, inside});
            });
        }
    };
    for (const Module& m : rules.modules)
        for (const Definition& def : m.definitions) {
            walk(def.value);
            for (const auto& v : def.versions) walk(v.value);
            for (const auto& e : def.exceptions) walk(e.condition), walk(e.value);
        }
    for (const RecordType& r : rules.records)
        for (const auto& c : r.checks) walk(c.condition);

    auto inlinable = [&](const Node& ref) -> NodeId {
        if (ref.op != Op::definition && ref.op != Op::own_definition) return kNoNode;
        std::uint32_t m = ref.op == Op::definition ? ref.a : ref.module;
        std::uint32_t g = global(m, ref.b);
        const Definition& def = rules.modules[m].definitions[ref.b];
        if (blocked[g] || references[g] != 1 || !def.versions.empty() || !def.exceptions.empty()) return kNoNode;
        return def.value;
    };
    for (Node& n : nodes)
        for_each_operand(n, children, [&](NodeId& child) {
            for (NodeId body = inlinable(nodes[child]); body != kNoNode; body = inlinable(nodes[child])) child = body;
        });
}

void link_constants(Program& program) {
    program.constants.clear();
    for (const Constant& c : program.rules.constants) program.constants.push_back(constant_value(c));
}

}  // namespace klappt
