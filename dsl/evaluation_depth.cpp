#include "dsl/evaluation_depth.hpp"

#include <algorithm>
#include <string>

#include "dsl/node_operands.hpp"

namespace klappt::dsl {

namespace {

// Depth-first over nodes and definitions with an explicit stack, each value memoised:
// linear in the size of the rule set, and no recursion however deep the rules are.
class DepthWalk {
public:
    explicit DepthWalk(const RuleSet& rules) : rules_(rules), node_depth_(rules.nodes.size(), 0) {
        for (const Module& m : rules.modules) {
            base_.push_back(static_cast<std::uint32_t>(def_depth_.size()));
            def_depth_.resize(def_depth_.size() + m.definitions.size(), 0);
        }
        def_state_.assign(def_depth_.size(), State::unvisited);
        node_state_.assign(rules.nodes.size(), State::unvisited);
    }

    std::size_t definition(std::uint32_t m, std::uint32_t d) {
        run({Item::Kind::definition, m, d});
        return def_depth_[base_[m] + d];
    }
    std::size_t node(NodeId id) {
        run({Item::Kind::node, id, 0});
        return node_depth_[id];
    }

private:
    enum class State : std::uint8_t { unvisited, open, done };
    struct Item {
        enum class Kind : std::uint8_t { node, definition } kind;
        std::uint32_t a, b;  // node id; or module, definition
    };

    // The definition a reference node names, if it is one.
    bool referenced(const Node& n, std::uint32_t& m, std::uint32_t& d) const {
        if (n.op == Op::definition) m = n.a, d = n.b;
        else if (n.op == Op::own_definition) m = n.module, d = n.b;
        else return false;
        return true;
    }

    // Calls f(item) for everything `item` needs evaluated (its successors).
    template <typename F>
    void successors(const Item& item, F&& f) const {
        if (item.kind == Item::Kind::definition) {
            const Definition& def = rules_.modules[item.a].definitions[item.b];
            auto root = [&](NodeId id) {
                if (id != kNoNode) f(Item{Item::Kind::node, id, 0});
            };
            root(def.value);
            for (const auto& v : def.versions) root(v.value);
            for (const auto& e : def.exceptions) root(e.condition), root(e.value);
            return;
        }
        const Node& n = rules_.nodes[item.a];
        std::uint32_t m = 0, d = 0;
        if (referenced(n, m, d)) {
            f(Item{Item::Kind::definition, m, d});
            return;
        }
        if (n.op == Op::reasons || n.op == Op::uses_example_values) {
            for (std::uint32_t i = 0; i < n.child_count; ++i)
                f(Item{Item::Kind::node, rules_.children[n.first_child + i], 0});
            return;
        }
        if (n.op == Op::instance_member) {
            TypeId t = rules_.types.strip_optional(rules_.nodes[n.a].type);
            f(Item{Item::Kind::definition, rules_.types[t].ref, n.b});
        }
        for_each_operand(n, rules_.children, [&](NodeId id) { f(Item{Item::Kind::node, id, 0}); });
    }

    State& state(const Item& i) { return i.kind == Item::Kind::node ? node_state_[i.a] : def_state_[base_[i.a] + i.b]; }
    std::size_t& depth(const Item& i) { return i.kind == Item::Kind::node ? node_depth_[i.a] : def_depth_[base_[i.a] + i.b]; }

    void run(Item start) {
        if (state(start) == State::done) return;
        stack_.push_back(start);
        while (!stack_.empty()) {
            Item item = stack_.back();
            State& s = state(item);
            if (s == State::done) {
                stack_.pop_back();
                continue;
            }
            if (s == State::unvisited) {
                s = State::open;
                successors(item, [&](const Item& next) {
                    if (state(next) == State::unvisited) stack_.push_back(next);
                });
                continue;
            }
            // All successors are done (or open: a cycle, which the checker has reported).
            std::size_t deepest = 0;
            successors(item, [&](const Item& next) {
                if (state(next) == State::done) deepest = std::max(deepest, depth(next));
            });
            depth(item) = deepest + 1;
            s = State::done;
            stack_.pop_back();
        }
    }

    const RuleSet& rules_;
    std::vector<std::uint32_t> base_;
    std::vector<std::size_t> node_depth_, def_depth_;
    std::vector<State> node_state_, def_state_;
    std::vector<Item> stack_;
};

}  // namespace

std::vector<std::vector<std::size_t>> evaluation_depths(const RuleSet& rules) {
    DepthWalk walk(rules);
    std::vector<std::vector<std::size_t>> out(rules.modules.size());
    for (std::uint32_t m = 0; m < rules.modules.size(); ++m)
        for (std::uint32_t d = 0; d < rules.modules[m].definitions.size(); ++d) out[m].push_back(walk.definition(m, d));
    return out;
}

bool check_evaluation_depth(const RuleSet& rules, std::size_t limit, Diagnostics& diagnostics) {
    auto depths = evaluation_depths(rules);
    bool ok = true;
    for (std::uint32_t m = 0; m < rules.modules.size(); ++m) {
        for (std::uint32_t d = 0; d < rules.modules[m].definitions.size(); ++d) {
            if (depths[m][d] <= limit) continue;
            ok = false;
            // Only where the depth first crosses the limit: everything built on it is too deep as well.
            const Definition& def = rules.modules[m].definitions[d];
            bool first = true;
            auto check_root = [&](NodeId root) {
                if (root == kNoNode) return;
                std::vector<NodeId> todo{root};
                while (!todo.empty() && first) {
                    const Node& n = rules.nodes[todo.back()];
                    todo.pop_back();
                    if (n.op == Op::definition || n.op == Op::own_definition) {
                        std::uint32_t rm = n.op == Op::definition ? n.a : n.module;
                        if (depths[rm][n.b] > limit) first = false;
                        continue;
                    }
                    if (n.op == Op::instance_member) {
                        TypeId t = rules.types.strip_optional(rules.nodes[n.a].type);
                        if (depths[rules.types[t].ref][n.b] > limit) first = false;
                    }
                    if (n.op == Op::reasons || n.op == Op::uses_example_values)
                        for (std::uint32_t i = 0; i < n.child_count; ++i) todo.push_back(rules.children[n.first_child + i]);
                    for_each_operand(n, rules.children, [&](NodeId id) { todo.push_back(id); });
                }
            };
            check_root(def.value);
            for (const auto& v : def.versions) check_root(v.value);
            for (const auto& e : def.exceptions) check_root(e.condition), check_root(e.value);
            if (!first) continue;
            diagnostics.error(rules.modules[m].file, def.span,
                              "„" + rules.qualified_name(m, d) + "“ ist zu tief verschachtelt: die Auswertung geht über " +
                                  std::to_string(depths[m][d]) + " Stufen (höchstens " + std::to_string(limit) +
                                  "), durch eine lange Kette von Definitionen, die jeweils die vorige verwenden; "
                                  "die Kette kürzer machen (z. B. mit sum/count über eine Liste statt einzelner Schritte)");
        }
    }
    return ok;
}

}  // namespace klappt::dsl
