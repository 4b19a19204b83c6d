// Whether a condition can ever change: its finite inputs (truth values, enum values, and
// any other sub-condition taken as an unknown truth value) are enumerated, and when every
// combination gives the same result the condition is constant — `1 == 1`,
// `x == duldung or x != duldung`, `a and not a`.  Used by the lints `immer-gleich` and
// `ausnahme-wirkungslos`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dsl/rule_set.hpp"

namespace klappt::authoring {

class ConditionAnalysis {
public:
    explicit ConditionAnalysis(const RuleSet& rules) : rules_(rules) {}

    // A truth value that is not optional.
    bool is_condition(NodeId id) const;
    // The value the condition always has, or nullopt when it can change (or is too large to
    // enumerate).  A literal `true`/`false` is nullopt: it is written on purpose.
    std::optional<bool> constant(NodeId id);

private:
    struct Val {
        bool none = false;
        std::int64_t v = 0;
    };
    struct Var {
        std::int64_t domain = 2;  // values 0..domain-1
        bool optional = false;    // plus none
    };
    bool collect(NodeId id, std::map<std::string, Var>& vars, int depth);
    Val eval(NodeId id, const std::map<std::string, Val>& assignment, int depth);
    const std::string& key(NodeId id);
    bool is_variable(NodeId id);
    std::optional<int> compare_constants(const Constant& a, const Constant& b) const;

    const RuleSet& rules_;
    std::map<NodeId, std::string> keys_;
};

}  // namespace klappt::authoring
