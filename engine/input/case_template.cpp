#include "engine/input/case_template.hpp"

#include "dsl/enum_lookup.hpp"
#include "engine/base/calendar.hpp"
#include "engine/base/money.hpp"
#include "engine/input/scalar_parsing.hpp"

namespace klappt {

namespace {

constexpr std::size_t kCommentColumn = 34;

class TemplateWriter {
public:
    TemplateWriter(const Program& program, const CaseTemplateOptions& options)
        : program_(program), rules_(program.rules), options_(options) {}

    CaseTemplate run() {
        const Manifest& manifest = program_.manifest;
        out_ += "# Vorlage für einen Fall";
        if (!manifest.name.empty()) out_ += " – Regelwerk „" + manifest.name + "“";
        if (!manifest.version.empty()) out_ += ", Version " + manifest.version;
        out_ += "\n";
        out_ += "# Ausfüllen und prüfen: klappt check FALL.yaml\n";
        out_ += "# Felder ohne „#“ davor ausfüllen: sie sind Pflicht (leer gelassen meldet klappt check sie;\n";
        out_ += "# eine Liste darf leer bleiben, wenn ihr Kommentar es sagt);\n";
        out_ += "# für freiwillige Angaben das „#“ am Zeilenanfang entfernen.\n";
        out_ += "# Datum: TT.MM.JJJJ oder JJJJ-MM-TT · Betrag: 1234.56 · ja/nein ·\n";
        out_ += "# Auswahl: der Code oder die Bezeichnung (Groß-/Kleinschreibung egal) ·\n";
        out_ += "# Text mit „: “ oder „#“ in Anführungszeichen setzen.\n";
        out_ += "# Mehrere Fälle in einer Datei: durch eine Zeile „---“ trennen.\n\n";
        for (const InputDeclaration& input : rules_.inputs) field(input.field, 0, false, true);
        if (!options_.preset.empty() && !preset_used_) {
            return {"", "kein Auswahlfeld des Regelwerks kennt „" + options_.preset + "“" + preset_candidates()};
        }
        return {out_, ""};
    }

private:
    static std::string pad(int depth) { return std::string(static_cast<std::size_t>(depth) * 2, ' '); }

    // `entry`: the first field of a list entry, written as „- name:“ one level further out.
    void line(const std::string& text, const std::string& comment, bool commented, int depth, bool entry = false) {
        std::string l = entry ? pad(depth - 1) + (commented ? "# " : "") + "- " + text
                              : pad(depth) + (commented ? "# " : "") + text;
        if (!comment.empty()) {
            if (l.size() < kCommentColumn) l.append(kCommentColumn - l.size(), ' ');
            else l += "  ";
            l += "# " + comment;
        }
        out_ += l + "\n";
    }

    // A default as a case file writes it.
    std::string written(const Constant& c, TypeId type) const {
        TypeId t = rules_.types.strip_optional(type);
        switch (c.kind) {
            case TypeKind::boolean: return c.a ? "ja" : "nein";
            case TypeKind::integer: return std::to_string(c.a);
            case TypeKind::money: return money::plain(c.a);
            case TypeKind::date: return calendar::german(calendar::from_day_number(static_cast<DayNumber>(c.a)));
            case TypeKind::enumeration: return rules_.enums[rules_.types[t].ref].values[static_cast<std::size_t>(c.a)];
            case TypeKind::text: return "\"" + c.text + "\"";
            default: return "";
        }
    }

    std::string what(TypeId type) const {
        TypeId t = rules_.types.strip_optional(type);
        switch (rules_.types.kind(t)) {
            case TypeKind::boolean: return "ja/nein";
            case TypeKind::integer: return "ganze Zahl";
            case TypeKind::decimal: return "Zahl";
            case TypeKind::money: return "Betrag in Euro";
            case TypeKind::date: return "Datum";
            case TypeKind::text: return "Text";
            case TypeKind::duration: return "Dauer, z. B. 8 Wochen";
            case TypeKind::enumeration: return "Auswahl";
            default: return "";
        }
    }

    void field(const FieldType& f, int depth, bool commented, bool top, bool entry = false) {
        TypeId t = rules_.types.strip_optional(f.type);
        TypeKind kind = rules_.types.kind(t);
        std::string label = f.label.empty() ? f.name : f.label;
        bool optional = rules_.types.is_optional(f.type) || f.default_value.has_value();
        bool off = commented || (optional && kind != TypeKind::list);
        switch (kind) {
            case TypeKind::record: {
                const RecordType& record = rules_.records[rules_.types[t].ref];
                line(f.name + ":", label + (optional ? " (freiwillig)" : ""), off, depth, entry);
                for (const FieldType& inner : record.fields) field(inner, depth + 1, off, false);
                return;
            }
            case TypeKind::list: {
                TypeId element = rules_.types[t].ref;
                // A list of the case itself gets one entry to fill in; lists inside records are examples.
                bool example_only = off || !top;
                line(f.name + ":", label + " (Liste; jeder Eintrag beginnt mit „- “" +
                                       (f.default_value ? ", darf leer bleiben" : "") + ")",
                     off, depth, entry);
                if (rules_.types.kind(element) == TypeKind::record) {
                    const RecordType& record = rules_.records[rules_.types[element].ref];
                    bool first = true;
                    for (const FieldType& inner : record.fields) {
                        field(inner, depth + 2, example_only, false, first);
                        first = false;
                    }
                } else {
                    line("", what(element), example_only, depth + 2, true);
                }
                return;
            }
            default: break;
        }
        // A scalar.
        std::string value;
        bool preset = false;
        if (kind == TypeKind::enumeration && !options_.preset.empty() && !preset_used_ && !commented) {
            if (auto i = find_enum_value(rules_.enums[rules_.types[t].ref], options_.preset)) {
                value = rules_.enums[rules_.types[t].ref].values[*i];
                preset = preset_used_ = true;
            }
        }
        if (!preset && f.default_value && !f.default_value->none) value = written(*f.default_value, f.type);
        std::string comment = label + " (" + what(f.type);
        if (preset) comment += ", eingetragen";
        else if (f.default_value && !f.default_value->none) comment += "; Vorgabe " + value;
        else if (optional) comment += "; freiwillig";
        else comment += "; Pflicht";
        comment += ")";
        line(f.name + ":" + (value.empty() ? "" : " " + value), comment, off && !preset, depth, entry);
        if (kind == TypeKind::enumeration) {
            const EnumType& e = rules_.enums[rules_.types[t].ref];
            for (std::size_t i = 0; i < e.values.size(); ++i) {
                std::string option = e.values[i];
                if (!e.value_labels[i].empty() && e.value_labels[i] != e.values[i]) option += " = " + e.value_labels[i];
                out_ += pad(depth + 1) + "#   " + option + "\n";
            }
        }
    }

    std::string preset_candidates() const {
        std::string out;
        for (const EnumType& e : rules_.enums) {
            if (out.size() > 200) break;
            out += (out.empty() ? "; Auswahlwerte z. B. " : ", ") + e.values.front();
        }
        return out;
    }

    const Program& program_;
    const RuleSet& rules_;
    const CaseTemplateOptions& options_;
    std::string out_;
    bool preset_used_ = false;
};

}  // namespace

CaseTemplate case_template(const Program& program, const CaseTemplateOptions& options) {
    return TemplateWriter(program, options).run();
}

}  // namespace klappt
