// The Zwischenbilanz: loading the specification (bericht.yaml), aggregating
// cases and rendering text, CSV and JSON.  See report.hpp.
#include "engine/report/report.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "engine/base/calendar.hpp"
#include "engine/render/csv_writer.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/render/value_json.hpp"
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

const EnumType& enum_of(const RuleSet& rules, TypeId t) {
    return rules.enums[rules.types[rules.types.strip_optional(t)].ref];
}

std::vector<ReportRow> enum_rows(const RuleSet& rules, TypeId t) {
    std::vector<ReportRow> rows;
    const EnumType& e = enum_of(rules, t);
    for (std::size_t i = 0; i < e.values.size(); ++i)
        rows.push_back({e.values[i], e.value_labels[i].empty() ? e.values[i] : e.value_labels[i], 0});
    return rows;
}

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

// ---- aggregation ---------------------------------------------------------------

ReportBuilder::ReportBuilder(const Program& program, const ReportSpec& spec) : program_(program), spec_(spec) {
    const RuleSet& rules = program.rules;
    report_.title = spec.title;
    report_.admitted_label = spec.admitted_label;
    for (const auto& p : spec.persons) {
        ReportPersonCount count{p.id, p.label, p.by_enum, 0, {}};
        if (p.by_enum) count.rows = enum_rows(rules, program.definition(p.ref.module, p.ref.definition).type);
        report_.persons.push_back(std::move(count));
    }
    const Module& measure = rules.modules[spec.measure_module];
    report_.measures_label = spec.measures_label;
    report_.group_label = spec.group_label;
    for (const auto& c : spec.subsets) report_.subset_columns.push_back({c.id, c.label, "", ""});
    for (const auto& c : spec.marked) report_.marked_columns.push_back({c.id, c.label, c.note_one, c.note_many});
    for (const auto& s : spec.sums) {
        report_.sum_names.push_back(s.name);
        report_.sum_labels.push_back(s.label);
    }
    for (auto& row : enum_rows(rules, measure.definitions[spec.group].type)) {
        ReportMeasureRow r;
        r.key = row.key;
        r.label = row.label;
        r.subsets.assign(spec.subsets.size(), 0);
        r.sums.assign(spec.sums.size(), 0);
        r.marked.assign(spec.marked.size(), 0);
        report_.measure_rows.push_back(std::move(r));
    }
    report_.measure_total.key = "summe";
    report_.measure_total.label = "Summe";
    report_.measure_total.subsets.assign(spec.subsets.size(), 0);
    report_.measure_total.sums.assign(spec.sums.size(), 0);
    report_.measure_total.marked.assign(spec.marked.size(), 0);
}

void ReportBuilder::add(Evaluator& ev) {
    auto global = [&](const ReportSpec::Ref& r) { return ev.force(ev.singleton(r.module), r.definition); };
    // Evaluate everything first, so that an evaluation error leaves the report untouched.
    bool admitted = global(spec_.admitted).b;
    std::vector<Value> person_values;
    std::vector<std::int64_t> persons_in_group(report_.measure_rows.size(), 0);
    Report next = report_;
    ++next.cases;
    const RuleSet& rules = program_.rules;
    if (rules.check_date_input) {
        DayNumber day = ev.current_case().inputs[*rules.check_date_input].day;
        if (!next.first_check_date || day < *next.first_check_date) next.first_check_date = day;
        if (!next.last_check_date || day > *next.last_check_date) next.last_check_date = day;
    }
    if (admitted) {
        ++next.admitted;
        for (std::size_t i = 0; i < spec_.persons.size(); ++i) {
            Value v = global(spec_.persons[i].ref);
            if (!v.present) continue;
            if (spec_.persons[i].by_enum) ++next.persons[i].rows[v.ordinal].count;
            else if (v.b) ++next.persons[i].count;
        }
        std::vector<bool> in_subset(spec_.subsets.size());
        for (std::size_t c = 0; c < spec_.subsets.size(); ++c) {
            Value v = global(spec_.subsets[c].ref);
            in_subset[c] = v.present && v.b;
        }
        Value list = global(spec_.list);
        bool any = false;
        for (std::uint32_t i = 0; i < list.list.size; ++i) {
            Frame* frame = list.list.items[i].frame;
            if (!ev.force(frame, spec_.counts).b) continue;
            Value group = ev.force(frame, spec_.group);
            if (!group.present) continue;
            ReportMeasureRow& row = next.measure_rows[group.ordinal];
            ++row.measures;
            ++next.measure_total.measures;
            for (std::size_t s = 0; s < spec_.sums.size(); ++s) {
                std::int64_t cents = ev.force(frame, spec_.sums[s].definition).i;
                row.sums[s] += cents;
                next.measure_total.sums[s] += cents;
            }
            for (std::size_t c = 0; c < spec_.marked.size(); ++c)
                if (ev.force(frame, spec_.marked[c].definition).b) {
                    ++row.marked[c];
                    ++next.measure_total.marked[c];
                }
            persons_in_group[group.ordinal] = 1;
            any = true;
        }
        for (std::size_t g = 0; g < persons_in_group.size(); ++g) {
            if (!persons_in_group[g]) continue;
            ++next.measure_rows[g].persons;
            for (std::size_t c = 0; c < in_subset.size(); ++c) next.measure_rows[g].subsets[c] += in_subset[c];
        }
        if (any) {
            ++next.measure_total.persons;
            for (std::size_t c = 0; c < in_subset.size(); ++c) next.measure_total.subsets[c] += in_subset[c];
        }
    }
    report_ = std::move(next);
}

// ---- rendering -----------------------------------------------------------------

namespace {

// Display width of UTF-8 text: code points (the labels hold no wide characters).
std::size_t width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string pad_right(const std::string& s, std::size_t w) { return s + std::string(w > width(s) ? w - width(s) : 0, ' '); }
std::string pad_left(const std::string& s, std::size_t w) { return std::string(w > width(s) ? w - width(s) : 0, ' ') + s; }

// Cuts a label to `w` code points, ending with „…“.
std::string cut(const std::string& s, std::size_t w) {
    if (width(s) <= w) return s;
    std::string out;
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80 && ++n > w - 1) break;
        out.push_back(s[i]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "…";
}

std::string number(std::int64_t n) {
    // German thousands separator.
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out.push_back('.');
        out.push_back(digits[i]);
    }
    return (n < 0 ? "-" : "") + out;
}

std::string check_dates(const Report& r, bool german) {
    if (!r.first_check_date) return "";
    auto show = [&](DayNumber d) {
        auto day = calendar::from_day_number(d);
        return german ? calendar::german(day) : calendar::iso(day);
    };
    if (*r.first_check_date == *r.last_check_date) return show(*r.first_check_date);
    return show(*r.first_check_date) + (german ? " bis " : "/") + show(*r.last_check_date);
}

std::string csv_cell(const std::string& s) { return klappt::csv_cell(s, ';'); }  // engine/render/csv_writer

// `text` with each `{}` replaced by the next of `numbers`.
std::string fill(const std::string& text, std::initializer_list<std::int64_t> numbers) {
    std::string out;
    auto next = numbers.begin();
    std::size_t from = 0;
    for (std::size_t at = text.find("{}"); at != std::string::npos && next != numbers.end(); at = text.find("{}", from)) {
        out += text.substr(from, at - from) + number(*next++);
        from = at + 2;
    }
    return out + text.substr(from);
}

}  // namespace

std::vector<std::string> report_notes(const Report& r) {
    std::vector<std::string> notes;
    for (std::size_t c = 0; c < r.marked_columns.size(); ++c) {
        std::int64_t marked = r.measure_total.marked[c];
        const ReportColumn& column = r.marked_columns[c];
        const std::string& note = marked == 1 ? column.note_one : column.note_many;
        if (marked > 0 && !note.empty()) notes.push_back(fill(note, {marked, r.measure_total.measures}));
    }
    return notes;
}

std::string report_text(const Report& r) {
    std::string out = r.title + "\n";
    std::string dates = check_dates(r, true);
    out += "Fälle: " + number(r.cases);
    if (!dates.empty()) out += " · Stichtag " + dates;
    if (r.invalid) out += " · nicht auswertbar: " + number(r.invalid);
    out += "\n\n";

    constexpr std::size_t label_width = 52, count_width = 7;
    out += pad_right(r.admitted_label, label_width) + pad_left(number(r.admitted), count_width) + "\n";
    for (const auto& p : r.persons)
        if (!p.by_enum) out += pad_right("  " + p.label, label_width) + pad_left(number(p.count), count_width) + "\n";
    for (const auto& p : r.persons) {
        if (!p.by_enum) continue;
        out += "\n" + p.label + "\n";
        for (const auto& row : p.rows)
            out += pad_right("  " + cut(row.label, label_width - 3), label_width) + pad_left(number(row.count), count_width) + "\n";
    }

    // The table: one row per value of the spec's enum (`nach:`).
    std::vector<std::string> headers = {"Personen"};
    for (const auto& column : r.subset_columns) headers.push_back(column.label);
    headers.push_back("Maßnahmen");
    for (const auto& l : r.sum_labels) headers.push_back(l);
    auto cells = [&](const ReportMeasureRow& row) {
        std::vector<std::string> c = {number(row.persons)};
        for (auto n : row.subsets) c.push_back(number(n));
        c.push_back(number(row.measures));
        for (auto cents : row.sums) c.push_back(money::german(cents));
        return c;
    };
    std::vector<std::size_t> widths;
    for (const auto& h : headers) widths.push_back(width(h));
    std::vector<const ReportMeasureRow*> rows;
    for (const auto& row : r.measure_rows) rows.push_back(&row);
    rows.push_back(&r.measure_total);
    for (const auto* row : rows) {
        auto c = cells(*row);
        for (std::size_t i = 0; i < c.size(); ++i) widths[i] = std::max(widths[i], width(c[i]));
    }
    constexpr std::size_t row_label = 34;
    out += "\n" + r.measures_label + "\n";
    std::string line = pad_right("  " + r.group_label, row_label);
    for (std::size_t i = 0; i < headers.size(); ++i) line += "  " + pad_left(headers[i], widths[i]);
    out += line + "\n";
    for (const auto* row : rows) {
        if (row == &r.measure_total) {
            std::size_t rule = row_label;
            for (auto w : widths) rule += 2 + w;
            out += "  " + std::string(rule - 2, '-') + "\n";
        }
        line = pad_right("  " + cut(row->label, row_label - 3), row_label);
        auto c = cells(*row);
        for (std::size_t i = 0; i < c.size(); ++i) line += "  " + pad_left(c[i], widths[i]);
        out += line + "\n";
    }
    std::vector<std::string> notes = report_notes(r);
    if (!notes.empty()) out += "\n";
    for (const auto& note : notes) out += note + "\n";
    return out;
}

std::string report_csv(const Report& r) {
    const std::string eol = "\r\n";
    std::string out = "\xEF\xBB\xBF";
    std::vector<std::string> header = {"Bereich", "Merkmal", "Schlüssel", "Personen"};
    for (const auto& column : r.subset_columns) header.push_back(column.label);
    header.push_back("Maßnahmen");
    for (const auto& l : r.sum_labels) header.push_back(l + " (EUR)");
    for (const auto& column : r.marked_columns) header.push_back(column.label);
    std::size_t columns = header.size();
    auto row = [&](std::vector<std::string> cells) {
        cells.resize(columns);
        std::string line;
        for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? ";" : "") + csv_cell(cells[i]);
        out += line + eol;
    };
    row(header);
    row({"Bericht", r.title});
    row({"Bericht", "Stichtag " + check_dates(r, true)});
    row({"Fälle", "Fälle insgesamt", "faelle", std::to_string(r.cases)});
    row({"Fälle", "nicht auswertbar", "nicht_auswertbar", std::to_string(r.invalid)});
    row({"Personen", r.admitted_label, "aufgenommen", std::to_string(r.admitted)});
    for (const auto& p : r.persons)
        if (!p.by_enum) row({"Personen", p.label, p.id, std::to_string(p.count)});
    for (const auto& p : r.persons)
        if (p.by_enum)
            for (const auto& e : p.rows) row({p.label, e.label, e.key, std::to_string(e.count)});
    auto measure = [&](const ReportMeasureRow& m) {
        std::vector<std::string> c = {r.measures_label, m.label, m.key, std::to_string(m.persons)};
        for (auto n : m.subsets) c.push_back(std::to_string(n));
        c.push_back(std::to_string(m.measures));
        for (auto cents : m.sums) c.push_back(money::german_cell(cents));
        for (auto n : m.marked) c.push_back(std::to_string(n));
        row(c);
    };
    for (const auto& m : r.measure_rows) measure(m);
    measure(r.measure_total);
    return out;
}

std::string report_json(const Report& r) {
    std::string buffer;
    JsonOut out(buffer);
    auto field = [&](const char* key, bool first = false) {
        if (!first) out.raw(", ");
        out.key(key);
        out.raw(" ");
    };
    out.raw("{");
    field("titel", true);
    out.string(r.title);
    field("faelle");
    out.raw(std::to_string(r.cases));
    field("nicht_auswertbar");
    out.raw(std::to_string(r.invalid));
    if (r.first_check_date) {
        field("stichtag_von");
        out.string(calendar::iso(calendar::from_day_number(*r.first_check_date)));
        field("stichtag_bis");
        out.string(calendar::iso(calendar::from_day_number(*r.last_check_date)));
    }
    field("aufgenommen");
    out.raw(std::to_string(r.admitted));
    field("personen");
    out.raw("[");
    for (std::size_t i = 0; i < r.persons.size(); ++i) {
        const auto& p = r.persons[i];
        if (i) out.raw(", ");
        out.raw("{");
        field("id", true);
        out.string(p.id);
        field("bezeichnung");
        out.string(p.label);
        if (!p.by_enum) {
            field("anzahl");
            out.raw(std::to_string(p.count));
        } else {
            field("werte");
            out.raw("[");
            for (std::size_t j = 0; j < p.rows.size(); ++j) {
                if (j) out.raw(", ");
                out.raw("{");
                field("wert", true);
                out.string(p.rows[j].key);
                field("bezeichnung");
                out.string(p.rows[j].label);
                field("anzahl");
                out.raw(std::to_string(p.rows[j].count));
                out.raw("}");
            }
            out.raw("]");
        }
        out.raw("}");
    }
    out.raw("]");
    auto measure = [&](const ReportMeasureRow& m, bool with_key) {
        out.raw("{");
        bool first = true;
        if (with_key) {
            field("wert", true);
            out.string(m.key);
            field("bezeichnung");
            out.string(m.label);
            first = false;
        }
        field("personen", first);
        out.raw(std::to_string(m.persons));
        for (std::size_t c = 0; c < m.subsets.size(); ++c) {
            field(r.subset_columns[c].id.c_str());
            out.raw(std::to_string(m.subsets[c]));
        }
        field("massnahmen");
        out.raw(std::to_string(m.measures));
        for (std::size_t s = 0; s < m.sums.size(); ++s) {
            field(r.sum_names[s].c_str());
            out.string(money::plain(m.sums[s]));
        }
        for (std::size_t c = 0; c < m.marked.size(); ++c) {
            field(r.marked_columns[c].id.c_str());
            out.raw(std::to_string(m.marked[c]));
        }
        out.raw("}");
    };
    field("massnahmen");
    out.raw("{");
    field("bezeichnung", true);
    out.string(r.measures_label);
    field("zeilen");
    out.raw("[");
    for (std::size_t i = 0; i < r.measure_rows.size(); ++i) {
        if (i) out.raw(", ");
        measure(r.measure_rows[i], true);
    }
    out.raw("]");
    field("summe");
    measure(r.measure_total, false);
    out.raw("}}\n");
    return buffer;
}

}  // namespace klappt
