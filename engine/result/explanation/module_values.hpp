// Private to the two explanation trees (technical_tree.cpp, people_tree.cpp): the module
// values an output is made of — one, a list of them (e.g. one per measure), or none — each of
// which the trees explain on its own; the order both walk the outputs in; and what both hold
// while they write.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/runtime/evaluator.hpp"

namespace klappt {

// Whether an output of type `type` is made of module values.
inline bool holds_module_values(const RuleSet& rules, TypeId type) {
    TypeId t = rules.types.strip_optional(type);
    return rules.types.kind(t) == TypeKind::instance ||
           (rules.types.kind(t) == TypeKind::list && rules.types.kind(rules.types[t].ref) == TypeKind::instance);
}

// Calls `each(number, frame)` for every module value in `v` of type `type`: number 0 for a
// single one, 1, 2, … in a list.
template <class Each>
void for_each_module_value(const RuleSet& rules, const Value& v, TypeId type, Each&& each) {
    if (!v.present || !holds_module_values(rules, type)) return;
    if (rules.types.kind(rules.types.strip_optional(type)) == TypeKind::instance) return each(std::uint32_t{0}, v.frame);
    for (std::uint32_t k = 0; k < v.list.size; ++k) each(k + 1, v.list.items[k].frame);
}

inline const std::string& label_or_name(const Definition& def) { return def.label.empty() ? def.name : def.label; }

// What both trees read while they write: the traced evaluation and its rule set; and which
// definitions a tree has shown, so that each is explained once.
struct TreeWriter {
    explicit TreeWriter(Evaluator& ev) : ev_(ev), program_(ev.program()), rules_(program_.rules) {}

    // Writes the line of definition `d` of `frame`.  Met again, it gets `again` („wie oben“)
    // and false: what it depends on is not repeated.
    bool write_once(std::string& out, const std::string& line, Frame* frame, std::uint32_t d, const char* again) {
        if (std::find(shown_.begin(), shown_.end(), std::pair{frame, d}) != shown_.end()) {
            out += line + " " + again + "\n";
            return false;
        }
        out += line + "\n";
        shown_.push_back({frame, d});
        return true;
    }

    Evaluator& ev_;
    const Program& program_;
    const RuleSet& rules_;
    std::vector<std::pair<Frame*, std::uint32_t>> shown_;
};

// The order both trees explain a case in: every output of the rule set on its module's frame
// (`explain(out, frame, definition, 0)`), and after an output made of module values (e.g. one
// per measure) each of them under its own heading („Maßnahme 2:“) with its outputs at depth 1.
// `shown(definition)` leaves an output out, at either level.  Returns the whole text.
template <class Shown, class Explain>
std::string explain_outputs(Evaluator& ev, Shown&& shown, Explain&& explain) {
    std::string out;
    const Program& program = ev.program();
    const RuleSet& rules = program.rules;
    for (std::size_t i = 0; i < rules.outputs.size(); ++i) {
        const OutputRef& ref = rules.outputs[i];
        const Definition& def = program.definition(ref.module, ref.definition);
        if (!shown(def)) continue;
        Value v = ev.output(i);
        explain(out, ev.singleton(ref.module), ref.definition, 0);
        for_each_module_value(rules, v, def.type, [&](std::uint32_t number, Frame* frame) {
            out += "\n" + label_or_name(def);
            if (number) out += " " + std::to_string(number);
            out += ":\n";
            for (std::uint32_t d : rules.modules[frame->module].outputs) {
                ev.force(frame, d);
                if (shown(program.definition(frame->module, d))) explain(out, frame, d, 1);
            }
        });
    }
    return out;
}

}  // namespace klappt
