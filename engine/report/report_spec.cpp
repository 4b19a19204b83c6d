// Reading bericht.yaml and resolving its names against the rule set; each problem is a
// diagnostic at file:line:col.  See report_spec.hpp.
#include "engine/report/report_spec.hpp"

#include <map>
#include <set>

#include "engine/input/yaml_support.hpp"

namespace klappt {


namespace {

class SpecReader {
public:
    SpecReader(const Program& program, const SourceRef& file, const yaml_support::Document& doc, Diagnostics& diags)
        : rules_(program.rules), file_(file), doc_(doc), diags_(diags) {}

    std::optional<ReportSpec> read(const YAML::Node& root) {
        if (!root.IsMap()) {
            error(root, "erwartet eine Zuordnung mit titel, aufgenommen, personen, massnahmen");
            return std::nullopt;
        }
        known_keys(root, {"titel", "aufgenommen", "personen", "massnahmen"});
        ReportSpec spec;
        spec.title = text(root, "titel", "Zwischenbilanz");
        YAML::Node admitted = root["aufgenommen"];
        if (!admitted || !admitted.IsMap()) {
            error(admitted ? admitted : root, "„aufgenommen:“ fehlt (wert: modul.definition, bezeichnung: …)");
        } else {
            known_keys(admitted, {"wert", "bezeichnung"});
            spec.admitted_label = text(admitted, "bezeichnung", "aufgenommen");
            if (auto r = global_ref(admitted["wert"], admitted, TypeKind::boolean, "aufgenommen.wert")) spec.admitted = *r;
        }
        if (YAML::Node persons = root["personen"]) {
            if (!persons.IsSequence()) error(persons, "personen: erwartet eine Liste von {id, bezeichnung, wert | nach}");
            else
                for (const auto& p : persons) person(p, spec);
        }
        YAML::Node measures = root["massnahmen"];
        if (!measures || !measures.IsMap()) error(measures ? measures : root, "„massnahmen:“ fehlt (liste, nach, zaehlt, summen)");
        else measure_section(measures, spec);
        if (failed_) return std::nullopt;
        return spec;
    }

private:
    Span at(const YAML::Node& n) const { return yaml_support::span_at(*file_, doc_, n.Mark()); }
    void error(const YAML::Node& n, const std::string& message) {
        diags_.error(file_, at(n), message);
        failed_ = true;
    }

    void known_keys(const YAML::Node& map, const std::vector<std::string>& keys) {
        for (auto it = map.begin(); it != map.end(); ++it) {
            std::string key = it->first.Scalar();
            if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
            std::string list;
            for (auto& k : keys) list += (list.empty() ? "" : ", ") + k;
            error(it->first, "unbekannter Eintrag „" + key + "“" + did_you_mean(key, keys) + "; erlaubt: " + list);
        }
    }

    std::string text(const YAML::Node& map, const char* key, const std::string& fallback) {
        YAML::Node n = map[key];
        if (!n) return fallback;
        if (!n.IsScalar()) {
            error(n, std::string(key) + ": erwartet einen Text");
            return fallback;
        }
        return n.Scalar();
    }

    bool type_is(TypeId t, TypeKind kind) const { return rules_.types.kind(rules_.types.strip_optional(t)) == kind; }

    std::string kind_word(TypeKind kind) const {
        switch (kind) {
            case TypeKind::boolean: return "bool";
            case TypeKind::enumeration: return "eine Aufzählung (enum)";
            case TypeKind::money: return "money";
            case TypeKind::list: return "eine Liste von Modulwerten";
            default: return "?";
        }
    }

    // `modul.definition` of a module without parameters.
    std::optional<ReportSpec::Ref> global_ref(const YAML::Node& n, const YAML::Node& parent, TypeKind kind,
                                              const std::string& what) {
        if (!n || !n.IsScalar()) {
            error(n ? n : parent, what + ": erwartet modul.definition");
            return std::nullopt;
        }
        std::string name = n.Scalar();
        auto dot = name.find('.');
        std::vector<std::string> candidates;
        for (std::uint32_t m = 0; m < rules_.modules.size(); ++m)
            if (!rules_.modules[m].parametrised())
                for (auto& d : rules_.modules[m].definitions) candidates.push_back(rules_.modules[m].name + "." + d.name);
        if (dot != std::string::npos) {
            auto m = rules_.find_module(name.substr(0, dot));
            if (m && !rules_.modules[*m].parametrised()) {
                const Module& module = rules_.modules[*m];
                for (std::uint32_t d = 0; d < module.definitions.size(); ++d) {
                    if (module.definitions[d].name != name.substr(dot + 1)) continue;
                    if (!type_is(module.definitions[d].type, kind)) {
                        error(n, what + ": „" + name + "“ ist " + rules_.type_name(module.definitions[d].type) +
                                     ", erwartet " + kind_word(kind));
                        return std::nullopt;
                    }
                    return ReportSpec::Ref{*m, d, name};
                }
            }
        }
        error(n, what + ": keine Definition „" + name + "“ in einem Modul ohne Parameter" + did_you_mean(name, candidates));
        return std::nullopt;
    }

    // A definition of the measure module.
    std::optional<std::uint32_t> member(const YAML::Node& n, const YAML::Node& parent, std::uint32_t module,
                                        TypeKind kind, const std::string& what) {
        const Module& m = rules_.modules[module];
        if (!n || !n.IsScalar()) {
            error(n ? n : parent, what + ": erwartet den Namen einer Definition von „" + m.name + "“");
            return std::nullopt;
        }
        std::vector<std::string> names;
        for (std::uint32_t d = 0; d < m.definitions.size(); ++d) {
            names.push_back(m.definitions[d].name);
            if (m.definitions[d].name != n.Scalar()) continue;
            if (!type_is(m.definitions[d].type, kind)) {
                error(n, what + ": „" + m.name + "." + n.Scalar() + "“ ist " + rules_.type_name(m.definitions[d].type) +
                             ", erwartet " + kind_word(kind));
                return std::nullopt;
            }
            return d;
        }
        error(n, what + ": „" + m.name + "“ hat keine Definition „" + n.Scalar() + "“" + did_you_mean(n.Scalar(), names));
        return std::nullopt;
    }

    void person(const YAML::Node& p, ReportSpec& spec) {
        if (!p.IsMap()) {
            error(p, "ein Eintrag unter personen braucht id, bezeichnung und wert oder nach");
            return;
        }
        known_keys(p, {"id", "bezeichnung", "wert", "nach"});
        ReportSpec::PersonCount count;
        count.id = text(p, "id", "");
        count.label = text(p, "bezeichnung", count.id);
        if (count.id.empty()) error(p, "personen: „id:“ fehlt (Schlüssel in JSON)");
        if (p["wert"] && p["nach"]) {
            error(p["nach"], "personen: entweder „wert:“ (bool) oder „nach:“ (enum)");
            return;
        }
        count.by_enum = bool(p["nach"]);
        auto ref = count.by_enum ? global_ref(p["nach"], p, TypeKind::enumeration, "personen." + count.id + ".nach")
                                 : global_ref(p["wert"], p, TypeKind::boolean, "personen." + count.id + ".wert");
        if (!ref) return;
        count.ref = *ref;
        spec.persons.push_back(count);
    }

    // A list under `massnahmen:` of maps with the keys `keys` (id, bezeichnung, wert, …); calls
    // `entry(map, id, label)` for each entry whose id is new among the measure table's JSON keys.
    template <typename Entry>
    void column_list(const YAML::Node& parent, const char* key, const std::vector<std::string>& keys,
                     std::set<std::string>& json_keys, const Entry& entry) {
        YAML::Node list = parent[key];
        if (!list) return;
        std::string what = std::string("massnahmen.") + key;
        std::string shape;
        for (const auto& k : keys) shape += (shape.empty() ? "" : ", ") + k;
        if (!list.IsSequence()) {
            error(list, what + ": erwartet eine Liste von {" + shape + "}");
            return;
        }
        for (const auto& item : list) {
            if (!item.IsMap()) {
                error(item, what + ": jeder Eintrag braucht " + shape);
                continue;
            }
            known_keys(item, keys);
            std::string id = text(item, "id", "");
            if (id.empty()) {
                error(item, what + ": „id:“ fehlt (Schlüssel in JSON)");
                continue;
            }
            if (!json_keys.insert(id).second) {
                error(item["id"], what + ": „" + id + "“ ist schon ein Schlüssel der Zeilen (wert, bezeichnung, personen, "
                                                        "massnahmen, die Summen, davon und markiert brauchen verschiedene)");
                continue;
            }
            entry(item, what + "." + id, id, text(item, "bezeichnung", id));
        }
    }

    // `hinweis:` of a `markiert:` entry: a text, or {einzahl, mehrzahl}; each with one or two `{}`
    // (the sentence for exactly one marked measure may leave out its number).
    void note(const YAML::Node& n, const std::string& what, ReportSpec::MarkedCount& marked) {
        if (!n) return;
        auto checked = [&](const YAML::Node& t, const std::string& where, bool singular = false) -> std::string {
            if (!t || !t.IsScalar()) {
                error(t ? t : n, where + ": erwartet einen Text");
                return "";
            }
            std::size_t placeholders = 0;
            for (std::size_t at = t.Scalar().find("{}"); at != std::string::npos; at = t.Scalar().find("{}", at + 2))
                ++placeholders;
            if ((placeholders < 1 && !singular) || placeholders > 2) {
                error(t, where + ": erwartet " + (singular ? "höchstens " : "") +
                             "einmal {} (die Zahl der markierten Maßnahmen) und höchstens ein zweites {} (die Zahl aller gezählten)");
                return "";
            }
            return t.Scalar();
        };
        if (n.IsMap()) {
            known_keys(n, {"einzahl", "mehrzahl"});
            marked.note_one = checked(n["einzahl"], what + ".einzahl", true);
            marked.note_many = checked(n["mehrzahl"], what + ".mehrzahl");
        } else {
            marked.note_one = marked.note_many = checked(n, what);
        }
    }

    void measure_section(const YAML::Node& n, ReportSpec& spec) {
        known_keys(n, {"liste", "bezeichnung", "nach", "spalte", "zaehlt", "davon", "summen", "markiert"});
        spec.measures_label = text(n, "bezeichnung", "Maßnahmen");
        auto list = global_ref(n["liste"], n, TypeKind::list, "massnahmen.liste");
        if (!list) return;
        TypeId lt = rules_.types.strip_optional(rules_.modules[list->module].definitions[list->definition].type);
        TypeId element = rules_.types.strip_optional(rules_.types[lt].ref);
        if (rules_.types.kind(element) != TypeKind::instance) {
            error(n["liste"], "massnahmen.liste: „" + list->name + "“ ist " + rules_.type_name(lt) +
                                  ", erwartet eine Liste von Modulwerten (map(m in …: modul(m)))");
            return;
        }
        spec.list = *list;
        spec.measure_module = rules_.types[element].ref;
        if (auto g = member(n["nach"], n, spec.measure_module, TypeKind::enumeration, "massnahmen.nach")) {
            spec.group = *g;
            const Definition& d = rules_.modules[spec.measure_module].definitions[*g];
            const EnumType& e = rules_.enums[rules_.types[rules_.types.strip_optional(d.type)].ref];
            spec.group_label = !e.label.empty() ? e.label : !d.label.empty() ? d.label : d.name;
        }
        spec.group_label = text(n, "spalte", spec.group_label);
        if (auto c = member(n["zaehlt"], n, spec.measure_module, TypeKind::boolean, "massnahmen.zaehlt")) spec.counts = *c;
        // The keys of a row in JSON: fixed ones, then davon, the sums and markiert.
        std::set<std::string> json_keys = {"wert", "bezeichnung", "personen", "massnahmen"};
        if (YAML::Node sums = n["summen"]; sums && sums.IsSequence())
            for (const auto& s : sums) {
                YAML::Node value = s.IsMap() ? s["wert"] : s;
                if (value && value.IsScalar()) json_keys.insert(value.Scalar());
            }
        column_list(n, "davon", {"id", "bezeichnung", "wert"}, json_keys,
                    [&](const YAML::Node& item, const std::string& what, const std::string& id, const std::string& label) {
                        if (auto r = global_ref(item["wert"], item, TypeKind::boolean, what + ".wert"))
                            spec.subsets.push_back({id, label, *r});
                    });
        column_list(n, "markiert", {"id", "bezeichnung", "wert", "hinweis"}, json_keys,
                    [&](const YAML::Node& item, const std::string& what, const std::string& id, const std::string& label) {
                        auto d = member(item["wert"], item, spec.measure_module, TypeKind::boolean, what + ".wert");
                        ReportSpec::MarkedCount marked{id, label, d.value_or(0), "", ""};
                        note(item["hinweis"], what + ".hinweis", marked);  // checked even when `wert` is wrong
                        if (d) spec.marked.push_back(std::move(marked));
                    });
        YAML::Node sums = n["summen"];
        if (sums && !sums.IsSequence()) {
            error(sums, "massnahmen.summen: erwartet eine Liste von {wert, bezeichnung}");
            return;
        }
        if (sums)
            for (const auto& s : sums) {
                YAML::Node value = s.IsMap() ? s["wert"] : s;
                auto d = member(value, s, spec.measure_module, TypeKind::money, "massnahmen.summen");
                if (!d) continue;
                std::string name = value.Scalar();
                spec.sums.push_back({*d, name, s.IsMap() ? text(s, "bezeichnung", name) : name});
            }
    }

    const RuleSet& rules_;
    const SourceRef& file_;
    const yaml_support::Document& doc_;
    Diagnostics& diags_;
    bool failed_ = false;
};

}  // namespace

std::optional<ReportSpec> load_report_spec(const Program& program, const SourceRef& file, Diagnostics& diagnostics) {
    auto docs = yaml_support::split_documents(file->text());
    if (docs.empty()) {
        diagnostics.file_error(file, "leere Berichtsdatei (erwartet titel, aufgenommen, personen, massnahmen)");
        return std::nullopt;
    }
    auto root = yaml_support::parse(file, docs[0], diagnostics);
    if (!root) return std::nullopt;
    return SpecReader(program, file, docs[0], diagnostics).read(*root);
}

}  // namespace klappt
