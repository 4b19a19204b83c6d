// `klappt check --explain=technisch` and the Prüfprotokoll: the evaluator's trace as a
// tree for policy authors — every definition read, with its qualified name, value,
// version, source, interpretation and exception, module arguments and parameters with
// their provenance.  Built by the case runner while the evaluation lives (case_runner.hpp);
// a definition met twice is shown once („siehe oben“).
#include <algorithm>
#include <limits>

#include "engine/base/calendar.hpp"
#include "engine/result/explanation/module_values.hpp"
#include "engine/result/explanation/trees.hpp"
#include "engine/runtime/value_text.hpp"

namespace klappt {

namespace {

class TechnicalTree : TreeWriter {
public:
    using TreeWriter::TreeWriter;

    std::string frame_name(const Frame* frame) {
        const Module& module = rules_.modules[frame->module];
        if (!module.parametrised()) return module.name;
        std::string args;
        for (std::size_t i = 0; i < module.params.size(); ++i) {
            if (i) args += ", ";
            TypeId t = module.params[i].type;
            TypeKind k = rules_.types.kind(rules_.types.strip_optional(t));
            std::string shown;
            if (k == TypeKind::record) shown = record_name(frame->args[i]);
            else if (k == TypeKind::list) shown.append("#").append(std::to_string(instance_number(frame)));
            else if (k == TypeKind::enumeration) shown = enum_value_name(program_, frame->args[i], t);
            else shown = german_value(program_, frame->args[i], t);
            args += module.params[i].name + ": " + shown;
        }
        return module.name + "(" + args + ")";
    }

    // A record argument by where it comes from in the case (`massnahmen.1`), else by a number.
    std::string record_name(const Value& record) {
        const Case& kase = ev_.current_case();
        for (std::size_t i = 0; i < rules_.inputs.size(); ++i) {
            TypeId t = rules_.types.strip_optional(rules_.inputs[i].field.type);
            const Value& input = kase.inputs[i];
            if (!input.present) continue;
            if (rules_.types.kind(t) == TypeKind::record && input.fields == record.fields) return rules_.inputs[i].field.name;
            if (rules_.types.kind(t) != TypeKind::list) continue;
            for (std::uint32_t k = 0; k < input.list.size; ++k)
                if (input.list.items[k].fields == record.fields)
                    return rules_.inputs[i].field.name + "." + std::to_string(k + 1);
        }
        auto it = std::find(records_.begin(), records_.end(), record.fields);
        if (it == records_.end()) it = records_.insert(records_.end(), record.fields);
        std::string name = "#";
        return name.append(std::to_string(it - records_.begin() + 1));
    }

    std::size_t instance_number(const Frame* frame) {
        auto it = std::find(numbered_.begin(), numbered_.end(), frame);
        if (it != numbered_.end()) return static_cast<std::size_t>(it - numbered_.begin()) + 1;
        numbered_.push_back(frame);
        return numbered_.size();
    }

    bool rooted_in_input(NodeId id) const {
        const Node& n = rules_.nodes[id];
        if (n.op == Op::field) return rooted_in_input(n.a);
        return n.op == Op::input;
    }

    std::string leaf_path(NodeId id) {
        const Node& n = rules_.nodes[id];
        switch (n.op) {
            case Op::input: return rules_.inputs[n.a].field.name;
            case Op::module_param: return rules_.modules[n.module].params[n.a].name;
            case Op::field: {
                const Node& object = rules_.nodes[n.a];
                TypeId t = rules_.types.strip_optional(object.type);
                std::string base = leaf_path(n.a);
                return base + "." + rules_.records[rules_.types[t].ref].fields[n.b].name;
            }
            default: return "…";
        }
    }

    void definition(std::string& out, Frame* frame, std::uint32_t d, const std::string& prefix,
                    const std::string& child_prefix) {
        const Definition& def = program_.definition(frame->module, d);
        const Slot& slot = ev_.slot(frame, d);
        std::string line = prefix;
        if (def.kind == DefinitionKind::rule) line += slot.value.b ? "✓ " : "✗ ";
        std::string name = frame_name(frame) + "." + def.name;
        line += name + " = " + (slot.value.present ? german_value(program_, slot.value, def.type) : "(kein Wert)");
        if (!def.label.empty()) line += " — " + def.label;
        if (slot.version >= 0) {
            const DefinitionVersion& v = def.versions[static_cast<std::size_t>(slot.version)];
            line += " [Fassung ab " + calendar::german(calendar::from_day_number(v.from)) + "]";
        }
        const std::string& source = program_.source_of(frame->module, d);
        if (!source.empty()) line += " [" + source + "]";
        if (!def.interpretation.empty()) line += " [Auslegung: " + def.interpretation + "]";
        if (slot.exception >= 0) {
            const auto& ex = def.exceptions[slot.exception];
            line += " — Ausnahme griff: " + (ex.label.empty() ? std::string("(ohne Bezeichnung)") : ex.label);
            if (!ex.source.empty()) line += " [" + ex.source + "]";
        }
        if (!write_once(out, line, frame, d, "(siehe oben)")) return;

        // Children: each thing read once; for a rule that failed, failed rules first.
        std::vector<const TraceEdge*> children;
        auto same = [&](const TraceEdge* c, const TraceEdge* e) {
            if (c->kind != e->kind || c->frame != e->frame) return false;
            // The same input field read at two places of a rule is one fact.
            if (e->kind == TraceEdge::Kind::leaf) return leaf_path(c->index) == leaf_path(e->index);
            return c->index == e->index;
        };
        for (const TraceEdge* e = ev_.edges_begin(slot); e != ev_.edges_end(slot); ++e)
            if (std::none_of(children.begin(), children.end(), [&](const TraceEdge* c) { return same(c, e); }))
                children.push_back(e);
        if (def.kind == DefinitionKind::rule && !slot.value.b)
            std::stable_partition(children.begin(), children.end(), [&](const TraceEdge* e) {
                return e->kind == TraceEdge::Kind::definition &&
                       program_.definition(e->frame->module, e->index).kind == DefinitionKind::rule && !e->value.b;
            });
        for (std::size_t i = 0; i < children.size(); ++i) {
            bool last = i + 1 == children.size();
            std::string branch = child_prefix + (last ? "└─ " : "├─ ");
            std::string next = child_prefix + (last ? "   " : "│  ");
            const TraceEdge& e = *children[i];
            switch (e.kind) {
                case TraceEdge::Kind::definition: definition(out, e.frame, e.index, branch, next); break;
                case TraceEdge::Kind::leaf: {
                    const Node& n = rules_.nodes[e.index];
                    out += branch + leaf_path(e.index) + " = " +
                           (e.value.present ? german_value(program_, e.value, n.type) : "(kein Wert)") +
                           (rooted_in_input(e.index) ? " (Angabe im Fall)\n" : " (Argument des Moduls)\n");
                    break;
                }
                case TraceEdge::Kind::parameter: {
                    const Parameter& p = program_.parameters[e.index];
                    const ParameterVersion* v = ev_.parameter_used(e.index);
                    std::string text = branch + "Parameter " + p.name + " = " +
                                       (e.value.present ? german_value(program_, e.value, rules_.params[e.index].type)
                                                        : "(kein Wert)");
                    if (!p.unit.empty()) text += " " + p.unit;
                    if (!p.label.empty()) text += " — " + p.label;
                    if (v) {
                        if (v->provenance == Provenance::example) text += " [Beispielwert, kein Recht]";
                        if (v->provenance == Provenance::interpretation) text += " [Auslegung]";
                        if (v->from > std::numeric_limits<DayNumber>::min())
                            text += " (gültig ab " + calendar::german(calendar::from_day_number(v->from)) + ")";
                        const std::string& src = v->source.empty() ? p.source : v->source;
                        if (!src.empty()) text += " [" + src + "]";
                        if (!v->note.empty()) text += " (Hinweis: " + v->note + ")";
                    } else {
                        text += " (am Stichtag kein gültiger Wert)";
                    }
                    out += text + "\n";
                    break;
                }
            }
        }
    }

private:
    std::vector<const Frame*> numbered_;
    std::vector<const Value*> records_;
};

}  // namespace

std::string explanation_text(Evaluator& ev) {
    TechnicalTree tree(ev);
    return explain_outputs(
        ev, [](const Definition&) { return true; },
        [&](std::string& out, Frame* frame, std::uint32_t d, int) { tree.definition(out, frame, d, "", ""); });
}

}  // namespace klappt
