#include "engine/render/case_output.hpp"

#include <algorithm>
#include <functional>

#include "engine/base/calendar.hpp"
#include "engine/render/explanation/case_explanation.hpp"
#include "engine/runtime/value_text.hpp"
#include "engine/render/value_json.hpp"

namespace klappt {

namespace {

void string_list_json(JsonOut& out, const std::vector<std::string>& items) {
    out.raw("[");
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out.raw(", ");
        out.string(items[i]);
    }
    out.raw("]");
}

void field(JsonOut& out, std::string_view key) {
    out.raw(", ");
    out.key(key);
    out.raw(" ");
}

void reasons_json(JsonOut& out, const std::vector<DecidingReason>& reasons) {
    out.raw("[");
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        const DecidingReason& r = reasons[i];
        if (i) out.raw(", ");
        out.raw("{");
        out.key("art");
        out.raw(" ");
        out.string(r.kind == DecidingReason::Kind::alternative ? "alternative"
                   : r.kind == DecidingReason::Kind::note      ? "hinweis"
                                                               : "bedingung");
        field(out, "erfuellt");
        out.raw(r.holds ? "true" : "false");
        field(out, "text");
        out.string(r.text);
        field(out, "quelle");
        out.string(r.source);
        field(out, "regel");
        out.string(r.rule);
        field(out, "auslegung");
        out.raw(r.interpretation ? "true" : "false");
        field(out, "ausnahme");
        if (r.exception.empty()) out.raw("null");
        else out.string(r.exception);
        out.raw("}");
    }
    out.raw("]");
}

void calculations_json(JsonOut& out, const std::vector<CalculationLine>& lines) {
    out.raw("{");
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i) out.raw(", ");
        out.key(lines[i].definition);
        out.raw(" ");
        out.string(lines[i].text);
    }
    out.raw("}");
}

}  // namespace

void write_instance_json(JsonOut& out, Evaluator& ev, const Value& v, const CaseExplanation* x) {
    const Program& program = ev.program();
    Frame* frame = v.frame;
    const Module& module = program.rules.modules[frame->module];
    out.raw("{");
    bool first = true;
    for (std::uint32_t d : module.outputs) {
        if (!first) out.raw(", ");
        first = false;
        out.key(module.definitions[d].name);
        out.raw(" ");
        Value value = ev.force(frame, d);
        json_value(out, program, value, module.definitions[d].type,
                   [&](JsonOut& o, const Value& inner) { write_instance_json(o, ev, inner, x); });
    }
    const ItemExplanation* item = nullptr;
    if (x)
        for (const ItemExplanation& candidate : x->items)
            if (candidate.frame == frame) item = &candidate;
    if (item) {
        field(out, "urteil");
        out.string(item->verdict);
        field(out, "rechenweg");
        calculations_json(out, item->calculations);
        field(out, "entscheidend");
        reasons_json(out, item->reasons);
        field(out, "hinweise");
        string_list_json(out, item->notes);
    }
    out.raw("}");
}

namespace {

const std::string& label_or_name(const Definition& def) { return def.label.empty() ? def.name : def.label; }

}  // namespace

std::string case_json(Evaluator& ev, const CaseExplanation* x) {
    const Program& program = ev.program();
    const RuleSet& rules = program.rules;
    const Case& kase = ev.current_case();
    std::string buffer;
    JsonOut out(buffer);
    out.raw("{");
    bool first = true;
    auto comma = [&]() {
        if (!first) out.raw(", ");
        first = false;
    };
    if (rules.case_id_input) {
        comma();
        auto& in = rules.inputs[*rules.case_id_input];
        out.key(in.field.name);
        out.raw(" ");
        out.raw(json_scalar(program, kase.inputs[*rules.case_id_input], in.field.type));
    }
    if (rules.check_date_input) {
        comma();
        auto& in = rules.inputs[*rules.check_date_input];
        out.key(in.field.name);
        out.raw(" ");
        out.raw(json_scalar(program, kase.inputs[*rules.check_date_input], in.field.type));
    }
    if (!program.manifest.version.empty()) {
        comma();
        out.key("regeln");
        out.raw(" {");
        out.key("version");
        out.raw(" ");
        out.string(program.manifest.version);
        out.raw(", ");
        out.key("sha256");
        out.raw(" ");
        out.string(program.sha256);
        out.raw("}");
    }
    for (std::size_t i = 0; i < rules.outputs.size(); ++i) {
        const OutputRef& ref = rules.outputs[i];
        const Definition& def = program.definition(ref.module, ref.definition);
        comma();
        out.key(def.name);
        out.raw(" ");
        Value v = ev.output(i);
        json_value(out, program, v, def.type,
                   [&](JsonOut& o, const Value& inner) { write_instance_json(o, ev, inner, x); });
    }
    if (x) {
        field(out, "urteil");
        out.string(x->verdict);
        if (!x->calculations.empty()) {
            field(out, "rechenweg");
            calculations_json(out, x->calculations);
        }
        if (!x->reasons.empty()) {
            field(out, "entscheidend");
            out.raw("{");
            for (std::size_t i = 0; i < x->reasons.size(); ++i) {
                if (i) out.raw(", ");
                out.key(x->reasons[i].definition);
                out.raw(" ");
                reasons_json(out, x->reasons[i].reasons);
            }
            out.raw("}");
        }
        field(out, "hinweise");
        string_list_json(out, x->notes);
    }
    out.raw("}");
    return buffer;
}

std::string case_error_json(const Program& program, const std::string& id, const std::vector<FieldError>& errors) {
    std::string buffer;
    JsonOut out(buffer);
    out.raw("{");
    out.key(program.rules.case_id_input ? program.rules.inputs[*program.rules.case_id_input].field.name : "fall");
    out.raw(" ");
    out.string(id);
    out.raw(", ");
    out.key("fehler");
    out.raw(" [");
    for (std::size_t i = 0; i < errors.size(); ++i) {
        if (i) out.raw(", ");
        out.raw("{");
        out.key("feld");
        out.raw(" ");
        out.string(errors[i].field);
        out.raw(", ");
        out.key("meldung");
        out.raw(" ");
        out.string(errors[i].message);
        out.raw("}");
    }
    out.raw("]}");
    return buffer;
}

// ---- German summary ---------------------------------------------------------

namespace {

class TextWriter {
public:
    TextWriter(Evaluator& ev, const CaseExplanation& x, const TextOptions& options)
        : ev_(ev), program_(ev.program()), rules_(program_.rules), x_(x), options_(options) {}

    // A top-level output: its calculation line, if the rules declare one, else its value.
    void output_lines(std::vector<std::string>& out, const Definition& def, const Value& v, const std::string& pad) {
        if (const CalculationLine* line = calculation(x_.calculations, def)) {
            out.push_back(pad + label_or_name(def) + ": " + line->text);
            return;
        }
        for (const ReasonList& list : x_.reasons)
            if (list.definition == def.name) {
                reason_lines(out, label_or_name(def), list.reasons, pad);
                return;
            }
        value_lines(out, label_or_name(def), v, def.type, pad);
    }

    // Appends `label: value` lines; compound values (records, module results, lists) nest.
    void value_lines(std::vector<std::string>& out, const std::string& label, const Value& v, TypeId type,
                     const std::string& pad) {
        TypeId t = rules_.types.strip_optional(type);
        TypeKind k = rules_.types.kind(t);
        if (!v.present || (k != TypeKind::list && k != TypeKind::record && k != TypeKind::instance)) {
            // Continuation lines of a multi-line text stay under the value.
            std::string text = german_value(program_, v, t);
            std::string indent(pad.size() + label.size() + 2, ' ');
            for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1 + indent.size()))
                text.insert(at + 1, indent);
            out.push_back(pad + label + ": " + text);
            return;
        }
        if (k == TypeKind::list) {
            TypeId element = rules_.types[t].ref;
            if (rules_.types.kind(element) == TypeKind::record && rules_.types[element].ref == rules_.reason_record) {
                reasons(out, label, v, pad);
                return;
            }
            if (v.list.size == 0) {
                out.push_back(pad + label + ": keine");
                return;
            }
            out.push_back(pad + label + ":");
            for (std::uint32_t i = 0; i < v.list.size; ++i) {
                std::string number = std::to_string(i + 1) + ". ";
                std::vector<std::string> item;
                members(item, v.list.items[i], element, pad + "  " + std::string(number.size(), ' '));
                if (item.empty()) continue;
                // The first member goes on the numbered line.
                item[0] = pad + "  " + number + item[0].substr(pad.size() + 2 + number.size());
                out.insert(out.end(), item.begin(), item.end());
            }
            return;
        }
        out.push_back(pad + label + ":");
        members(out, v, t, pad + "  ");
    }

private:
    void members(std::vector<std::string>& out, const Value& v, TypeId t, const std::string& pad) {
        TypeKind k = rules_.types.kind(t);
        if (k == TypeKind::record) {
            const RecordType& record = rules_.records[rules_.types[t].ref];
            for (std::size_t i = 0; i < record.fields.size(); ++i)
                value_lines(out, record.fields[i].label.empty() ? record.fields[i].name : record.fields[i].label,
                            v.fields[i], record.fields[i].type, pad);
        } else if (k == TypeKind::instance) {
            const Module& module = rules_.modules[v.frame->module];
            const ItemExplanation* item = nullptr;
            for (const ItemExplanation& candidate : x_.items)
                if (candidate.frame == v.frame) item = &candidate;
            for (std::uint32_t d : module.outputs) {
                const Definition& def = module.definitions[d];
                Value value = ev_.force(v.frame, d);
                if (item && !def.urteil.empty()) {
                    if (!item->verdict.empty()) out.push_back(pad + "Ergebnis: " + item->verdict);
                    continue;
                }
                if (const CalculationLine* line = item ? calculation(item->calculations, def) : nullptr) {
                    out.push_back(pad + label_or_name(def) + ": " + line->text);
                    continue;
                }
                if (item && def.value != kNoNode && rules_.nodes[def.value].op == Op::reasons) {
                    for (const std::string& note : item->notes) out.push_back(pad + "Hinweis: " + note);
                    reason_lines(out, label_or_name(def), item->reasons, pad);
                    continue;
                }
                value_lines(out, label_or_name(def), value, def.type, pad);
            }
        } else {
            out.push_back(pad + german_value(program_, v, t));
        }
    }

    void reasons(std::vector<std::string>& out, const std::string& label, const Value& v, const std::string& pad) {
        out.push_back(pad + label + ":" + (v.list.size == 0 ? " keine" : ""));
        for (std::uint32_t i = 0; i < v.list.size; ++i) {
            const Value* f = v.list.items[i].fields;
            std::string line = pad + "  " + (f[1].b ? "✓ " : "✗ ") + std::string(f[2].str());
            if (f[5].present) line += " — Ausnahme: " + std::string(f[5].str());
            if (f[4].str() == "auslegung") line += " [Auslegung]";
            line += " (" + std::string(f[0].str());
            if (f[3].text.size) line += "; " + std::string(f[3].str());
            line += ")";
            out.push_back(line);
        }
    }

    static const CalculationLine* calculation(const std::vector<CalculationLine>& lines, const Definition& def) {
        for (const CalculationLine& line : lines)
            if (line.definition == def.name) return &line;
        return nullptr;
    }

    // The deciding reasons: the positive text when a condition held, its `wenn_nicht` text
    // when it failed, then the source (rule names only on request).
    void reason_lines(std::vector<std::string>& out, const std::string& label, const std::vector<DecidingReason>& reasons,
                      const std::string& pad) {
        out.push_back(pad + label + ":" + (reasons.empty() ? " keine" : ""));
        for (const DecidingReason& r : reasons) {
            std::string line = pad + "  ";
            if (r.kind == DecidingReason::Kind::alternative) line += "→ " + r.text;
            else if (!r.exception.empty())
                line += (r.holds ? "✓ Ausnahme: " : "✗ Ausnahme: ") + r.exception + " (statt: " + r.text + ")";
            else line += (r.holds ? "✓ " : "✗ ") + r.text;
            if (r.interpretation) line += " [Auslegung]";
            if (options_.ids) {
                line += " (" + r.rule;
                if (!r.source.empty()) line += "; " + r.source;
                line += ")";
            } else if (!r.source.empty()) {
                line += " — " + r.source;
            }
            out.push_back(line);
        }
    }

    Evaluator& ev_;
    const Program& program_;
    const RuleSet& rules_;
    const CaseExplanation& x_;
    const TextOptions& options_;
};

}  // namespace

std::string case_text(Evaluator& ev, const TextOptions& options) {
    CaseExplanation x = explain_case(ev);
    return case_text(ev, x, options);
}

std::string case_text(Evaluator& ev, const CaseExplanation& x, const TextOptions& options) {
    const Program& program = ev.program();
    const RuleSet& rules = program.rules;
    const Case& kase = ev.current_case();
    std::string out = "Fall " + kase.id;
    if (rules.check_date_input)
        out += " · Stichtag " + calendar::german(calendar::from_day_number(kase.inputs[*rules.check_date_input].day));
    out += "\n";
    TextWriter writer(ev, x, options);
    std::vector<std::string> lines;
    if (!x.verdict.empty()) lines.push_back("  Ergebnis: " + x.verdict);
    for (const std::string& note : x.notes) lines.push_back("  Hinweis: " + note);
    for (std::size_t i = 0; i < rules.outputs.size(); ++i) {
        const OutputRef& ref = rules.outputs[i];
        const Definition& def = program.definition(ref.module, ref.definition);
        writer.output_lines(lines, def, ev.output(i), "  ");
    }
    for (auto& line : lines) out += line + "\n";
    return out;
}

// ---- explanation tree ------------------------------------------------------------

namespace {

class ExplanationWriter {
public:
    explicit ExplanationWriter(Evaluator& ev) : ev_(ev), program_(ev.program()), rules_(program_.rules) {}

    std::string run() {
        std::string out;
        for (std::size_t i = 0; i < rules_.outputs.size(); ++i) {
            const OutputRef& ref = rules_.outputs[i];
            Value v = ev_.output(i);
            definition(out, ev_.singleton(ref.module), ref.definition, "", "");
            // A result made of module values (e.g. one per measure): explain each one's outputs.
            const Definition& def = program_.definition(ref.module, ref.definition);
            TypeId t = rules_.types.strip_optional(def.type);
            if (rules_.types.kind(t) == TypeKind::instance && v.present) instance(out, def, 0, v.frame);
            if (rules_.types.kind(t) == TypeKind::list && v.present &&
                rules_.types.kind(rules_.types[t].ref) == TypeKind::instance)
                for (std::uint32_t k = 0; k < v.list.size; ++k) instance(out, def, k + 1, v.list.items[k].frame);
        }
        return out;
    }

    void instance(std::string& out, const Definition& def, std::uint32_t number, Frame* frame) {
        out += "\n";
        out += label_or_name(def);
        if (number) out.append(" ").append(std::to_string(number));
        out += ":\n";
        for (std::uint32_t d : rules_.modules[frame->module].outputs) {
            ev_.force(frame, d);
            definition(out, frame, d, "", "");
        }
    }

private:
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
        bool shown = std::find(shown_.begin(), shown_.end(), std::pair{frame, d}) != shown_.end();
        if (shown) {
            out += line + " (siehe oben)\n";
            return;
        }
        out += line + "\n";
        shown_.push_back({frame, d});

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

    Evaluator& ev_;
    const Program& program_;
    const RuleSet& rules_;
    std::vector<std::pair<Frame*, std::uint32_t>> shown_;
    std::vector<const Frame*> numbered_;
    std::vector<const Value*> records_;
};

}  // namespace

std::string explanation_text(Evaluator& ev) { return ExplanationWriter(ev).run(); }

}  // namespace klappt
