#include "authoring/condition_analysis.hpp"

#include "dsl/node_operands.hpp"
#include "engine/base/money.hpp"

namespace klappt::authoring {

namespace {

constexpr std::int64_t kMaxCombinations = 4096;
constexpr int kMaxDepth = 200;

bool structural(Op op) {
    switch (op) {
        case Op::constant:
        case Op::logical_not:
        case Op::logical_and:
        case Op::logical_or:
        case Op::all_of:
        case Op::any_of:
        case Op::if_then_else:
        case Op::eq:
        case Op::ne:
        case Op::lt:
        case Op::le:
        case Op::gt:
        case Op::ge:
        case Op::in_set:
        case Op::not_in_set: return true;
        default: return false;
    }
}

}  // namespace

bool ConditionAnalysis::is_condition(NodeId id) const {
    return rules_.types.kind(rules_.nodes[id].type) == TypeKind::boolean;
}

const std::string& ConditionAnalysis::key(NodeId id) {
    if (auto it = keys_.find(id); it != keys_.end()) return it->second;
    const Node& n = rules_.nodes[id];
    std::string k = std::to_string(static_cast<int>(n.op)) + "(" + std::to_string(n.a) + "," + std::to_string(n.b) + "," +
                    std::to_string(n.c) + "," + std::to_string(n.module) + ",";
    if (n.op == Op::constant) {
        const Constant& c = rules_.constants[n.a];
        k = "K(" + std::to_string(static_cast<int>(c.kind)) + "," + std::to_string(c.a) + "," + std::to_string(c.b) + "," +
            c.text + "," + (c.none ? "n" : "") + ",";
    }
    // Operands by their own keys, so two places that read the same thing are one variable.
    std::vector<NodeId> kids;
    for_each_operand(n, rules_.children, [&](const NodeId& c) { kids.push_back(c); });
    if (n.op == Op::reasons || n.op == Op::uses_example_values)
        for (std::uint32_t i = 0; i < n.child_count; ++i) kids.push_back(rules_.children[n.first_child + i]);
    for (NodeId c : kids) k += key(c) + ";";
    k += ")";
    return keys_[id] = k;
}

std::optional<int> ConditionAnalysis::compare_constants(const Constant& a, const Constant& b) const {
    if (a.none || b.none) {
        if (a.none && b.none) return 0;
        return std::nullopt;
    }
    if (a.kind != b.kind) return std::nullopt;
    switch (a.kind) {
        case TypeKind::text: return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
        case TypeKind::decimal: {
            money::Int128 l = static_cast<money::Int128>(a.a) * b.b, r = static_cast<money::Int128>(b.a) * a.b;
            return l < r ? -1 : l > r ? 1 : 0;
        }
        case TypeKind::duration:
            if (a.a == b.a && a.b == b.b) return 0;
            return std::nullopt;
        default: return a.a < b.a ? -1 : a.a > b.a ? 1 : 0;
    }
}

bool ConditionAnalysis::is_variable(NodeId id) {
    const Node& n = rules_.nodes[id];
    if (!structural(n.op)) return true;
    if (n.op == Op::eq || n.op == Op::ne || n.op == Op::lt || n.op == Op::le || n.op == Op::gt || n.op == Op::ge) {
        const Node &l = rules_.nodes[n.a], &r = rules_.nodes[n.b];
        bool finite = n.operand_kind == TypeKind::boolean || n.operand_kind == TypeKind::enumeration;
        bool both_constant = l.op == Op::constant && r.op == Op::constant;
        bool same = key(n.a) == key(n.b);
        if ((n.op == Op::eq || n.op == Op::ne) && finite) return false;
        return !(both_constant || same);
    }
    if (n.op == Op::in_set || n.op == Op::not_in_set) {
        if (n.operand_kind != TypeKind::enumeration && n.operand_kind != TypeKind::boolean) return true;
        for (std::uint32_t i = 0; i < n.child_count; ++i)
            if (rules_.nodes[rules_.children[n.first_child + i]].op != Op::constant) return true;
        return false;
    }
    if (n.op == Op::if_then_else) {
        TypeKind k = rules_.types.kind(rules_.types.strip_optional(n.type));
        return !(k == TypeKind::boolean || k == TypeKind::enumeration);
    }
    return false;
}

bool ConditionAnalysis::collect(NodeId id, std::map<std::string, Var>& vars, int depth) {
    if (depth > kMaxDepth) return false;
    const Node& n = rules_.nodes[id];
    if (n.op == Op::constant) return true;
    if (is_variable(id)) {
        TypeId t = rules_.types.strip_optional(n.type);
        TypeKind k = rules_.types.kind(t);
        Var v;
        v.optional = rules_.types.is_optional(n.type);
        if (k == TypeKind::boolean) v.domain = 2;
        else if (k == TypeKind::enumeration) v.domain = static_cast<std::int64_t>(rules_.enums[rules_.types[t].ref].values.size());
        else return false;
        vars[key(id)] = v;
        return true;
    }
    bool ok = true;
    std::vector<NodeId> kids;
    if (n.op == Op::in_set || n.op == Op::not_in_set) kids.push_back(n.a);
    else for_each_operand(n, rules_.children, [&](const NodeId& c) { kids.push_back(c); });
    if ((n.op == Op::lt || n.op == Op::le || n.op == Op::gt || n.op == Op::ge || n.op == Op::eq || n.op == Op::ne) &&
        n.operand_kind != TypeKind::boolean && n.operand_kind != TypeKind::enumeration)
        return true;  // decided by constants or identical sides: nothing to enumerate
    for (NodeId c : kids) ok = ok && collect(c, vars, depth + 1);
    return ok;
}

ConditionAnalysis::Val ConditionAnalysis::eval(NodeId id, const std::map<std::string, Val>& assignment, int depth) {
    const Node& n = rules_.nodes[id];
    if (n.op == Op::constant) {
        const Constant& c = rules_.constants[n.a];
        return Val{c.none, c.a};
    }
    if (is_variable(id)) return assignment.at(key(id));
    auto boolean = [](bool b) { return Val{false, b ? 1 : 0}; };
    switch (n.op) {
        case Op::logical_not: return boolean(eval(n.a, assignment, depth + 1).v == 0);
        case Op::logical_and: return boolean(eval(n.a, assignment, depth + 1).v && eval(n.b, assignment, depth + 1).v);
        case Op::logical_or: return boolean(eval(n.a, assignment, depth + 1).v || eval(n.b, assignment, depth + 1).v);
        case Op::all_of:
        case Op::any_of: {
            bool all = true, any = false;
            for (std::uint32_t i = 0; i < n.child_count; ++i) {
                bool v = eval(rules_.children[n.first_child + i], assignment, depth + 1).v != 0;
                all = all && v;
                any = any || v;
            }
            return boolean(n.op == Op::all_of ? all : any);
        }
        case Op::if_then_else:
            return eval(n.a, assignment, depth + 1).v ? eval(n.b, assignment, depth + 1) : eval(n.c, assignment, depth + 1);
        case Op::in_set:
        case Op::not_in_set: {
            Val e = eval(n.a, assignment, depth + 1);
            bool found = false;
            for (std::uint32_t i = 0; i < n.child_count; ++i) {
                Val m = eval(rules_.children[n.first_child + i], assignment, depth + 1);
                found = found || (!e.none && !m.none && e.v == m.v);
            }
            return boolean(n.op == Op::in_set ? found : !found);
        }
        default: break;
    }
    // Comparisons: of finite values by enumeration, else of constants or of identical sides.
    const Node &l = rules_.nodes[n.a], &r = rules_.nodes[n.b];
    std::optional<int> order;
    if (key(n.a) == key(n.b)) order = 0;
    else if (l.op == Op::constant && r.op == Op::constant)
        order = compare_constants(rules_.constants[l.a], rules_.constants[r.a]);
    else {
        Val a = eval(n.a, assignment, depth + 1), b = eval(n.b, assignment, depth + 1);
        if (a.none || b.none) order = a.none && b.none ? std::optional<int>(0) : std::nullopt;
        else order = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
    }
    switch (n.op) {
        case Op::eq: return boolean(order && *order == 0);
        case Op::ne: return boolean(!order || *order != 0);
        case Op::lt: return boolean(order && *order < 0);
        case Op::le: return boolean(order && *order <= 0);
        case Op::gt: return boolean(order && *order > 0);
        case Op::ge: return boolean(order && *order >= 0);
        default: return Val{};
    }
}

std::optional<bool> ConditionAnalysis::constant(NodeId id) {
    const Node& n = rules_.nodes[id];
    if (n.op == Op::constant || !is_condition(id) || is_variable(id)) return std::nullopt;
    std::map<std::string, Var> vars;
    if (!collect(id, vars, 0)) return std::nullopt;
    std::int64_t combinations = 1;
    for (auto& [_, v] : vars) {
        combinations *= v.domain + (v.optional ? 1 : 0);
        if (combinations > kMaxCombinations) return std::nullopt;
    }
    std::vector<std::pair<std::string, Var>> list(vars.begin(), vars.end());
    std::map<std::string, Val> assignment;
    std::optional<bool> seen;
    for (std::int64_t c = 0; c < combinations; ++c) {
        std::int64_t rest = c;
        for (auto& [k, v] : list) {
            std::int64_t size = v.domain + (v.optional ? 1 : 0);
            std::int64_t x = rest % size;
            rest /= size;
            assignment[k] = x == v.domain ? Val{true, 0} : Val{false, x};
        }
        bool value = eval(id, assignment, 0).v != 0;
        if (seen && *seen != value) return std::nullopt;
        seen = value;
    }
    return seen;
}

}  // namespace klappt::authoring
