#include "engine/input/case_loader.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <set>
#include <type_traits>

#include "dsl/limits.hpp"
#include "engine/runtime/evaluation_error.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/base/field_path.hpp"
#include "engine/input/partial_case.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "engine/input/text_encoding.hpp"
#include "engine/input/yaml_support.hpp"

namespace klappt {

namespace {

class CaseReader {
public:
    // `max_list` bounds every list of the value read and `max_errors` the errors reported
    // (limits::kMaxListElementsPerCase and kMaxErrorsPerCase for a case; a forwarding list,
    // one element per forwarding, is not a case and has neither bound).
    CaseReader(const Program& program, const SourceRef& file, const yaml_support::Document& doc, Arena& arena,
               std::vector<FieldError>& errors, std::size_t max_list = limits::kMaxListElementsPerCase,
               std::size_t max_errors = limits::kMaxErrorsPerCase)
        : rules_(program.rules), file_(file), doc_(doc), arena_(arena), errors_(errors), max_list_(max_list),
          max_errors_(max_errors) {}

    void read_inputs(const YAML::Node& root, std::vector<Value>& out) {
        out.assign(rules_.inputs.size(), Value());
        std::vector<std::string> names;
        for (auto& in : rules_.inputs) names.push_back(in.field.name);
        unknown_keys(root, names, "");
        for (std::size_t i = 0; i < rules_.inputs.size(); ++i)
            out[i] = member(root, rules_.inputs[i].field, "");
    }

    const std::vector<PendingCheck>& pending_checks() const { return checks_; }

    // Partial cases (engine/input/partial_case.hpp): `unbekannt` and absent required
    // fields become unknowns instead of errors.
    struct Unknown {
        std::string path, label;
        TypeId type;
        bool absent;
    };
    void allow_unknowns() { partial_ = true; }
    const std::vector<Unknown>& unknowns() const { return unknowns_; }

    // Any node as a value of `type` (a whole input, or part of one).
    Value read_value(const YAML::Node& node, TypeId type, const std::string& path) { return read(node, type, path); }

private:
    void fail(const YAML::Node& at, const std::string& path, const std::string& message) {
        if (errors_.size() > max_errors_) return;
        Span span = yaml_support::span_at(*file_, doc_, at.Mark());
        if (errors_.size() == max_errors_)
            errors_.push_back({"", "weitere Fehler in diesem Fall werden nicht gezeigt (höchstens " + std::to_string(max_errors_) +
                                       " je Fall); zuerst die gezeigten beheben",
                               span});
        else
            errors_.push_back({path, message, span});
    }

    static std::string join(const std::string& base, const std::string& name) {
        return base.empty() ? name : base + "." + name;
    }

    void unknown_keys(const YAML::Node& map, const std::vector<std::string>& allowed, const std::string& path) {
        if (auto dup = yaml_support::duplicate_key(map))
            fail(*dup, join(path, dup->Scalar()), "Feld „" + dup->Scalar() + "“ ist doppelt angegeben");
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it->first.IsScalar()) {
                fail(it->first, path, "Feldnamen müssen einfache Namen sein");
                continue;
            }
            const std::string& key = it->first.Scalar();
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
            std::string suggestion = did_you_mean(key, allowed);
            std::string list;
            for (auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            fail(it->first, join(path, key),
                 "unbekanntes Feld „" + key + "“" + (suggestion.empty() ? "; erlaubt: " + list : suggestion));
        }
    }

    // The value of `field` inside `map` (default, none or an error when absent).
    Value member(const YAML::Node& map, const FieldType& field, const std::string& base) {
        std::string path = join(base, field.name);
        YAML::Node node = map[field.name];
        if (!node || node.IsNull()) {
            if (field.default_value) return constant_value(*field.default_value, &arena_);
            if (rules_.types.is_optional(field.type)) return Value::none();
            if (partial_) {
                TypeKind kind = rules_.types.kind(field.type);
                if (kind == TypeKind::record) return read(YAML::Node(YAML::NodeType::Map), field.type, path);
                if (kind != TypeKind::list) {
                    unknowns_.push_back({path, field.label.empty() ? field.name : field.label, field.type, true});
                    return Value();
                }
            }
            fail(map, path, "Pflichtfeld „" + path + "“ fehlt; erwartet " + expected_text(rules_, field.type));
            return Value();
        }
        if (partial_ && node.IsScalar() && node.Scalar() == kUnknownWord) {
            if (!is_scalar_kind(rules_.types.kind(rules_.types.strip_optional(field.type)))) {
                fail(node, path, "„" + path + "“: „unbekannt“ geht nur für einzelne Angaben, nicht für Listen und Datensätze "
                                 "(deren Felder können unbekannt sein)");
                return Value();
            }
            unknowns_.push_back({path, field.label.empty() ? field.name : field.label, field.type, false});
            return Value();
        }
        return read(node, field.type, path);
    }

    Value read(const YAML::Node& node, TypeId type, const std::string& path) {
        TypeId t = rules_.types.strip_optional(type);
        switch (rules_.types.kind(t)) {
            case TypeKind::record: {
                if (!node.IsMap()) {
                    fail(node, path, "„" + path + "“: erwartet " + expected_text(rules_, t));
                    return Value();
                }
                const RecordType& record = rules_.records[rules_.types[t].ref];
                std::vector<std::string> names;
                for (auto& f : record.fields) names.push_back(f.name);
                unknown_keys(node, names, path);
                Value* fields = arena_.make_array<Value>(record.fields.size());
                for (std::size_t i = 0; i < record.fields.size(); ++i) fields[i] = member(node, record.fields[i], path);
                if (!record.checks.empty()) {
                    std::vector<Span> spans(record.fields.size());
                    for (std::size_t i = 0; i < record.fields.size(); ++i)
                        if (YAML::Node at = node[record.fields[i].name]; at)
                            spans[i] = yaml_support::span_at(*file_, doc_, at.Mark());
                    checks_.push_back({Value::record(fields), rules_.types[t].ref, path,
                                       yaml_support::span_at(*file_, doc_, node.Mark()), std::move(spans)});
                }
                return Value::record(fields);
            }
            case TypeKind::list: {
                if (!node.IsSequence()) {
                    fail(node, path, "„" + path + "“: erwartet eine Liste (Einträge mit „- “)");
                    return Value::list_ref(nullptr, 0);
                }
                TypeId element = rules_.types[t].ref;
                if (node.size() > max_list_) {
                    fail(node, path, "„" + path + "“: " + std::to_string(node.size()) + " Einträge; höchstens " +
                                         std::to_string(max_list_) + " je Fall");
                    return Value::list_ref(nullptr, 0);
                }
                auto n = static_cast<std::uint32_t>(node.size());
                Value* items = arena_.make_array<Value>(n);
                for (std::uint32_t i = 0; i < n; ++i)
                    items[i] = read(node[i], element, path + "." + std::to_string(i + 1));
                return Value::list_ref(items, n);
            }
            default: {
                if (!node.IsScalar()) {
                    fail(node, path, "„" + path + "“: erwartet " + expected_text(rules_, t));
                    return Value();
                }
                if (std::string problem = text_problem_of(node); !problem.empty()) {
                    fail(node, path, problem);
                    return Value();
                }
                auto parsed = parse_scalar(rules_, t, node.Scalar(), arena_);
                if (!parsed.value) {
                    fail(node, path, parsed.error);
                    return Value();
                }
                return *parsed.value;
            }
        }
    }

    // Why the scalar `node` is not text (a NUL byte, a BOM, bytes that are not UTF-8), or "".
    // The parser may already have replaced bytes that are not UTF-8 by U+FFFD; then the
    // bytes as written in the file (from the value to its line's end) decide.
    std::string text_problem_of(const YAML::Node& node) const {
        const std::string& value = node.Scalar();
        std::string problem = text_problem(value);
        if (!problem.empty() || value.find("\xEF\xBF\xBD") == std::string::npos) return problem;
        std::string_view raw = file_->text().substr(yaml_support::span_at(*file_, doc_, node.Mark()).begin);
        raw = raw.substr(0, raw.find('\n'));
        return first_invalid_utf8(raw) ? text_problem(raw) : "";
    }

    const RuleSet& rules_;
    const SourceRef& file_;
    const yaml_support::Document& doc_;
    Arena& arena_;
    std::vector<FieldError>& errors_;
    std::size_t max_list_;
    std::size_t max_errors_;
    std::vector<PendingCheck> checks_;
    bool partial_ = false;
    std::vector<Unknown> unknowns_;
};

}  // namespace

void run_record_checks(Evaluator& evaluator, const Case& kase, const std::vector<PendingCheck>& pending,
                       std::vector<FieldError>& errors, std::vector<std::size_t>* owner,
                       const std::vector<FieldError>* read_errors) {
    if (pending.empty()) return;
    const RuleSet& rules = evaluator.program().rules;
    // Whether reading `path` (or anything inside it) failed.
    auto broken = [&](const std::string& path) {
        if (!read_errors) return false;
        for (const FieldError& e : *read_errors)
            if (e.field == path || (e.field.size() > path.size() && e.field.compare(0, path.size(), path) == 0 &&
                                    e.field[path.size()] == '.'))
                return true;
        return false;
    };
    evaluator.start(kase);
    for (std::size_t k = 0; k < pending.size(); ++k)
        for (const auto& check : rules.records[pending[k].type].checks) {
            const PendingCheck& p = pending[k];
            if (read_errors && !read_errors->empty()) {
                bool skip = false;
                for (std::uint32_t f : check.fields)
                    skip = skip || broken((p.path.empty() ? "" : p.path + ".") + rules.records[p.type].fields[f].name);
                for (std::uint32_t i : check.inputs) skip = skip || broken(rules.inputs[i].field.name);
                if (skip) continue;
            }
            // Where the error is reported: the field (or input) the check is about.
            std::string path = p.path;
            Span span = p.span;
            const RecordType& record = rules.records[p.type];
            auto known = [&](std::uint32_t f) { return f < p.field_spans.size() && p.field_spans[f].end > p.field_spans[f].begin; };
            if (check.fields.size() == 1)
                path = (p.path.empty() ? "" : p.path + ".") + record.fields[check.fields[0]].name;
            else if (check.fields.empty() && check.inputs.size() == 1)
                path = rules.inputs[check.inputs[0]].field.name;
            for (std::uint32_t f : check.fields)
                if (known(f)) {
                    span = p.field_spans[f];
                    break;
                }
            try {
                if (!evaluator.record_check_holds(check, p.record)) errors.push_back({path, check.message, span});
            } catch (const EvaluationError& e) {
                errors.push_back({path, evaluation_error_text(evaluator.program(), e), span});
            }
            if (owner) owner->resize(errors.size(), k);
        }
}

std::string case_prefix(const std::string& id) { return "Fall " + id + ": "; }

namespace {

// The case id written in a document that does not parse as YAML (`fall: X` at the start of a line).
std::string id_from_text(std::string_view text, const std::string& key) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        if (line.size() > key.size() + 1 && line.substr(0, key.size()) == key && line[key.size()] == ':') {
            std::string_view value = line.substr(key.size() + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '"' || value.front() == '\'')) value.remove_prefix(1);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\r' || value.back() == '"' || value.back() == '\''))
                value.remove_suffix(1);
            if (std::size_t hash = value.find(" #"); hash != std::string_view::npos) value = value.substr(0, hash);
            if (!value.empty() && value.size() < 100) return std::string(value);
        }
        pos = eol + 1;
    }
    return "";
}

// The documents of a case file; none after a file error (empty, or more cases than one file may hold).
std::vector<yaml_support::Document> case_documents(const SourceRef& file, Diagnostics& diagnostics) {
    auto docs = yaml_support::split_documents(file->text());
    if (docs.empty()) {
        diagnostics.file_error(file, "leere Datei: kein Fall gefunden (erwartet YAML mit fall, stichtag, person …)");
    } else if (docs.size() > limits::kMaxCasesPerFile) {
        diagnostics.file_error(file, "zu viele Fälle in einer Datei: " + std::to_string(docs.size()) + " (höchstens " +
                                         std::to_string(limits::kMaxCasesPerFile) +
                                         "); die Datei aufteilen oder die Fälle als CSV mit klappt batch auswerten");
        docs.clear();
    }
    return docs;
}

// How every case document starts, complete or partial: its place, its id (the case-id input,
// else „Dokument N“; a partial case's „unbekannt“ is no id) and, unless it is a YAML mapping,
// why not.  Returns the mapping to read, or null.
template <class Document>
const YAML::Node* open_case_document(const RuleSet& rules, const SourceRef& file, const yaml_support::Document& doc,
                                     std::size_t number, const std::optional<YAML::Node>& root, const Diagnostics& syntax,
                                     Document& out) {
    constexpr bool partial = std::is_same_v<Document, PartialCaseDocument>;
    out.file = file;
    out.span = Span{doc.offset, doc.offset + 1};
    out.id = "Dokument " + std::to_string(number);
    const std::string* id_key = rules.case_id_input ? &rules.inputs[*rules.case_id_input].field.name : nullptr;
    if (!root) {
        if (id_key)
            if (std::string id = id_from_text(doc.text, *id_key); !id.empty() && !(partial && id == kUnknownWord))
                out.id = id;
        for (auto& d : syntax.items()) out.errors.push_back({"", d.message, d.span});
        return nullptr;
    }
    if (!root->IsMap()) {
        out.errors.push_back({"", "erwartet einen Fall als Zuordnung (fall: …, stichtag: …, person: …)",
                              yaml_support::span_at(*file, doc, root->Mark())});
        return nullptr;
    }
    if (id_key)
        if (auto id = (*root)[*id_key]; id && id.IsScalar() && !id.Scalar().empty() && !(partial && id.Scalar() == kUnknownWord))
            out.id = id.Scalar();
    return &*root;
}

// A case document's errors as diagnostics: „Fall ID: feld: message“ at each error's place.
void report_case_errors(Diagnostics& diagnostics, const SourceRef& file, const std::string& id,
                        const std::vector<FieldError>& errors) {
    for (const auto& e : errors) {
        std::string where = e.field.empty() ? "" : e.field + ": ";
        if (e.message.rfind("Pflichtfeld", 0) == 0 || e.message.rfind("„" + e.field, 0) == 0) where = "";
        diagnostics.error(file, e.span, case_prefix(id) + where + e.message);
    }
}

}  // namespace

bool for_each_case_yaml(const Program& program, const SourceRef& file, Diagnostics& file_diagnostics,
                        const std::function<void(CaseDocument&, const Diagnostics&)>& each) {
    return for_each_case_yaml({&program}, file, file_diagnostics,
                              [&](std::vector<CaseDocument>& docs, std::vector<Diagnostics>& diagnostics) {
                                  each(docs[0], diagnostics[0]);
                              });
}

bool for_each_case_yaml(const std::vector<const Program*>& programs, const SourceRef& file,
                        Diagnostics& file_diagnostics,
                        const std::function<void(std::vector<CaseDocument>&, std::vector<Diagnostics>&)>& each) {
    auto docs = case_documents(file, file_diagnostics);
    if (docs.empty()) return false;
    std::vector<std::unique_ptr<Evaluator>> evaluators;
    for (const Program* program : programs) evaluators.push_back(std::make_unique<Evaluator>(*program));
    std::vector<CaseDocument> documents(programs.size());
    std::vector<Diagnostics> diagnostics(programs.size());
    std::size_t number = 0;
    for (const auto& doc : docs) {
        ++number;
        // Parsed once, read under each rule set (klappt diff compares two).
        Diagnostics syntax;
        auto root = yaml_support::parse(file, doc, syntax);
        for (std::size_t p = 0; p < programs.size(); ++p) {
            const RuleSet& rules = programs[p]->rules;
            CaseDocument& cd = documents[p] = CaseDocument{};
            if (const YAML::Node* case_root = open_case_document(rules, file, doc, number, root, syntax, cd)) {
                auto data = std::make_unique<Case>();
                data->id = cd.id;
                CaseReader reader(*programs[p], file, doc, data->arena, cd.errors);
                reader.read_inputs(*case_root, data->inputs);
                if (cd.errors.empty()) {
                    run_record_checks(*evaluators[p], *data, reader.pending_checks(), cd.errors);
                    // A check about a top-level input (stichtag) points at that input's line.
                    for (auto& e : cd.errors)
                        if (e.field.find('.') == std::string::npos && rules.find_input(e.field))
                            if (YAML::Node at = (*case_root)[e.field]; at) e.span = yaml_support::span_at(*file, doc, at.Mark());
                }
                if (cd.errors.empty()) cd.data = std::move(data);
            }
            diagnostics[p] = Diagnostics{};
            report_case_errors(diagnostics[p], file, cd.id, cd.errors);
        }
        each(documents, diagnostics);
    }
    return true;
}

YamlValue read_yaml_value(const Program& program, const SourceRef& file, TypeId type, const std::string& path,
                          Arena& arena) {
    YamlValue out;
    auto docs = yaml_support::split_documents(file->text());
    if (docs.size() != 1) {
        out.errors.push_back({"", docs.empty() ? "leere Datei: erwartet " + expected_text(program.rules, type)
                                               : "erwartet genau ein YAML-Dokument, gefunden " +
                                                     std::to_string(docs.size()) + " (getrennt durch ---)",
                              Span{docs.size() > 1 ? docs[1].offset : 0, (docs.size() > 1 ? docs[1].offset : 0) + 1}});
        return out;
    }
    Diagnostics syntax;
    auto root = yaml_support::parse(file, docs[0], syntax);
    if (!root) {
        for (auto& d : syntax.items()) out.errors.push_back({"", d.message, d.span});
        return out;
    }
    CaseReader reader(program, file, docs[0], arena, out.errors, std::numeric_limits<std::size_t>::max(),
                      std::numeric_limits<std::size_t>::max());
    out.value = reader.read_value(*root, type, path);
    out.checks = reader.pending_checks();
    return out;
}

CaseFile load_cases_yaml(const Program& program, const SourceRef& file) {
    CaseFile out;
    for_each_case_yaml(program, file, out.diagnostics, [&](CaseDocument& cd, const Diagnostics& diagnostics) {
        out.diagnostics.append(diagnostics);
        out.cases.push_back(std::move(cd));
    });
    return out;
}

}  // namespace klappt

namespace klappt {

std::vector<PartialCaseDocument> load_partial_cases_yaml(const Program& program, const SourceRef& file,
                                                         Diagnostics& diagnostics) {
    std::vector<PartialCaseDocument> out;
    const RuleSet& rules = program.rules;
    std::size_t number = 0;
    for (const auto& doc : case_documents(file, diagnostics)) {
        ++number;
        PartialCaseDocument pd;
        Diagnostics syntax;
        auto root = yaml_support::parse(file, doc, syntax);
        if (const YAML::Node* case_root = open_case_document(rules, file, doc, number, root, syntax, pd)) {
            auto data = std::make_unique<Case>();
            data->id = pd.id;
            CaseReader reader(program, file, doc, data->arena, pd.errors);
            reader.allow_unknowns();
            reader.read_inputs(*case_root, data->inputs);
            if (pd.errors.empty()) {
                PartialCase partial;
                for (const auto& u : reader.unknowns()) {
                    Value* slot = field_slot(rules, *data, u.path);
                    if (slot) partial.unknowns.push_back({u.path, u.type, u.label, slot, u.absent});
                }
                partial.checks = reader.pending_checks();
                partial.kase = std::move(data);
                pd.data = std::move(partial);
            }
        }
        report_case_errors(diagnostics, file, pd.id, pd.errors);
        out.push_back(std::move(pd));
    }
    return out;
}

namespace {


// Walks `parts` from (value, type); calls `found` with every scalar slot reached and its path.
void walk_path(const RuleSet& rules, Value* value, TypeId type, const FieldType* field, const std::vector<std::string>& parts,
               std::size_t at, const std::string& prefix,
               const std::function<void(Value*, TypeId, const FieldType*, const std::string&)>& found) {
    if (at == parts.size()) {
        if (is_scalar_kind(rules.types.kind(rules.types.strip_optional(type)))) found(value, type, field, prefix);
        return;
    }
    TypeId t = rules.types.strip_optional(type);
    if (!value->present) return;
    switch (rules.types.kind(t)) {
        case TypeKind::record: {
            const RecordType& record = rules.records[rules.types[t].ref];
            for (std::size_t i = 0; i < record.fields.size(); ++i)
                if (record.fields[i].name == parts[at])
                    walk_path(rules, const_cast<Value*>(&value->fields[i]), record.fields[i].type, &record.fields[i], parts,
                              at + 1, prefix + "." + parts[at], found);
            return;
        }
        case TypeKind::list: {
            TypeId element = rules.types[t].ref;
            auto* items = const_cast<Value*>(value->list.items);
            if (parts[at] == "*") {
                for (std::uint32_t i = 0; i < value->list.size; ++i)
                    walk_path(rules, &items[i], element, field, parts, at + 1, prefix + "." + std::to_string(i + 1), found);
                return;
            }
            std::size_t n = 0;
            for (char c : parts[at]) {
                if (c < '0' || c > '9' || n > 1000000) return;
                n = n * 10 + static_cast<std::size_t>(c - '0');
            }
            if (n >= 1 && n <= value->list.size)
                walk_path(rules, &items[n - 1], element, field, parts, at + 1, prefix + "." + parts[at], found);
            return;
        }
        default: return;
    }
}

}  // namespace

Value* field_slot(const RuleSet& rules, Case& kase, const std::string& path, TypeId* type, std::string* label) {
    auto parts = split_field_path(path);
    Value* result = nullptr;
    for (std::size_t i = 0; i < rules.inputs.size(); ++i)
        if (rules.inputs[i].field.name == parts[0])
            walk_path(rules, &kase.inputs[i], rules.inputs[i].field.type, &rules.inputs[i].field, parts, 1, parts[0],
                      [&](Value* v, TypeId t, const FieldType* f, const std::string&) {
                          result = v;
                          if (type) *type = t;
                          if (label && f) *label = f->label.empty() ? f->name : f->label;
                      });
    return result;
}

std::vector<std::string> matching_paths(const RuleSet& rules, const Case& kase, const std::string& pattern) {
    auto parts = split_field_path(pattern);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < rules.inputs.size(); ++i)
        if (rules.inputs[i].field.name == parts[0])
            walk_path(rules, const_cast<Value*>(&kase.inputs[i]), rules.inputs[i].field.type, &rules.inputs[i].field,
                      parts, 1, parts[0],
                      [&](Value*, TypeId, const FieldType*, const std::string& p) { out.push_back(p); });
    return out;
}

}  // namespace klappt
