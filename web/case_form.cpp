#include "web/case_form.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "engine/base/calendar.hpp"
#include "engine/base/field_path.hpp"
#include "engine/base/money.hpp"
#include "engine/base/split.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "engine/input/yaml_support.hpp"
#include "web/html.hpp"

namespace klappt::web {

namespace {

std::string trim(std::string_view text) {
    std::size_t b = 0, e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    return std::string(text.substr(b, e - b));
}



std::string join_path(const std::string& base, const std::string& name) { return base.empty() ? name : base + "." + name; }

// A child of a tree node without creating it (yaml-cpp's non-const [] inserts).
YAML::Node child(const YAML::Node& node, const std::string& key) {
    if (!node || !node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    for (auto it = node.begin(); it != node.end(); ++it)
        if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
    return YAML::Node(YAML::NodeType::Undefined);
}

std::string scalar_of(const YAML::Node& node) { return node && node.IsScalar() ? node.Scalar() : std::string(); }

const FieldError* error_at(const FormView& view, const std::string& path) {
    for (const auto& e : view.errors)
        if (e.field == path) return &e;
    return nullptr;
}

// The position of a field among the interview's questions (1 = asked first), 0 when not asked.
std::size_t question_number(const FormView& view, const std::string& path) {
    auto it = std::find(view.needed.begin(), view.needed.end(), path);
    return it == view.needed.end() ? 0 : static_cast<std::size_t>(it - view.needed.begin()) + 1;
}

bool is_not_needed(const FormView& view, const std::string& path) {
    return std::find(view.not_needed.begin(), view.not_needed.end(), path) != view.not_needed.end();
}

// A field's type with the optional stripped, and whether it was optional.
struct Shape {
    TypeId type;
    TypeKind kind;
    bool optional;
};

Shape shape_of(const RuleSet& rules, TypeId type) {
    bool optional = rules.types.is_optional(type);
    TypeId inner = rules.types.strip_optional(type);
    return {inner, rules.types.kind(inner), optional};
}

bool is_checkbox(const RuleSet& rules, const FieldType& f) {
    Shape s = shape_of(rules, f.type);
    return s.kind == TypeKind::boolean && (f.default_value.has_value() || s.optional);
}

// ---- the posted form → tree -------------------------------------------------------------

struct FormReader {
    const RuleSet& rules;
    std::map<std::string, std::string> values;  // last value per name

    std::string value(const std::string& path) const {
        auto it = values.find(path);
        return it == values.end() ? std::string() : trim(it->second);
    }

    std::size_t list_count(const std::string& path) const {
        std::size_t count = 0;
        auto it = values.find("_anzahl." + path);
        if (it != values.end() && is_list_position(it->second) && it->second.size() < 4) count = std::stoul(it->second);
        std::string prefix = path + ".";
        for (auto v = values.lower_bound(prefix); v != values.end() && v->first.compare(0, prefix.size(), prefix) == 0; ++v) {
            std::string rest = v->first.substr(prefix.size());
            std::string index = rest.substr(0, rest.find('.'));
            if (is_list_position(index) && index.size() < 4) count = std::max<std::size_t>(count, std::stoul(index));
        }
        return std::min<std::size_t>(count, 200);
    }

    // nullopt: nothing given (the field is left out, so its default applies or the loader says it is missing)
    std::optional<YAML::Node> scalar(const FieldType& f, TypeKind kind, const std::string& path) const {
        std::string text = value(path);
        if (kind == TypeKind::boolean) {
            if (is_checkbox(rules, f)) return text.empty() ? std::nullopt : std::optional<YAML::Node>(YAML::Node("true"));
            if (text == "ja") return YAML::Node("true");
            if (text == "nein") return YAML::Node("false");
        }
        if (text.empty()) return std::nullopt;
        switch (kind) {
            case TypeKind::date:
                if (auto d = calendar::parse(text)) return YAML::Node(calendar::iso(*d));
                break;
            case TypeKind::money:
                if (auto cents = money::parse_euro(text, money::Notation::german)) return YAML::Node(money::plain(*cents));
                break;
            case TypeKind::decimal: {
                std::string dotted = text;
                if (std::count(dotted.begin(), dotted.end(), ',') == 1 && dotted.find('.') == std::string::npos)
                    std::replace(dotted.begin(), dotted.end(), ',', '.');
                return YAML::Node(dotted);
            }
            default: break;
        }
        return YAML::Node(text);
    }

    YAML::Node record(std::uint32_t record_index, const std::string& path) const {
        YAML::Node map(YAML::NodeType::Map);
        for (const FieldType& f : rules.records[record_index].fields)
            if (auto v = field(f, join_path(path, f.name))) map[f.name] = *v;
        return map;
    }

    std::optional<YAML::Node> field(const FieldType& f, const std::string& path) const {
        Shape s = shape_of(rules, f.type);
        if (s.kind == TypeKind::record) {
            YAML::Node r = record(rules.types[s.type].ref, path);
            if (r.size() == 0 && s.optional) return std::nullopt;
            return r;
        }
        if (s.kind == TypeKind::list) {
            TypeId element = rules.types[s.type].ref;
            std::size_t count = list_count(path);
            if (rules.types.kind(element) == TypeKind::record) {
                if (count == 0) return std::nullopt;
                YAML::Node seq(YAML::NodeType::Sequence);
                for (std::size_t i = 1; i <= count; ++i)
                    seq.push_back(record(rules.types[element].ref, path + "." + std::to_string(i)));
                return seq;
            }
            // A list of single values: typed as one text, separated by commas.
            std::string text = value(path);
            if (text.empty()) return std::nullopt;
            YAML::Node seq(YAML::NodeType::Sequence);
            for (std::string_view part : split(text, ','))
                if (std::string item = trim(part); !item.empty()) seq.push_back(item);
            return seq;
        }
        return scalar(f, s.kind, path);
    }
};

// ---- rendering ------------------------------------------------------------------------------

struct Renderer {
    const Program& program;
    const RuleSet& rules;
    const FormView& view;
    std::string out;

    std::string display_value(TypeKind kind, const YAML::Node& node) const {
        std::string text = scalar_of(node);
        if (kind == TypeKind::date) {
            if (auto d = calendar::parse(text)) return calendar::german(*d);
        } else if (kind == TypeKind::money) {
            if (auto cents = money::parse_euro(text)) return money::german_number(*cents);
        } else if (kind == TypeKind::decimal) {
            std::string commas = text;
            std::replace(commas.begin(), commas.end(), '.', ',');
            return commas;
        }
        return text;
    }

    void error_line(const std::string& id, const FieldError& e, const std::string& path) {
        out += "<p class=\"fehlermeldung\" id=\"" + id + "-fehler\"><span class=\"versteckt\">Fehler: </span>" +
               escape(form_message(path, e.message)) + "</p>";
    }

    std::string form_message(const std::string& path, const std::string& message) const {
        if (message.rfind("Pflichtfeld", 0) == 0) return "Bitte „" + field_label(program, path) + "“ angeben.";
        return message;
    }

    void scalar(const FieldType& f, const Shape& s, const std::string& path, const YAML::Node& node) {
        std::string id = field_id(path);
        const FieldError* error = error_at(view, path);
        std::size_t question = question_number(view, path);
        bool needed = question > 0;
        // A field no result depends on is not asked (it stays in the form, empty, for "alle Felder").
        std::string hidden = is_not_needed(view, path) && !view.show_all ? " nicht-gebraucht" : "";
        std::string label = f.label.empty() ? f.name : f.label;
        bool required = !s.optional && !f.default_value;
        if (is_checkbox(rules, f)) {
            bool checked = false;
            if (auto b = scalar_of(node); b == "true" || b == "ja" || b == "yes" || b == "wahr") checked = true;
            out += "<div class=\"feld ankreuzen" + std::string(error ? " mit-fehler" : "") + hidden + "\">";
            if (error) error_line(id, *error, path);
            out += "<input type=\"checkbox\" id=\"" + id + "\" name=\"" + escape(path) + "\" value=\"ja\"" +
                   (checked ? " checked" : "") + (error ? " aria-describedby=\"" + id + "-fehler\"" : "") + "><label for=\"" +
                   id + "\">" + escape(label) + "</label></div>\n";
            return;
        }
        std::string hint;
        switch (s.kind) {
            case TypeKind::date: hint = "TT.MM.JJJJ, z. B. 15.03.2021"; break;
            case TypeKind::money: hint = "in Euro, z. B. 49,00"; break;
            case TypeKind::integer: hint = "ganze Zahl"; break;
            case TypeKind::decimal: hint = "Zahl, z. B. 0,5"; break;
            case TypeKind::duration: hint = "z. B. 8 Wochen, 3 Monate"; break;
            default: break;
        }
        std::string classes = "feld";
        if (s.kind == TypeKind::date || s.kind == TypeKind::money || s.kind == TypeKind::integer ||
            s.kind == TypeKind::decimal)
            classes += " schmal";
        if (error) classes += " mit-fehler";
        if (needed) classes += " gebraucht";
        classes += hidden;
        if (s.kind == TypeKind::enumeration) {
            const EnumType& e = rules.enums[rules.types[s.type].ref];
            for (const std::string& l : e.value_labels)
                if (l.size() > 34) classes += " breit";
        }
        if (s.kind == TypeKind::text && f.name.size() > 0 && label.size() > 40) classes += " breit";
        out += "<div class=\"" + classes + "\"><label for=\"" + id + "\">" + escape(label);
        if (!required) out += " <span class=\"optional\">(optional)</span>";
        out += "</label>";
        std::string described;
        if (!hint.empty()) {
            out += "<div class=\"hinweis\" id=\"" + id + "-hinweis\">" + escape(hint) + "</div>";
            described = id + "-hinweis";
        }
        if (needed) {
            out += "<div class=\"hinweis gebraucht-hinweis\" id=\"" + id + "-frage\">Frage " + std::to_string(question) +
                   ": wird für das Ergebnis gebraucht.</div>";
            described += (described.empty() ? "" : " ") + id + "-frage";
        }
        if (error) {
            error_line(id, *error, path);
            described += (described.empty() ? "" : " ") + id + "-fehler";
        }
        std::string common = " id=\"" + id + "\" name=\"" + escape(path) + "\"" +
                             (described.empty() ? "" : " aria-describedby=\"" + described + "\"") +
                             (error ? " aria-invalid=\"true\"" : "");
        std::string current = display_value(s.kind, node);
        if (s.kind == TypeKind::enumeration || s.kind == TypeKind::boolean) {
            out += "<select" + common + ">";
            out += std::string("<option value=\"\">") + (required ? "– bitte wählen –" : "– keine Angabe –") + "</option>";
            auto option = [&](const std::string& value, const std::string& text) {
                out += "<option value=\"" + escape(value) + "\"" + (current == value ? " selected" : "") + ">" +
                       escape(text) + "</option>";
            };
            if (s.kind == TypeKind::boolean) {
                if (current == "true") current = "ja";
                if (current == "false") current = "nein";
                option("ja", "ja");
                option("nein", "nein");
            } else {
                const EnumType& e = rules.enums[rules.types[s.type].ref];
                bool known = current.empty();
                for (std::size_t i = 0; i < e.values.size(); ++i) {
                    option(e.values[i], e.value_labels[i].empty() ? e.values[i] : e.value_labels[i]);
                    if (e.values[i] == current) known = true;
                }
                if (!known) option(current, current + " (unbekannt)");
            }
            out += "</select>";
        } else {
            std::string type_attrs = " type=\"text\"";
            if (s.kind == TypeKind::date) type_attrs += " inputmode=\"numeric\" autocomplete=\"off\" placeholder=\"TT.MM.JJJJ\"";
            if (s.kind == TypeKind::integer) type_attrs += " inputmode=\"numeric\"";
            if (s.kind == TypeKind::money || s.kind == TypeKind::decimal) type_attrs += " inputmode=\"decimal\"";
            if (s.kind == TypeKind::text) type_attrs += " autocomplete=\"off\"";
            out += "<input" + type_attrs + common + " value=\"" + escape(current) + "\">";
        }
        out += "</div>\n";
    }

    void record_fields(std::uint32_t record_index, const std::string& path, const YAML::Node& node) {
        const RecordType& r = rules.records[record_index];
        // Single values first (in a grid), then the yes/no boxes together, then lists.
        out += "<div class=\"raster\">";
        for (const FieldType& f : r.fields) {
            Shape s = shape_of(rules, f.type);
            if (s.kind == TypeKind::record || s.kind == TypeKind::list || is_checkbox(rules, f)) continue;
            scalar(f, s, join_path(path, f.name), child(node, f.name));
        }
        out += "</div>";
        bool any_box = false;
        for (const FieldType& f : r.fields) {
            if (!is_checkbox(rules, f)) continue;
            if (!any_box) out += "<fieldset class=\"kaesten\"><legend>Trifft zu</legend>\n";
            any_box = true;
            scalar(f, shape_of(rules, f.type), join_path(path, f.name), child(node, f.name));
        }
        if (any_box) out += "</fieldset>\n";
        for (const FieldType& f : r.fields) {
            Shape s = shape_of(rules, f.type);
            if (s.kind == TypeKind::record) record(f, s, join_path(path, f.name), child(node, f.name), 3);
            if (s.kind == TypeKind::list) list(f, s, join_path(path, f.name), child(node, f.name), true);
        }
    }

    void record(const FieldType& f, const Shape& s, const std::string& path, const YAML::Node& node, int) {
        std::string id = field_id(path);
        out += "<fieldset class=\"gruppe\" id=\"" + id + "\"><legend>" + escape(f.label.empty() ? f.name : f.label);
        if (s.optional) out += " <span class=\"optional\">(optional)</span>";
        out += "</legend>\n";
        if (const FieldError* e = error_at(view, path)) error_line(id, *e, path);
        record_fields(rules.types[s.type].ref, path, node);
        out += "</fieldset>\n";
    }

    void list(const FieldType& f, const Shape& s, const std::string& path, const YAML::Node& node, bool nested) {
        TypeId element = rules.types[s.type].ref;
        std::string id = field_id(path);
        std::string label = f.label.empty() ? f.name : f.label;
        if (rules.types.kind(element) != TypeKind::record) {
            // A list of single values as one text field.
            std::string joined;
            if (node && node.IsSequence())
                for (const auto& item : node) joined += (joined.empty() ? "" : ", ") + scalar_of(item);
            FieldType as_text = f;
            out += "<div class=\"feld\"><label for=\"" + id + "\">" + escape(label) +
                   " <span class=\"optional\">(mehrere durch Komma getrennt)</span></label><input type=\"text\" id=\"" + id +
                   "\" name=\"" + escape(path) + "\" value=\"" + escape(joined) + "\"></div>\n";
            return;
        }
        const RecordType& item_type = rules.records[rules.types[element].ref];
        std::size_t count = node && node.IsSequence() ? node.size() : 0;
        bool has_error = false;
        for (const auto& e : view.errors)
            if (e.field.rfind(path + ".", 0) == 0 || e.field == path) has_error = true;
        if (nested) {
            out += "<details class=\"liste\" id=\"" + id + "\"" + (count > 0 || has_error ? " open" : "") + "><summary>" +
                   escape(label) + (count ? " (" + std::to_string(count) + ")" : std::string(" (keine)")) + "</summary>\n";
        } else {
            out += "<fieldset class=\"gruppe liste\" id=\"" + id + "\"><legend>" + escape(label) + "</legend>\n";
        }
        out += "<input type=\"hidden\" name=\"_anzahl." + escape(path) + "\" value=\"" + std::to_string(count) + "\">\n";
        if (const FieldError* e = error_at(view, path)) error_line(id, *e, path);
        if (count == 0 && !nested) out += "<p class=\"leer\">Noch keine " + escape(label) + " erfasst.</p>\n";
        for (std::size_t i = 1; i <= count; ++i) {
            std::string item_path = path + "." + std::to_string(i);
            std::string item_id = field_id(item_path);
            out += "<fieldset class=\"eintrag\" id=\"" + item_id + "\"><legend>" + escape(item_type.label) + " " +
                   std::to_string(i) + "</legend>\n";
            if (const FieldError* e = error_at(view, item_path)) error_line(item_id, *e, item_path);
            record_fields(rules.types[element].ref, item_path, node[i - 1]);
            out += "<button type=\"submit\" class=\"knopf zweit klein\" name=\"aktion\" value=\"weg:" + escape(item_path) +
                   "\" formnovalidate>" + escape(item_type.label) + " " + std::to_string(i) + " entfernen</button>\n";
            out += "</fieldset>\n";
        }
        out += "<button type=\"submit\" class=\"knopf zweit\" name=\"aktion\" value=\"neu:" + escape(path) +
               "\" formnovalidate>" + escape(item_type.label) + " hinzufügen</button>\n";
        out += nested ? "</details>\n" : "</fieldset>\n";
    }
};

}  // namespace

std::string field_id(const std::string& path) {
    std::string id = "f-";
    for (char c : path) id += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '-';
    return id;
}

YAML::Node tree_from_form(const Program& program, const FormFields& fields) {
    FormReader reader{program.rules, {}};
    for (const auto& [k, v] : fields) reader.values[k] = v;
    YAML::Node tree(YAML::NodeType::Map);
    for (const InputDeclaration& input : program.rules.inputs) {
        if (auto v = reader.field(input.field, input.field.name)) tree[input.field.name] = *v;
    }
    return tree;
}

YAML::Node tree_from_yaml(const std::string& text) {
    // Read as every YAML text of klappt is (an alias bomb refused before the form walks the
    // tree), although the desk's own stored cases are all it is given today.
    auto file = std::make_shared<const SourceFile>("Fall", text);
    Diagnostics ignored;  // the form shows what could be read; the check beside it names the errors
    std::vector<yaml_support::Document> documents = yaml_support::split_documents(file->text());
    if (!documents.empty())
        if (auto node = yaml_support::parse(file, documents.front(), ignored); node && node->IsMap()) return *node;
    return YAML::Node(YAML::NodeType::Map);
}

std::string yaml_from_tree(const YAML::Node& tree) {
    YAML::Emitter out;
    out << tree;
    return std::string(out.c_str()) + "\n";
}

bool apply_list_action(YAML::Node& tree, const std::string& action) {
    bool add = action.rfind("neu:", 0) == 0, remove = action.rfind("weg:", 0) == 0;
    if (!add && !remove) return false;
    std::vector<std::string> parts = split_field_path(action.substr(4));
    if (parts.empty() || parts.size() > 8) return false;
    std::size_t index = 0;
    if (remove) {
        if (!is_list_position(parts.back()) || parts.back().size() > 3) return false;
        index = std::stoul(parts.back());
        parts.pop_back();
    }
    YAML::Node node = tree;  // yaml-cpp nodes are handles: assigning rebinds, so walk with a fresh handle each step
    std::vector<YAML::Node> chain{tree};
    for (const std::string& part : parts) {
        YAML::Node current = chain.back();
        if (is_list_position(part)) {
            std::size_t i = std::stoul(part);
            if (!current.IsSequence() || i == 0 || i > current.size()) return false;
            chain.push_back(current[i - 1]);
        } else {
            if (!current.IsMap()) return false;
            if (!current[part] || current[part].IsNull()) current[part] = YAML::Node(YAML::NodeType::Sequence);
            chain.push_back(current[part]);
        }
    }
    YAML::Node list = chain.back();
    if (!list.IsSequence()) return false;
    if (add) {
        if (list.size() < 200) list.push_back(YAML::Node(YAML::NodeType::Map));
        return true;
    }
    if (index == 0 || index > list.size()) return false;
    YAML::Node kept(YAML::NodeType::Sequence);
    for (std::size_t i = 0; i < list.size(); ++i)
        if (i + 1 != index) kept.push_back(list[i]);
    // Replace the list in its parent (the last name in the path).
    YAML::Node parent = chain[chain.size() - 2];
    const std::string& key = parts.back();
    if (is_list_position(key)) {
        parent[std::stoul(key) - 1] = kept;
    } else {
        parent[key] = kept;
    }
    return true;
}

YAML::Node new_case_tree(const Program& program, const std::string& id, const std::string& today_iso) {
    YAML::Node tree(YAML::NodeType::Map);
    if (!program.manifest.case_id.empty()) tree[program.manifest.case_id] = id;
    if (!program.manifest.check_date.empty()) tree[program.manifest.check_date] = today_iso;
    return tree;
}

std::string render_case_fields(const Program& program, const YAML::Node& tree, const FormView& view) {
    const RuleSet& rules = program.rules;
    Renderer r{program, rules, view, {}};
    // The case's own single values (id, check date …) in one group, then each record and list.
    bool any_scalar = false;
    for (const InputDeclaration& input : rules.inputs) {
        Shape s = shape_of(rules, input.field.type);
        if (s.kind == TypeKind::record || s.kind == TypeKind::list) continue;
        if (!any_scalar) r.out += "<fieldset class=\"gruppe\" id=\"gruppe-fall\"><legend>Angaben zum Fall</legend><div class=\"raster\">\n";
        any_scalar = true;
        r.scalar(input.field, s, input.field.name, child(tree, input.field.name));
    }
    if (any_scalar) r.out += "</div></fieldset>\n";
    // Records the case cannot do without come first (the person), optional ones (the Kommune) after the lists.
    auto records = [&](bool optional) {
        for (const InputDeclaration& input : rules.inputs) {
            Shape s = shape_of(rules, input.field.type);
            if (s.kind == TypeKind::record && s.optional == optional)
                r.record(input.field, s, input.field.name, child(tree, input.field.name), 2);
        }
    };
    records(false);
    for (const InputDeclaration& input : rules.inputs) {
        Shape s = shape_of(rules, input.field.type);
        if (s.kind == TypeKind::list) r.list(input.field, s, input.field.name, child(tree, input.field.name), false);
    }
    records(true);
    return r.out;
}

std::string field_label(const Program& program, const std::string& path) {
    const RuleSet& rules = program.rules;
    std::vector<std::string> parts = split_field_path(path);
    if (parts.empty()) return path;
    const FieldType* field = nullptr;
    for (const InputDeclaration& input : rules.inputs)
        if (input.field.name == parts[0]) field = &input.field;
    if (!field) return path;
    std::string label = field->label;
    TypeId type = field->type;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        Shape s = shape_of(rules, type);
        if (s.kind == TypeKind::list) {
            TypeId element = rules.types[s.type].ref;
            if (rules.types.kind(element) == TypeKind::record)
                label = rules.records[rules.types[element].ref].label + " " + parts[i];
            type = element;
            continue;
        }
        if (s.kind != TypeKind::record) return path;
        const FieldType* next = nullptr;
        for (const FieldType& f : rules.records[rules.types[s.type].ref].fields)
            if (f.name == parts[i]) next = &f;
        if (!next) return path;
        label = (parts.size() > 2 && i + 1 == parts.size() && label.find(' ') != std::string::npos)
                    ? label + ": " + next->label
                    : next->label;
        type = next->type;
    }
    return label.empty() ? path : label;
}

std::string field_display(const Program& program, const std::string& path, const std::string& raw) {
    const RuleSet& rules = program.rules;
    std::vector<std::string> parts = split_field_path(path);
    const FieldType* field = nullptr;
    for (const InputDeclaration& input : rules.inputs)
        if (!parts.empty() && input.field.name == parts[0]) field = &input.field;
    for (std::size_t i = 1; field && i < parts.size(); ++i) {
        Shape s = shape_of(rules, field->type);
        TypeId type = s.type;
        if (s.kind == TypeKind::list) {
            if (!is_list_position(parts[i])) return raw;
            type = rules.types[s.type].ref;
            if (++i >= parts.size()) return raw;
        }
        if (rules.types.kind(type) != TypeKind::record) return raw;
        const FieldType* next = nullptr;
        for (const FieldType& f : rules.records[rules.types[type].ref].fields)
            if (f.name == parts[i]) next = &f;
        field = next;
    }
    if (!field) return raw;
    Shape s = shape_of(rules, field->type);
    switch (s.kind) {
        case TypeKind::date:
            if (auto d = calendar::parse(raw)) return calendar::german(*d);
            return raw;
        case TypeKind::money:
            if (auto cents = money::parse_euro(raw)) return money::german(*cents);
            return raw;
        case TypeKind::boolean:
            if (auto b = parse_bool(raw)) return *b ? "ja" : "nein";
            return raw;
        case TypeKind::enumeration: {
            const EnumType& e = rules.enums[rules.types[s.type].ref];
            for (std::size_t i = 0; i < e.values.size(); ++i)
                if (e.values[i] == raw && !e.value_labels[i].empty()) return e.value_labels[i];
            return raw;
        }
        default: return raw;
    }
}

std::string render_error_summary(const Program& program, const std::vector<FieldError>& errors) {
    if (errors.empty()) return "";
    std::string out = "<div class=\"fehlerliste\" role=\"alert\" tabindex=\"-1\" id=\"fehlerliste\" "
                      "aria-labelledby=\"fehlerliste-titel\"><h2 id=\"fehlerliste-titel\">Es gibt ein Problem</h2><ul>";
    for (const auto& e : errors) {
        std::string message = e.message;
        if (message.rfind("Pflichtfeld", 0) == 0) message = "Bitte „" + field_label(program, e.field) + "“ angeben.";
        else if (!e.field.empty()) message = field_label(program, e.field) + ": " + message;
        if (e.field.empty()) out += "<li>" + escape(message) + "</li>";
        else out += "<li><a href=\"#" + field_id(e.field) + "\">" + escape(message) + "</a></li>";
    }
    return out + "</ul></div>\n";
}

std::string enum_label(const Program& program, const std::string& enum_name, const std::string& value) {
    for (const EnumType& e : program.rules.enums) {
        if (!enum_name.empty() && e.name != enum_name) continue;
        for (std::size_t i = 0; i < e.values.size(); ++i)
            if (e.values[i] == value && !e.value_labels[i].empty()) return e.value_labels[i];
    }
    return value;
}

}  // namespace klappt::web
