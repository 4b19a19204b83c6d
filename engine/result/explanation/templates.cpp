// Filling the texts of the rule files (`rechenweg`, `urteil`, `wenn_nicht`, `hinweis`)
// with the values of an evaluation.  A placeholder is evaluated by the evaluator like any
// expression of the rules (memoised, so a value already computed is read, not recomputed).
#include <algorithm>

#include "engine/result/explanation/case_explanation.hpp"
#include "engine/runtime/value_text.hpp"

namespace klappt {

namespace {

bool is_reference(Op op) { return op == Op::definition || op == Op::own_definition || op == Op::instance_member; }

// rechenweg(x) may name a definition whose rechenweg names another: a bound against cycles.
constexpr int kMaxNesting = 32;

std::string fill(Evaluator& ev, const TextTemplate& text, Frame* frame, int depth);

const TextTemplate* chosen(Evaluator& ev, const TextTemplates& alternatives, Frame* frame) {
    for (const TextTemplate& t : alternatives) {
        if (t.condition == kNoNode) return &t;
        Value c = ev.placeholder(t.condition, frame);
        if (c.present && c.b) return &t;
    }
    return nullptr;
}

std::string calculation(Evaluator& ev, Frame* frame, std::uint32_t d, int depth);

// Follows `node` (part of a definition's body) through `if` to a definition with a rechenweg.
std::string calculation_of_node(Evaluator& ev, NodeId node, Frame* frame, TypeId type, int depth) {
    const Program& program = ev.program();
    const Node& n = program.rules.nodes[node];
    if (depth < kMaxNesting && n.op == Op::if_then_else) {
        Value c = ev.placeholder(n.a, frame);
        return calculation_of_node(ev, c.present && c.b ? n.b : n.c, frame, type, depth);
    }
    if (depth < kMaxNesting && is_reference(n.op)) {
        auto [f, d] = ev.referenced_definition(node, frame);
        return calculation(ev, f, d, depth + 1);
    }
    return german_value(program, ev.placeholder(node, frame), type);
}

std::string calculation(Evaluator& ev, Frame* frame, std::uint32_t d, int depth) {
    const Definition& def = ev.program().definition(frame->module, d);
    if (depth < kMaxNesting) {
        if (const TextTemplate* t = chosen(ev, def.rechenweg, frame)) return fill(ev, *t, frame, depth + 1);
        if (def.versions.empty() && def.exceptions.empty() && def.value != kNoNode)
            return calculation_of_node(ev, def.value, frame, def.type, depth + 1);
    }
    return german_value(ev.program(), ev.force(frame, d), def.type);
}

std::string label_of(const Definition& def) { return def.label.empty() ? def.name : def.label; }


std::string rule_text_at(Evaluator& ev, Frame* frame, std::uint32_t d, bool holds, int depth) {
    const Definition& def = ev.program().definition(frame->module, d);
    if (holds) {
        if (depth < kMaxNesting)
            if (const TextTemplate* t = chosen(ev, def.urteil, frame)) return fill(ev, *t, frame, depth + 1);
        return label_of(def);
    }
    if (depth < kMaxNesting)
        if (const TextTemplate* t = chosen(ev, def.wenn_nicht, frame)) return fill(ev, *t, frame, depth + 1);
    return "nicht erfüllt: " + label_of(def);
}

// „a, b und c“
std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += i + 1 == items.size() ? " und " : ", ";
        out += items[i];
    }
    return out;
}

std::string fill(Evaluator& ev, const TextTemplate& text, Frame* frame, int depth) {
    const Program& program = ev.program();
    const RuleSet& rules = program.rules;
    std::string out;
    for (const TextTemplate::Part& part : text.parts) {
        if (part.value == kNoNode) {
            out += part.text;
            continue;
        }
        const Node& node = rules.nodes[part.value];
        switch (part.use) {
            case PlaceholderUse::value: {
                TypeId t = rules.types.strip_optional(node.type);
                if (t == TypeTable::boolean && is_reference(node.op)) {
                    auto [f, d] = ev.referenced_definition(part.value, frame);
                    if (program.definition(f->module, d).kind == DefinitionKind::rule) {
                        out += rule_text_at(ev, f, d, f->slots[d].value.b, depth);
                        break;
                    }
                }
                out += german_value(program, ev.placeholder(part.value, frame), node.type);
                break;
            }
            case PlaceholderUse::code:
                out += enum_value_name(program, ev.placeholder(part.value, frame), node.type);
                break;
            case PlaceholderUse::calculation: {
                auto [f, d] = ev.referenced_definition(part.value, frame);
                out += calculation(ev, f, d, depth + 1);
                break;
            }
            case PlaceholderUse::reasons: {
                auto [f, d] = ev.referenced_definition(part.value, frame);
                std::vector<std::string> texts;
                for (const DecidingReason& r : deciding_reasons(ev, f, d))
                    if (r.kind == DecidingReason::Kind::condition &&
                        std::find(texts.begin(), texts.end(), r.text) == texts.end())
                        texts.push_back(r.text);
                out += joined(texts);
                break;
            }
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> fill_template(Evaluator& ev, const TextTemplates& text, Frame* frame) {
    if (const TextTemplate* t = chosen(ev, text, frame)) return fill(ev, *t, frame, 0);
    return std::nullopt;
}

std::string calculation_text(Evaluator& ev, Frame* frame, std::uint32_t d) { return calculation(ev, frame, d, 0); }

std::string rule_text(Evaluator& ev, Frame* frame, std::uint32_t d, bool holds) {
    return rule_text_at(ev, frame, d, holds, 0);
}

}  // namespace klappt
