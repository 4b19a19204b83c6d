// `klappt check --explain`: the evaluator's trace as indented German sentences for
// caseworkers (issue 10, item 4).  The same tree as the technical view
// (explanation_text, `--explain=technisch`), read off the same trace, but every line
// says what a person needs: a rule as „✓ 18 bis 27 Jahre alt — erfüllt“ or „✗ … — nicht
// erfüllt: <its wenn_nicht text>“, a value by its label with its calculation line
// (`rechenweg`), a fact of the case by its field's label („Geburtsdatum: 17.05.2001 (Angabe
// im Fall)“), a parameter by its label with its validity.  No definition name, module
// argument or rule id appears; all wording is the rule set's (labels, rechenweg,
// wenn_nicht, sources).
#include <algorithm>

#include "engine/base/calendar.hpp"
#include "engine/result/explanation/trees.hpp"
#include "engine/result/explanation/case_explanation.hpp"
#include "engine/result/explanation/module_values.hpp"
#include "engine/runtime/value_text.hpp"

namespace klappt {

namespace {

constexpr const char* kIndent = "  ";

class PeopleTree : TreeWriter {
public:
    using TreeWriter::TreeWriter;

    bool is_reason_list(TypeId type) const {
        TypeId t = rules_.types.strip_optional(type);
        if (rules_.types.kind(t) != TypeKind::list) return false;
        TypeId element = rules_.types[t].ref;
        return rules_.types.kind(element) == TypeKind::record && rules_.types[element].ref == rules_.reason_record;
    }

    static std::string list_size(const Value& list) {
        if (list.list.size == 0) return "keine";
        return std::to_string(list.list.size) + (list.list.size == 1 ? " Eintrag" : " Einträge");
    }

    static std::string pad(int depth) {
        std::string p;
        for (int i = 0; i < depth; ++i) p += kIndent;
        return p;
    }

    // The line of a rule: what it requires, whether it held, and if not, why not.
    std::string rule_line(Frame* frame, std::uint32_t d) {
        const Definition& def = program_.definition(frame->module, d);
        const Slot& slot = ev_.slot(frame, d);
        bool holds = slot.value.b;
        std::string line = holds ? "✓ " : "✗ ";
        line += label_or_name(def);
        if (slot.exception >= 0) {
            const DefinitionException& ex = def.exceptions[static_cast<std::size_t>(slot.exception)];
            line += holds ? " — erfüllt durch die Ausnahme „" : " — nicht erfüllt wegen der Ausnahme „";
            line += (ex.label.empty() ? std::string("Ausnahme") : ex.label) + "“";
            if (!def.interpretation.empty() || !ex.interpretation.empty()) line += " [Auslegung]";
            const std::string& source = ex.source.empty() ? program_.source_of(frame->module, d) : ex.source;
            if (!source.empty()) line += " — " + source;
            return line;
        }
        if (holds) {
            line += " — erfüllt";
        } else {
            line += " — nicht erfüllt";
            // The rule's own text for the failed case, when it says more than the label.
            std::string why = rule_text(ev_, frame, d, false);
            if (why != "nicht erfüllt: " + label_or_name(def)) line += ": " + why;
        }
        if (!def.interpretation.empty()) line += " [Auslegung]";
        const std::string& source = program_.source_of(frame->module, d);
        if (!source.empty()) line += " — " + source;
        return line;
    }

    // The line of a value: its label and how it was computed (its rechenweg, else its value).
    std::string value_line(Frame* frame, std::uint32_t d) {
        const Definition& def = program_.definition(frame->module, d);
        const Slot& slot = ev_.slot(frame, d);
        std::string line = label_or_name(def) + ": ";
        if (!slot.value.present) return line + "keine Angabe";
        TypeId t = rules_.types.strip_optional(def.type);
        TypeKind kind = rules_.types.kind(t);
        if (kind == TypeKind::record) return label_or_name(def) + ":";  // its parts follow
        if (kind == TypeKind::list) return line + list_size(slot.value);
        std::string value = german_value(program_, slot.value, def.type);
        std::string calculation = calculation_text(ev_, frame, d);
        line += calculation;
        // A calculation line that does not end in its result („Fahrtkosten 5 Monate × 49,00 €“) gets it.
        if (calculation.find(value) == std::string::npos) line += " = " + value;
        if (slot.version >= 0) {
            const DefinitionVersion& v = def.versions[static_cast<std::size_t>(slot.version)];
            line += " (Fassung ab " + calendar::german(calendar::from_day_number(v.from)) + ")";
        }
        if (slot.exception >= 0) {
            const DefinitionException& ex = def.exceptions[static_cast<std::size_t>(slot.exception)];
            line += " — durch die Ausnahme „" + (ex.label.empty() ? std::string("Ausnahme") : ex.label) + "“";
            if (!ex.source.empty()) line += " — " + ex.source;
        }
        return line;
    }

    void definition(std::string& out, Frame* frame, std::uint32_t d, int depth) {
        const Definition& def = program_.definition(frame->module, d);
        // A module value (`zg = zielgruppe(m.eintritt)`) is no statement; its outputs are shown where read.
        if (rules_.types.kind(rules_.types.strip_optional(def.type)) == TypeKind::instance) return;
        if (is_reason_list(def.type)) return;
        bool rule = def.kind == DefinitionKind::rule;
        std::string line = pad(depth) + (rule ? rule_line(frame, d) : value_line(frame, d));
        if (!write_once(out, line, frame, d, "(wie oben)")) return;

        // Children: each thing read once; for a rule that failed, the failed rules first.
        // Copied first: filling a text above may have appended to the trace.
        const Slot& slot = ev_.slot(frame, d);
        std::vector<TraceEdge> children;
        for (const TraceEdge* e = ev_.edges_begin(slot); e != ev_.edges_end(slot); ++e) {
            auto same = [&](const TraceEdge& c) {
                if (c.kind != e->kind || c.frame != e->frame) return false;
                if (e->kind == TraceEdge::Kind::leaf) return leaf_text(c) == leaf_text(*e);
                return c.index == e->index;
            };
            if (std::none_of(children.begin(), children.end(), same)) children.push_back(*e);
        }
        if (rule && !slot.value.b)
            std::stable_partition(children.begin(), children.end(), [&](const TraceEdge& e) {
                return e.kind == TraceEdge::Kind::definition &&
                       program_.definition(e.frame->module, e.index).kind == DefinitionKind::rule && !e.value.b;
            });
        for (const TraceEdge& e : children) {
            switch (e.kind) {
                case TraceEdge::Kind::definition: definition(out, e.frame, e.index, depth + 1); break;
                case TraceEdge::Kind::leaf: {
                    std::string text = leaf_text(e);
                    if (!text.empty()) out += pad(depth + 1) + text + "\n";
                    break;
                }
                case TraceEdge::Kind::parameter: out += pad(depth + 1) + parameter_text(e) + "\n"; break;
            }
        }
    }

    // Where a record read through a module argument comes from: the case (true) or the rules.
    bool record_from_case(const Value& record) const {
        const Case& kase = ev_.current_case();
        for (std::size_t i = 0; i < rules_.inputs.size(); ++i) {
            TypeId t = rules_.types.strip_optional(rules_.inputs[i].field.type);
            const Value& input = kase.inputs[i];
            if (!input.present) continue;
            if (rules_.types.kind(t) == TypeKind::record && input.fields == record.fields) return true;
            if (rules_.types.kind(t) != TypeKind::list) continue;
            for (std::uint32_t k = 0; k < input.list.size; ++k)
                if (input.list.items[k].fields == record.fields) return true;
        }
        return false;
    }

    // A fact read: „Geburtsdatum: 17.05.2001 (Angabe im Fall)“.  "" for what a person does
    // not need as a line: a whole record, or a module's own argument (its value stands in
    // the texts of the lines above, „Alter am 01.02.2021“).
    std::string leaf_text(const TraceEdge& e) const {
        const Node& n = rules_.nodes[e.index];
        TypeKind kind = rules_.types.kind(rules_.types.strip_optional(n.type));
        if (kind == TypeKind::record || kind == TypeKind::instance) return "";
        std::string label;
        bool from_case = false;
        if (n.op == Op::input) {
            const auto& field = rules_.inputs[n.a].field;
            label = field.label.empty() ? field.name : field.label;
            from_case = true;
        } else if (n.op == Op::field) {
            const Node& object = rules_.nodes[n.a];
            TypeId t = rules_.types.strip_optional(object.type);
            const auto& field = rules_.records[rules_.types[t].ref].fields[n.b];
            label = field.label.empty() ? field.name : field.label;
            NodeId root = n.a;
            while (rules_.nodes[root].op == Op::field) root = rules_.nodes[root].a;
            if (rules_.nodes[root].op == Op::input) {
                from_case = true;
            } else if (rules_.nodes[root].op == Op::module_param && e.frame) {
                const Node& r = rules_.nodes[root];
                const Value& arg = e.frame->args[r.a];
                TypeKind k = rules_.types.kind(rules_.types.strip_optional(rules_.modules[r.module].params[r.a].type));
                from_case = k == TypeKind::record && arg.present && record_from_case(arg);
            }
        } else {
            return "";
        }
        std::string value = !e.value.present          ? std::string("keine Angabe")
                            : kind == TypeKind::list ? list_size(e.value)
                                                     : german_value(program_, e.value, n.type);
        return label + ": " + value + (from_case ? " (Angabe im Fall)" : "");
    }

    // A parameter: „Pauschale F4 je Unterrichtsstunde (P4): 37,50 € (gültig ab 16.04.2020) — Quelle“.
    std::string parameter_text(const TraceEdge& e) const {
        const Parameter& p = program_.parameters[e.index];
        const ParameterVersion* v = ev_.parameter_used(e.index);
        TypeId type = rules_.params[e.index].type;
        TypeKind kind = rules_.types.kind(rules_.types.strip_optional(type));
        std::string text = (p.label.empty() ? p.name : p.label) + ": ";
        if (!e.value.present) return text + "am Stichtag kein gültiger Wert";
        text += german_value(program_, e.value, type);
        // The unit says what a number counts („27 Jahre“); € and dates say it themselves.
        if (!p.unit.empty() && (kind == TypeKind::integer || kind == TypeKind::decimal)) text += " " + p.unit;
        if (!v) return text + " (am Stichtag kein gültiger Wert)";
        std::vector<std::string> notes;
        if (v->provenance == Provenance::example) notes.push_back("Beispielwert, kein Recht");
        if (v->provenance == Provenance::interpretation) notes.push_back("Auslegung");
        if (v->from > std::numeric_limits<DayNumber>::min())
            notes.push_back("gültig ab " + calendar::german(calendar::from_day_number(v->from)));
        if (!notes.empty()) {
            text += " (";
            for (std::size_t i = 0; i < notes.size(); ++i) text += (i ? "; " : "") + notes[i];
            text += ")";
        }
        const std::string& source = v->source.empty() ? p.source : v->source;
        if (!source.empty()) text += " — " + source;
        return text;
    }
};

}  // namespace

std::string explanation_for_people(Evaluator& ev) {
    PeopleTree tree(ev);
    // A result made of module values (e.g. one per measure) shows only each one's outputs;
    // the summary lists the reasons.
    return explain_outputs(
        ev, [&](const Definition& def) { return !tree.is_reason_list(def.type); },
        [&](std::string& out, Frame* frame, std::uint32_t d, int depth) {
            if (depth == 0 && holds_module_values(ev.program().rules, ev.program().definition(frame->module, d).type)) return;
            tree.definition(out, frame, d, depth);
        });
}

}  // namespace klappt
