#include "engine/runtime/list_index.hpp"

#include <functional>
#include <string_view>

#include "dsl/node_operands.hpp"
#include "engine/runtime/same_value.hpp"

namespace klappt {

namespace {

std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

class Planner {
public:
    explicit Planner(const RuleSet& rules) : rules_(rules) {}

    IndexPlan plan(const Node& n) const {
        IndexPlan out;
        if (n.b == kNoNode) return out;
        NodeId cond = n.b;
        while (rules_.nodes[cond].op == Op::logical_and) cond = rules_.nodes[cond].a;  // the first conjunct
        const Node& c = rules_.nodes[cond];
        if (!is_scalar_kind(c.operand_kind)) return out;
        if (c.op == Op::eq) {
            if (element_path(c.a, n.binder) && independent(c.b, n.binder)) {
                out.key = c.a;
                out.probe = c.b;
            } else if (element_path(c.b, n.binder) && independent(c.a, n.binder)) {
                out.key = c.b;
                out.probe = c.a;
            }
        } else if (c.op == Op::in_list && element_path(c.b, n.binder) && independent(c.a, n.binder)) {
            out.key = c.b;
            out.probe = c.a;
            out.membership = true;
        }
        if (out.key != kNoNode) out.kind = c.operand_kind;
        return out;
    }

private:
    // x, x.f, x.f.g … for the element in binder `slot`.
    bool element_path(NodeId id, std::uint32_t slot) const {
        const Node& n = rules_.nodes[id];
        if (n.op == Op::binder) return n.a == slot;
        if (n.op == Op::field) return element_path(n.a, slot);
        return false;
    }

    // A value that stays the same for every element: it cannot read binder `slot`
    // (definitions are separate expressions and never see a comprehension's binder).
    bool independent(NodeId id, std::uint32_t slot) const {
        const Node& n = rules_.nodes[id];
        if (n.op == Op::binder) return n.a != slot;
        if (is_leaf(n.op)) return true;
        switch (n.op) {
            case Op::field:
            case Op::instance_member: return independent(n.a, slot);
            case Op::instantiate: {
                const NodeId* kids = rules_.child_ids(n);
                for (std::uint32_t i = 0; i < n.child_count; ++i)
                    if (!independent(kids[i], slot)) return false;
                return true;
            }
            default: return false;
        }
    }

    const RuleSet& rules_;
};

}  // namespace

std::uint64_t hash_value(const Value& v, TypeKind kind) {
    if (!v.present) return 0x9e3779b97f4a7c15ULL;
    switch (kind) {
        case TypeKind::boolean: return mix(v.b ? 1 : 2);
        case TypeKind::integer:
        case TypeKind::money: return mix(static_cast<std::uint64_t>(v.i));
        case TypeKind::date: return mix(static_cast<std::uint64_t>(static_cast<std::int64_t>(v.day)) + 3);
        case TypeKind::enumeration: return mix(v.ordinal + 5ULL);
        case TypeKind::decimal:
            return mix(static_cast<std::uint64_t>(v.dec.num) * 31 + static_cast<std::uint64_t>(v.dec.den));
        case TypeKind::duration:
            return mix((static_cast<std::uint64_t>(static_cast<std::uint32_t>(v.dur.months)) << 32) ^
                       static_cast<std::uint32_t>(v.dur.days));
        case TypeKind::text: return std::hash<std::string_view>{}(v.str());
        case TypeKind::record: return mix(reinterpret_cast<std::uintptr_t>(v.fields));
        case TypeKind::list: return mix(reinterpret_cast<std::uintptr_t>(v.list.items) ^ v.list.size);
        case TypeKind::instance: return mix(reinterpret_cast<std::uintptr_t>(v.frame));
        default: return 0;
    }
}

std::vector<IndexPlan> plan_list_indexes(const RuleSet& rules) {
    std::vector<IndexPlan> plans(rules.nodes.size());
    Planner planner(rules);
    for (std::size_t i = 0; i < rules.nodes.size(); ++i)
        if (is_comprehension(rules.nodes[i].op)) plans[i] = planner.plan(rules.nodes[i]);
    return plans;
}

void ListIndex::add(const Value& key, std::uint32_t position) {
    std::uint64_t h = hash_value(key, kind_);
    auto [begin, end] = by_hash_.equal_range(h);
    for (auto it = begin; it != end; ++it) {
        Entry& e = entries_[it->second];
        if (same_value(e.key, key, kind_)) {
            if (e.positions.back() != position) e.positions.push_back(position);  // a list may hold a key twice
            return;
        }
    }
    by_hash_.emplace(h, static_cast<std::uint32_t>(entries_.size()));
    entries_.push_back({key, {position}});
}

const std::vector<std::uint32_t>* ListIndex::find(const Value& probe) const {
    auto [begin, end] = by_hash_.equal_range(hash_value(probe, kind_));
    for (auto it = begin; it != end; ++it)
        if (same_value(entries_[it->second].key, probe, kind_)) return &entries_[it->second].positions;
    return nullptr;
}

}  // namespace klappt
