#include "engine/render/case_output.hpp"

#include <algorithm>
#include <functional>

#include "engine/base/calendar.hpp"
#include "engine/result/explanation/case_explanation.hpp"
#include "engine/runtime/value_text.hpp"
#include "engine/render/value_json.hpp"

namespace klappt {

namespace {

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
        out.member("erfuellt");
        out.raw(r.holds ? "true" : "false");
        out.member("text");
        out.string(r.text);
        out.member("quelle");
        out.string(r.source);
        out.member("regel");
        out.string(r.rule);
        out.member("auslegung");
        out.raw(r.interpretation ? "true" : "false");
        out.member("ausnahme");
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

namespace {

const CaseExplanation* explanation_of(const CaseResult& result, JsonFields fields) {
    return fields == JsonFields::explained && result.explanation ? &*result.explanation : nullptr;
}

// A module value (e.g. one measure's result) as a JSON object of its outputs; with an
// explanation, followed by its fields `urteil`, `rechenweg`, `entscheidend`, `hinweise`.
void instance_json(JsonOut& out, const CaseResult& result, const Value& v, const CaseExplanation* x) {
    const Program& program = *result.program;
    Frame* frame = v.frame;
    const Module& module = program.rules.modules[frame->module];
    out.raw("{");
    bool first = true;
    for (std::uint32_t d : module.outputs) {
        if (!first) out.raw(", ");
        first = false;
        out.key(module.definitions[d].name);
        out.raw(" ");
        json_value(out, program, CaseResult::member(v, d), module.definitions[d].type,
                   [&](JsonOut& o, const Value& inner) { instance_json(o, result, inner, x); });
    }
    const ItemExplanation* item = nullptr;
    if (x)
        for (const ItemExplanation& candidate : x->items)
            if (candidate.frame == frame) item = &candidate;
    if (item) {
        out.member("urteil");
        out.string(item->verdict);
        out.member("rechenweg");
        calculations_json(out, item->calculations);
        out.member("entscheidend");
        reasons_json(out, item->reasons);
        out.member("hinweise");
        out.strings(item->notes);
    }
    out.raw("}");
}

}  // namespace

namespace {

const std::string& label_or_name(const Definition& def) { return def.label.empty() ? def.name : def.label; }

}  // namespace

void rules_identity_json(JsonOut& out, const Program& program) {
    out.first_member("regeln").raw("{");
    out.first_member("version").string(program.manifest.version);
    out.member("sha256").string(program.sha256);
    out.raw("}");
}

std::string case_json(const CaseResult& result, JsonFields fields) {
    const Program& program = *result.program;
    if (!result.evaluated()) return case_error_json(program, result.id(), {{"", result.error, {}}});
    const CaseExplanation* x = explanation_of(result, fields);
    const RuleSet& rules = program.rules;
    const Case& kase = *result.facts;
    std::string buffer;
    JsonOut out(buffer);
    out.raw("{");
    bool first = true;
    auto comma = [&]() {
        if (!first) out.raw(", ");
        first = false;
    };
    // The case's id and check date first (io.md), each under its input's name.
    for (const std::optional<std::uint32_t>& input : {rules.case_id_input, rules.check_date_input}) {
        if (!input) continue;
        comma();
        const auto& in = rules.inputs[*input];
        out.key(in.field.name);
        out.raw(" ");
        out.raw(json_scalar(program, kase.inputs[*input], in.field.type));
    }
    if (!program.manifest.version.empty()) {
        comma();
        rules_identity_json(out, program);
    }
    for (std::size_t i = 0; i < rules.outputs.size(); ++i) {
        const OutputRef& ref = rules.outputs[i];
        const Definition& def = program.definition(ref.module, ref.definition);
        comma();
        out.key(def.name);
        out.raw(" ");
        json_value(out, program, result.outputs[i], def.type,
                   [&](JsonOut& o, const Value& inner) { instance_json(o, result, inner, x); });
    }
    if (x) {
        out.member("urteil");
        out.string(x->verdict);
        if (!x->calculations.empty()) {
            out.member("rechenweg");
            calculations_json(out, x->calculations);
        }
        if (!x->reasons.empty()) {
            out.member("entscheidend");
            out.raw("{");
            for (std::size_t i = 0; i < x->reasons.size(); ++i) {
                if (i) out.raw(", ");
                out.key(x->reasons[i].definition);
                out.raw(" ");
                reasons_json(out, x->reasons[i].reasons);
            }
            out.raw("}");
        }
        out.member("hinweise");
        out.strings(x->notes);
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
    TextWriter(const CaseResult& result, const CaseExplanation& x, const TextOptions& options)
        : program_(*result.program), rules_(program_.rules), x_(x), options_(options) {}

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
                const Value& value = CaseResult::member(v, d);
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

    const Program& program_;
    const RuleSet& rules_;
    const CaseExplanation& x_;
    const TextOptions& options_;
};

}  // namespace

std::string case_text(const CaseResult& result, const TextOptions& options) {
    const Program& program = *result.program;
    const RuleSet& rules = program.rules;
    const Case& kase = *result.facts;
    static const CaseExplanation kNone;
    const CaseExplanation& x = result.explanation ? *result.explanation : kNone;
    std::string out = "Fall " + kase.id;
    if (rules.check_date_input)
        out += " · Stichtag " + calendar::german(calendar::from_day_number(kase.inputs[*rules.check_date_input].day));
    out += "\n";
    if (!result.evaluated()) return out + "  nicht auswertbar: " + result.error + "\n";
    TextWriter writer(result, x, options);
    std::vector<std::string> lines;
    if (!x.verdict.empty()) lines.push_back("  Ergebnis: " + x.verdict);
    for (const std::string& note : x.notes) lines.push_back("  Hinweis: " + note);
    for (std::size_t i = 0; i < rules.outputs.size(); ++i) {
        const OutputRef& ref = rules.outputs[i];
        const Definition& def = program.definition(ref.module, ref.definition);
        writer.output_lines(lines, def, result.outputs[i], "  ");
    }
    for (auto& line : lines) out += line + "\n";
    return out;
}

}  // namespace klappt
