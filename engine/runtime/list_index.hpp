// Hash indexes that let the evaluator answer a comprehension such as
//
//     any(o in weiterleitungen where o.baustein == w.baustein and …: …)
//     count(t in teilnahmen where p in t.faelle and …)
//
// without visiting every element.  The where condition's first conjunct is an
// equality between a path on the element (x, x.f, x.f.g) and an expression that
// does not mention the element, or `e in x.f` with a list of scalars on the
// element.  The elements whose key matches are then exactly the ones for which
// that conjunct is true, so only they are visited, in list order, and the rest of
// the condition and the body are evaluated for them as before.  Results,
// evaluation order among the matching elements and short-circuiting are
// unchanged; what disappears is the n × m work of nested loops over large lists.
//
// Indexes live for one case (Evaluator::start clears them).  An index is built
// the second time the same list (same items pointer) meets the same
// comprehension, so a list that is built and scanned only once costs nothing extra.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "dsl/rule_set.hpp"
#include "engine/base/value.hpp"

namespace klappt {

// A hash consistent with same_value(a, b, kind): equal values hash equally.
std::uint64_t hash_value(const Value& v, TypeKind kind);

// How the comprehension at a node can use an index; key == kNoNode when it cannot.
struct IndexPlan {
    NodeId key = kNoNode;      // path on the element (evaluated with the element in the binder)
    NodeId probe = kNoNode;    // the other side (does not read the element)
    bool membership = false;   // `probe in key` (key is a list of scalars) instead of `key == probe`
    TypeKind kind = TypeKind::error;  // kind of the compared scalars
};

// One plan per node of the rule set (most are empty).
std::vector<IndexPlan> plan_list_indexes(const RuleSet& rules);

// The positions of a list's elements by key.
class ListIndex {
public:
    explicit ListIndex(TypeKind kind) : kind_(kind) {}
    void add(const Value& key, std::uint32_t position);
    // Positions whose key equals `probe`, ascending; null when none.
    const std::vector<std::uint32_t>* find(const Value& probe) const;

private:
    struct Entry {
        Value key;
        std::vector<std::uint32_t> positions;
    };
    TypeKind kind_;
    std::unordered_multimap<std::uint64_t, std::uint32_t> by_hash_;  // hash → entry
    std::vector<Entry> entries_;
};

}  // namespace klappt
