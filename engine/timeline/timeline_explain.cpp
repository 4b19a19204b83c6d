#include "engine/timeline/timeline_explain.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "engine/runtime/value_text.hpp"

namespace klappt {

namespace {

TypeId definition_type(const Program& program, std::uint32_t module, std::uint32_t d) {
    return program.rules.types.strip_optional(program.rules.modules[module].definitions[d].type);
}

bool scalar_kind(TypeKind k) {
    switch (k) {
        case TypeKind::boolean:
        case TypeKind::integer:
        case TypeKind::money:
        case TypeKind::date:
        case TypeKind::enumeration:
        case TypeKind::decimal:
        case TypeKind::duration:
        case TypeKind::text: return true;
        default: return false;
    }
}

bool same_node_value(const Program& program, const TraceSnapshot::Node& a, const TraceSnapshot::Node& b) {
    if (!a.comparable || !b.comparable) return false;
    TypeKind kind = program.rules.types.kind(definition_type(program, a.module, a.definition));
    if (kind == TypeKind::text) return a.value.present == b.value.present && a.text == b.text;
    return same_value(a.value, b.value, kind);
}

}  // namespace

TraceSnapshot snapshot_series(Evaluator& ev, const Case& kase, const TimelineDeclaration& decl, const Value& key,
                              DayNumber day) {
    const Program& program = ev.program();
    const Module& module = program.rules.modules[decl.module];
    std::vector<Value> args(module.params.size());
    args[decl.day_param] = Value::date(day);
    if (decl.key_param) args[*decl.key_param] = key;
    ev.start(kase, true);
    Frame* root = ev.instance(decl.module, args.data());
    ev.force(root, decl.output);

    TraceSnapshot out;
    std::map<std::pair<const Frame*, std::uint32_t>, std::uint32_t> index;
    std::vector<std::pair<Frame*, std::uint32_t>> order;  // node i is order[i]
    auto node_of = [&](Frame* f, std::uint32_t d) {
        auto [it, added] = index.emplace(std::pair<const Frame*, std::uint32_t>{f, d}, static_cast<std::uint32_t>(order.size()));
        if (added) {
            order.push_back({f, d});
            TraceSnapshot::Node n;
            n.global = ev.global_definition(f->module, d);
            n.module = f->module;
            n.definition = d;
            const Slot& slot = ev.slot(f, d);
            TypeId type = definition_type(program, f->module, d);
            TypeKind kind = program.rules.types.kind(type);
            n.comparable = scalar_kind(kind);
            if (n.comparable) {
                n.value = slot.value;
                if (kind == TypeKind::text) n.value = slot.value.present ? Value::boolean(true) : Value::none();
                if (kind == TypeKind::text && slot.value.present) n.text = std::string(slot.value.str());
                else if (kind != TypeKind::boolean && slot.value.present) n.text = german_value(program, slot.value, type);
            }
            out.nodes.push_back(std::move(n));
        }
        return it->second;
    };
    node_of(root, decl.output);
    for (std::size_t i = 0; i < order.size(); ++i) {
        auto [f, d] = order[i];
        const Slot& slot = ev.slot(f, d);
        std::vector<std::uint32_t> children;
        for (const TraceEdge* e = ev.edges_begin(slot); e != ev.edges_end(slot); ++e) {
            if (e->kind != TraceEdge::Kind::definition) continue;
            std::uint32_t c = node_of(e->frame, e->index);
            if (std::find(children.begin(), children.end(), c) == children.end()) children.push_back(c);
        }
        out.nodes[i].children = std::move(children);
    }
    return out;
}

std::vector<std::uint32_t> changed_definitions(const Program& program, const TraceSnapshot& before,
                                               const TraceSnapshot& after) {
    std::set<std::uint32_t> changed;
    std::set<std::pair<std::uint32_t, std::uint32_t>> visited;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stack;
    if (!before.nodes.empty() && !after.nodes.empty()) stack.push_back({0, 0});
    while (!stack.empty()) {
        auto [ia, ib] = stack.back();
        stack.pop_back();
        if (!visited.insert({ia, ib}).second) continue;
        const auto& a = before.nodes[ia];
        const auto& b = after.nodes[ib];
        if (same_node_value(program, a, b)) continue;
        changed.insert(a.global);
        changed.insert(b.global);
        // Children are matched by definition in reading order; one read on one side only
        // (a short-circuit that went the other way) counts as changed but is not followed.
        std::vector<bool> used(a.children.size());
        for (std::uint32_t cb : b.children) {
            bool matched = false;
            for (std::size_t k = 0; k < a.children.size() && !matched; ++k)
                if (!used[k] && before.nodes[a.children[k]].global == after.nodes[cb].global) {
                    used[k] = true;
                    matched = true;
                    stack.push_back({a.children[k], cb});
                }
            if (!matched) changed.insert(after.nodes[cb].global);
        }
    }
    return {changed.begin(), changed.end()};
}

std::vector<FailedCondition> failed_conditions(const Program& program, const TraceSnapshot& snapshot) {
    const RuleSet& rules = program.rules;
    auto is_bool = [&](const TraceSnapshot::Node& n) {
        return rules.types.kind(definition_type(program, n.module, n.definition)) == TypeKind::boolean;
    };
    auto is_rule = [&](const TraceSnapshot::Node& n) {
        return is_bool(n) && rules.modules[n.module].definitions[n.definition].kind == DefinitionKind::rule;
    };
    auto label = [&](const TraceSnapshot::Node& n) {
        const Definition& def = rules.modules[n.module].definitions[n.definition];
        return def.label.empty() ? def.name : def.label;
    };
    auto subset = [](const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
        return std::all_of(a.begin(), a.end(), [&](std::uint32_t x) { return std::find(b.begin(), b.end(), x) != b.end(); });
    };
    // The most specific failed rules at or below node i (node indices), memoised.  Below a
    // value that is not a condition (the target group: main group, else secondary group) the
    // failed conditions are alternatives: one whose failures include all of another's is left
    // out (too old fails both groups; the missing JC/AA agreement does not matter then).
    std::vector<std::vector<std::uint32_t>> memo(snapshot.nodes.size());
    std::vector<bool> done(snapshot.nodes.size());
    auto walk = [&](auto&& self, std::uint32_t i) -> const std::vector<std::uint32_t>& {
        if (done[i]) return memo[i];
        done[i] = true;  // (a cycle cannot occur: the evaluation would have failed)
        std::vector<std::vector<std::uint32_t>> parts;
        for (std::uint32_t c : snapshot.nodes[i].children) {
            const auto& n = snapshot.nodes[c];
            if (is_bool(n) && n.value.present && n.value.b) continue;  // holds: not a reason
            std::vector<std::uint32_t> below = self(self, c);
            if (below.empty() && is_rule(n)) below = {c};
            if (!below.empty()) parts.push_back(std::move(below));
        }
        if (!is_rule(snapshot.nodes[i]) && parts.size() > 1) {
            std::vector<std::vector<std::uint32_t>> kept;
            for (std::size_t a = 0; a < parts.size(); ++a) {
                bool wider = false;
                for (std::size_t b = 0; b < parts.size() && !wider; ++b)
                    wider = b != a && subset(parts[b], parts[a]) && !subset(parts[a], parts[b]);
                if (!wider) kept.push_back(parts[a]);
            }
            parts = std::move(kept);
        }
        std::vector<std::uint32_t> out;
        for (const auto& part : parts)
            for (std::uint32_t x : part)
                if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
        memo[i] = std::move(out);
        return memo[i];
    };
    std::vector<FailedCondition> out;
    if (snapshot.nodes.empty()) return out;
    std::vector<std::uint32_t> leaves = walk(walk, 0);
    for (std::uint32_t leaf : leaves) {
        const auto& n = snapshot.nodes[leaf];
        if (std::any_of(out.begin(), out.end(), [&](const FailedCondition& f) { return f.global == n.global; })) continue;
        // The values the condition read, e.g. the status on that day.
        std::string values;
        for (std::uint32_t v : n.children) {
            const auto& read = snapshot.nodes[v];
            if (read.text.empty() || is_bool(read)) continue;
            values += (values.empty() ? " (" : ", ") + label(read) + ": " + read.text;
        }
        out.push_back({n.global, label(n) + (values.empty() ? "" : values + ")")});
    }
    return out;
}

}  // namespace klappt
