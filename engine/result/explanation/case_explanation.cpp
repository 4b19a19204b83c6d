// Builds the CaseExplanation of an evaluated case (see case_explanation.hpp): walks the
// top-level outputs and the module values among them, and reads what the rule files
// declare for people — `urteil` for the verdict, `rechenweg` for amounts, reasons(…)
// outputs for the deciding reasons, `hinweis` rules for notes.
#include "engine/result/explanation/case_explanation.hpp"

namespace klappt {

namespace {

class Builder {
public:
    explicit Builder(Evaluator& ev) : ev_(ev), program_(ev.program()), rules_(program_.rules) {}

    CaseExplanation run() {
        CaseExplanation x;
        std::vector<std::string> verdicts;
        for (std::size_t i = 0; i < rules_.outputs.size(); ++i) {
            const OutputRef& ref = rules_.outputs[i];
            Value v = ev_.output(i);
            Frame* frame = ev_.singleton(ref.module);
            const Definition& def = program_.definition(ref.module, ref.definition);
            std::vector<DecidingReason> reasons;
            read_definition(frame, ref.definition, v, verdicts, x.calculations, reasons);
            if (!reasons.empty()) x.reasons.push_back({def.name, std::move(reasons)});
            TypeId t = rules_.types.strip_optional(def.type);
            if (!v.present) continue;
            if (rules_.types.kind(t) == TypeKind::instance) x.items.push_back(item(def, 0, v.frame, verdicts));
            if (rules_.types.kind(t) == TypeKind::list && rules_.types.kind(rules_.types[t].ref) == TypeKind::instance)
                for (std::uint32_t k = 0; k < v.list.size; ++k)
                    x.items.push_back(item(def, k + 1, v.list.items[k].frame, verdicts));
        }
        for (std::uint32_t m = 0; m < rules_.modules.size(); ++m)
            if (!rules_.modules[m].parametrised()) notes(ev_.singleton(m), x.notes);
        x.verdict = sentence(verdicts);
        return x;
    }

private:
    ItemExplanation item(const Definition& output, std::uint32_t number, Frame* frame,
                         std::vector<std::string>& verdicts) {
        ItemExplanation item;
        item.output = output.name;
        item.number = number;
        item.frame = frame;
        item.title = title(output, frame);
        if (number) item.title += " " + std::to_string(number);
        std::vector<std::string> own;
        for (std::uint32_t d : rules_.modules[frame->module].outputs) {
            Value v = ev_.force(frame, d);
            read_definition(frame, d, v, own, item.calculations, item.reasons);
        }
        notes(frame, item.notes);
        for (auto& text : own) {
            if (!item.verdict.empty()) item.verdict += "; ";
            item.verdict += text;
        }
        verdicts.insert(verdicts.end(), own.begin(), own.end());
        return item;
    }

    // „Maßnahme“: the label of the record the module is about (its first record parameter),
    // else the output's label.
    std::string title(const Definition& output, const Frame* frame) {
        const Module& module = rules_.modules[frame->module];
        for (const ModuleParameter& p : module.params) {
            TypeId t = rules_.types.strip_optional(p.type);
            if (rules_.types.kind(t) != TypeKind::record) continue;
            const RecordType& record = rules_.records[rules_.types[t].ref];
            return record.label.empty() ? record.name : record.label;
        }
        return output.label.empty() ? output.name : output.label;
    }

    void read_definition(Frame* frame, std::uint32_t d, const Value& v, std::vector<std::string>& verdicts,
                         std::vector<CalculationLine>& calculations, std::vector<DecidingReason>& reasons) {
        const Definition& def = program_.definition(frame->module, d);
        if (!def.urteil.empty()) {
            bool negative = rules_.types.strip_optional(def.type) == TypeTable::boolean && v.present && !v.b;
            std::optional<std::string> text = negative ? fill_template(ev_, def.wenn_nicht, frame)
                                                       : fill_template(ev_, def.urteil, frame);
            if (!text && negative) text = fill_template(ev_, def.urteil, frame).value_or("");
            if (text && !text->empty()) verdicts.push_back(negative && def.wenn_nicht.empty() ? "nicht: " + *text : *text);
        }
        if (!def.rechenweg.empty()) {
            std::string text = without_repeated_result(calculation_text(ev_, frame, d));
            if (!text.empty()) calculations.push_back({def.name, def.label.empty() ? def.name : def.label, text});
        }
        if (def.value != kNoNode && rules_.nodes[def.value].op == Op::reasons) {
            auto [f, root] = ev_.referenced_definition(rules_.child_ids(rules_.nodes[def.value])[0], frame);
            auto found = deciding_reasons(ev_, f, root);
            reasons.insert(reasons.end(), found.begin(), found.end());
        }
    }

    // The `hinweis` of every rule of the module that holds.
    void notes(Frame* frame, std::vector<std::string>& out) {
        const Module& module = rules_.modules[frame->module];
        for (std::uint32_t d = 0; d < module.definitions.size(); ++d) {
            if (module.definitions[d].hinweis.empty()) continue;
            Value v = ev_.force(frame, d);
            if (!v.present || !v.b) continue;
            auto text = fill_template(ev_, module.definitions[d].hinweis, frame);
            if (text && !text->empty()) out.push_back(*text);
        }
    }

    // „a × b = c = c“ → „a × b = c“: a line that ends with the result of the step before it
    // (an amount without further items) states it once.
    static std::string without_repeated_result(std::string text) {
        std::size_t last = text.rfind(" = ");
        if (last == std::string::npos) return text;
        std::string result = text.substr(last);
        if (last >= result.size() && text.compare(last - result.size(), result.size(), result) == 0) text.erase(last);
        return text;
    }

    // One sentence: the parts joined by „; “, the first letter capitalised, a full stop.
    static std::string sentence(const std::vector<std::string>& parts) {
        std::string out;
        for (const auto& p : parts) {
            if (p.empty()) continue;
            if (!out.empty()) out += "; ";
            out += p;
        }
        if (out.empty()) return out;
        if (out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
        else if (out.compare(0, 2, "ä") == 0) out.replace(0, 2, "Ä");
        else if (out.compare(0, 2, "ö") == 0) out.replace(0, 2, "Ö");
        else if (out.compare(0, 2, "ü") == 0) out.replace(0, 2, "Ü");
        if (out.back() != '.') out += ".";
        return out;
    }

    Evaluator& ev_;
    const Program& program_;
    const RuleSet& rules_;
};

}  // namespace

CaseExplanation explain_case(Evaluator& ev) { return Builder(ev).run(); }

}  // namespace klappt
