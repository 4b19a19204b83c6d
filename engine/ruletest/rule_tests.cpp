// Loading and running rule tests (see rule_tests.hpp for the file format).
// Expectations are compared against the rule set's own outputs: names come
// from the checked rule set, values are read with the output's declared type,
// and mismatches are written the way people read values (9.000,00 €).
#include "engine/ruletest/rule_tests.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>

#include "engine/base/calendar.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/runtime/trace_walk.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "engine/runtime/value_text.hpp"
#include "engine/render/value_json.hpp"
#include "engine/input/yaml_support.hpp"

namespace klappt {

namespace fs = std::filesystem;

namespace {

// Keys of the reason checks on a module value; everything else names a definition.
constexpr const char* kFailedKey = "nicht_erfuellt";
constexpr const char* kFulfilledKey = "erfuellt";
constexpr const char* kExceptionsKey = "ausnahmen";
constexpr const char* kInvalidKey = "fehler";

const std::vector<std::string> kTestKeys = {"name",   "beschreibung", "stichtag",  "fall",
                                            "datei",  "kennung",      "parameter", "erwartet"};

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
    return out;
}

class TestFileReader {
public:
    TestFileReader(const SourceRef& file, const yaml_support::Document& doc, Diagnostics& diagnostics)
        : file_(file), doc_(doc), diags_(diagnostics) {}

    Span at(const YAML::Node& n) const { return yaml_support::span_at(*file_, doc_, n.Mark()); }

    void read(const YAML::Node& root, std::vector<RuleTest>& out) {
        YAML::Node tests;
        if (root.IsSequence()) {
            tests = root;
        } else if (root.IsMap()) {
            for (auto it = root.begin(); it != root.end(); ++it) {
                std::string key = it->first.Scalar();
                if (key != "vorlage" && key != "tests")
                    diags_.error(file_, at(it->first), "unbekannter Eintrag „" + key + "“; erlaubt: vorlage, tests" +
                                                           did_you_mean(key, {"vorlage", "tests"}));
            }
            // (Copy-initialised, never assigned: assigning a missing key's node throws in yaml-cpp.)
            if (YAML::Node found = root["vorlage"]) {
                if (!found.IsMap())
                    diags_.error(file_, at(found), "vorlage: erwartet einen Fall als Zuordnung (stichtag, person, …)");
                else
                    template_.emplace(found);
            }
            YAML::Node found_tests = root["tests"];
            if (!found_tests) {
                diags_.error(file_, at(root), "„tests:“ fehlt (eine Liste von Tests mit name, fall, erwartet)");
                return;
            }
            tests.reset(found_tests);
        }
        if (!tests.IsSequence()) {
            diags_.error(file_, at(tests.IsDefined() ? tests : root),
                         "erwartet eine Liste von Tests („- name: …“) oder vorlage/tests");
            return;
        }
        for (const auto& entry : tests) {
            RuleTest test;
            if (read_test(entry, test)) out.push_back(std::move(test));
        }
    }

private:
    bool read_test(const YAML::Node& entry, RuleTest& test) {
        test.file = file_;
        test.span = at(entry);
        if (!entry.IsMap()) {
            diags_.error(file_, at(entry), "ein Test ist eine Zuordnung mit name, fall (oder datei) und erwartet");
            return false;
        }
        bool ok = true;
        if (auto dup = yaml_support::duplicate_key(entry)) {
            diags_.error(file_, at(*dup), "„" + dup->Scalar() + "“ ist in diesem Test doppelt");
            ok = false;
        }
        // A misspelt key is one mistake: the key it stands for is not reported missing as well.
        std::set<std::string> misspelt;
        for (auto it = entry.begin(); it != entry.end(); ++it) {
            std::string key = it->first.Scalar();
            if (std::find(kTestKeys.begin(), kTestKeys.end(), key) == kTestKeys.end()) {
                diags_.error(file_, at(it->first), "unbekannter Eintrag „" + key + "“ im Test" +
                                                       did_you_mean(key, kTestKeys) + "; erlaubt: " + join(kTestKeys));
                misspelt.insert(closest_name(key, kTestKeys));
                ok = false;
            }
        }
        YAML::Node name = entry["name"];
        if (!name || !name.IsScalar() || name.Scalar().empty()) {
            if (!misspelt.count("name")) diags_.error(file_, at(entry), "Test ohne „name:“");
            return false;
        }
        test.name = name.Scalar();
        test.span = at(name);
        std::string where = "Test „" + test.name + "“: ";
        if (auto d = entry["beschreibung"]) test.description = d.IsScalar() ? d.Scalar() : "";
        if (auto s = entry["stichtag"]) {
            if (!s.IsScalar()) {
                diags_.error(file_, at(s), where + "stichtag: erwartet ein Datum (JJJJ-MM-TT)");
                ok = false;
            } else {
                test.check_date = s.Scalar();
                test.check_date_span = at(s);
            }
        }
        YAML::Node inline_case = entry["fall"], file = entry["datei"];
        if (inline_case && file) {
            diags_.error(file_, at(file), where + "entweder „fall:“ oder „datei:“, nicht beides");
            ok = false;
        } else if (file) {
            if (!file.IsScalar()) {
                diags_.error(file_, at(file), where + "datei: erwartet einen Dateinamen");
                ok = false;
            } else {
                fs::path p = fs::path(file_->name()).parent_path() / file.Scalar();
                test.case_file = p.lexically_normal().string();
                test.case_span = at(file);
                if (auto k = entry["kennung"]) test.case_selector = k.IsScalar() ? k.Scalar() : "";
            }
        } else {
            YAML::Node base = inline_case ? inline_case : YAML::Node(YAML::NodeType::Map);
            if (inline_case && !inline_case.IsMap()) {
                diags_.error(file_, at(inline_case), where + "fall: erwartet einen Fall als Zuordnung (person, massnahmen, …)");
                return false;
            }
            if (!inline_case && !template_) {
                if (!misspelt.count("fall") && !misspelt.count("datei"))
                    diags_.error(file_, at(entry), where + "„fall:“ oder „datei:“ fehlt");
                return false;
            }
            YAML::Node merged = template_ ? merge(*template_, base) : YAML::Clone(base);
            if (!merged["fall"]) merged["fall"] = test.name;
            if (template_) record_spans(*template_, "", test.inline_spans);
            if (inline_case) record_spans(inline_case, "", test.inline_spans);
            YAML::Emitter emitter;
            emitter << merged;
            test.inline_case = emitter.c_str();
            test.case_span = inline_case ? at(inline_case) : test.span;
        }
        if (auto params = entry["parameter"]) {
            if (!params.IsMap()) {
                diags_.error(file_, at(params), where + "parameter: erwartet „name: wert“");
                ok = false;
            } else {
                for (auto it = params.begin(); it != params.end(); ++it) {
                    if (!it->second.IsScalar()) {
                        diags_.error(file_, at(it->second), where + "parameter " + it->first.Scalar() +
                                                                ": erwartet einen einzelnen Wert");
                        ok = false;
                        continue;
                    }
                    test.parameters.emplace_back(it->first.Scalar(), it->second.Scalar(), at(it->first));
                }
            }
        }
        YAML::Node expected = entry["erwartet"];
        if (!expected && misspelt.count("erwartet")) return false;
        if (!expected || !expected.IsMap()) {
            diags_.error(file_, expected ? at(expected) : at(entry),
                         where + "„erwartet:“ fehlt oder ist keine Zuordnung (Ausgabe: Wert)");
            return false;
        }
        test.expected = expectation(expected);
        return ok;
    }

    // `over` onto `base`: mappings merge key by key, everything else is replaced.
    static YAML::Node merge(const YAML::Node& base, const YAML::Node& over) {
        if (!base.IsMap() || !over.IsMap()) return YAML::Clone(over);
        YAML::Node out = YAML::Clone(base);
        for (auto it = over.begin(); it != over.end(); ++it) {
            const std::string key = it->first.Scalar();
            const YAML::Node& constant = out;
            YAML::Node existing = constant[key];
            out[key] = existing ? merge(existing, it->second) : YAML::Clone(it->second);
        }
        return out;
    }

    void record_spans(const YAML::Node& node, const std::string& path, std::map<std::string, Span>& out) const {
        if (!path.empty()) out[path] = at(node);
        if (node.IsMap()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                std::string child = path.empty() ? it->first.Scalar() : path + "." + it->first.Scalar();
                out[child] = at(it->first);
                record_spans(it->second, child, out);
                out[child] = at(it->first);
            }
        } else if (node.IsSequence()) {
            for (std::size_t i = 0; i < node.size(); ++i)
                record_spans(node[i], path + "." + std::to_string(i + 1), out);
        }
    }

    Expectation expectation(const YAML::Node& node) const {
        Expectation e;
        e.span = at(node);
        if (!node || node.IsNull()) {
            e.kind = Expectation::Kind::null;
        } else if (node.IsScalar()) {
            e.kind = Expectation::Kind::scalar;
            e.text = node.Scalar();
        } else if (node.IsSequence()) {
            e.kind = Expectation::Kind::list;
            for (const auto& item : node) e.items.push_back(expectation(item));
        } else if (node.IsMap()) {
            e.kind = Expectation::Kind::map;
            if (auto dup = yaml_support::duplicate_key(node))
                diags_.error(file_, at(*dup), "„" + dup->Scalar() + "“ ist doppelt angegeben");
            for (auto it = node.begin(); it != node.end(); ++it) {
                e.keys.push_back(it->first.Scalar());
                e.values.push_back(expectation(it->second));
                e.key_spans.push_back(at(it->first));
            }
        }
        return e;
    }

    const SourceRef& file_;
    const yaml_support::Document& doc_;
    Diagnostics& diags_;
    std::optional<YAML::Node> template_;  // the file's `vorlage:`, when it has one
};

}  // namespace

std::vector<RuleTest> load_rule_tests(const SourceRef& file, Diagnostics& diagnostics) {
    std::vector<RuleTest> out;
    auto docs = yaml_support::split_documents(file->text());
    if (docs.empty()) {
        diagnostics.file_error(file, "leere Testdatei: keine Tests gefunden");
        return out;
    }
    for (const auto& doc : docs) {
        auto root = yaml_support::parse(file, doc, diagnostics);
        if (!root) continue;
        TestFileReader(file, doc, diagnostics).read(*root, out);
    }
    return out;
}

namespace {

// Whether `pos` is inside a flow collection ([…] or {…}) opened earlier on its line.
bool in_flow(std::string_view text, std::size_t pos) {
    std::size_t line_start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    int depth = 0;
    char quote = 0;
    for (std::size_t i = line_start; i < pos; ++i) {
        char c = text[i];
        if (quote) {
            if (c == '\\' && quote == '"') ++i;
            else if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') quote = c;
        else if (c == '[' || c == '{') ++depth;
        else if (c == ']' || c == '}') --depth;
        else if (c == '#' && i > line_start && text[i - 1] == ' ') break;
    }
    return depth > 0;
}

std::size_t value_end(std::string_view text, std::size_t begin) {
    if (begin >= text.size()) return begin;
    char first = text[begin];
    if (first == '"' || first == '\'') {
        for (std::size_t i = begin + 1; i < text.size() && text[i] != '\n'; ++i) {
            if (first == '"' && text[i] == '\\') ++i;
            else if (text[i] == first) return i + 1;
        }
        return begin;
    }
    if (first == '[') {
        int depth = 0;
        for (std::size_t i = begin; i < text.size(); ++i) {
            if (text[i] == '[') ++depth;
            else if (text[i] == ']' && --depth == 0) return i + 1;
        }
        return begin;
    }
    bool flow = in_flow(text, begin);
    std::size_t i = begin;
    while (i < text.size() && text[i] != '\n' && !(text[i] == '#' && i > begin && text[i - 1] == ' ') &&
           !(flow && (text[i] == ',' || text[i] == ']' || text[i] == '}')))
        ++i;
    while (i > begin && (text[i - 1] == ' ' || text[i - 1] == '\r')) --i;
    return i;
}

}  // namespace

std::string apply_expectation_updates(std::string_view text, std::vector<ExpectationUpdate> updates) {
    std::sort(updates.begin(), updates.end(), [](auto& a, auto& b) { return a.span.begin > b.span.begin; });
    std::string out(text);
    std::size_t last_begin = std::string::npos;
    for (const auto& u : updates) {
        if (u.span.begin == last_begin) continue;  // the same value (a vorlage shared by tests) once
        last_begin = u.span.begin;
        std::size_t end = value_end(out, u.span.begin);
        if (end <= u.span.begin) continue;
        out.replace(u.span.begin, end - u.span.begin, u.text);
    }
    return out;
}

std::vector<std::string> rule_test_files(const std::string& rules_directory) {
    std::vector<std::string> out;
    std::error_code ec;
    fs::path dir = fs::path(rules_directory) / "tests";
    if (!fs::is_directory(dir, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file() && it->path().extension() == ".yaml") out.push_back(it->path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// ---- running -------------------------------------------------------------------

struct RuleTestRunner::Impl {
    std::shared_ptr<const Program> base;
    // Rule sets with parameter values replaced, by the test's replacement list.
    std::map<std::string, std::unique_ptr<Program>> variants;
    Arena arena;  // parameter values of the variants
    std::vector<std::string> rule_names;
    RuleCoverage* coverage = nullptr;

    explicit Impl(std::shared_ptr<const Program> p) : base(std::move(p)) {
        const RuleSet& rules = base->rules;
        for (std::uint32_t m = 0; m < rules.modules.size(); ++m)
            for (std::uint32_t d = 0; d < rules.modules[m].definitions.size(); ++d)
                if (rules.modules[m].definitions[d].kind == DefinitionKind::rule)
                    rule_names.push_back(rules.qualified_name(m, d));
    }

    const Program* program_for(const RuleTest& test, Diagnostics& diags) {
        if (test.parameters.empty()) return base.get();
        std::string key;
        for (auto& [name, value, span] : test.parameters) key += name + "=" + value + "\n";
        if (auto it = variants.find(key); it != variants.end()) return it->second.get();
        auto variant = std::make_unique<Program>(*base);
        const RuleSet& rules = variant->rules;
        std::vector<std::string> names;
        for (auto& p : rules.params) names.push_back(p.name);
        bool ok = true;
        for (auto& [name, value, span] : test.parameters) {
            auto pos = std::find(names.begin(), names.end(), name);
            if (pos == names.end()) {
                diags.error(test.file, span, "Test „" + test.name + "“: unbekannter Parameter „" + name + "“" +
                                                 did_you_mean(name, names));
                ok = false;
                continue;
            }
            auto p = static_cast<std::size_t>(pos - names.begin());
            auto parsed = parse_scalar(rules, rules.params[p].type, value, arena);
            if (!parsed.value) {
                diags.error(test.file, span, "Test „" + test.name + "“: Parameter „" + name + "“: " + parsed.error);
                ok = false;
                continue;
            }
            ParameterVersion version;
            version.from = std::numeric_limits<DayNumber>::min();
            version.value = *parsed.value;
            version.provenance = Provenance::interpretation;
            version.source = "im Regeltest gesetzt";
            variant->parameters[p].versions = {version};
        }
        if (!ok) return nullptr;
        return variants.emplace(key, std::move(variant)).first->second.get();
    }
};

namespace {

// Compares one evaluated case with the expectation of one test.
class Comparison {
public:
    Comparison(Evaluator& ev, const RuleTest& test, const std::vector<std::string>& rule_names, Diagnostics& diags,
               RuleTestResult& result)
        : ev_(ev), program_(ev.program()), rules_(program_.rules), test_(test), rule_names_(rule_names),
          diags_(diags), result_(result) {}

    void top_level(const Expectation& expected) {
        std::vector<std::string> names;
        for (auto& ref : rules_.outputs) names.push_back(program_.definition(ref.module, ref.definition).name);
        for (std::size_t i = 0; i < expected.keys.size(); ++i) {
            const std::string& key = expected.keys[i];
            const Expectation& exp = expected.values[i];
            Span span = expected.key_spans[i];
            if (key == kInvalidKey) {
                mismatch(key, "Fall nicht auswertbar", "auswertbar");
                continue;
            }
            auto pos = std::find(names.begin(), names.end(), key);
            if (pos != names.end()) {
                auto index = static_cast<std::size_t>(pos - names.begin());
                const OutputRef& ref = rules_.outputs[index];
                compare(exp, ev_.output(index), program_.definition(ref.module, ref.definition).type, key);
                continue;
            }
            if (auto dot = key.find('.'); dot != std::string::npos) {
                auto m = rules_.find_module(key.substr(0, dot));
                if (m && !rules_.modules[*m].parametrised()) {
                    const Module& module = rules_.modules[*m];
                    std::string member = key.substr(dot + 1);
                    for (std::uint32_t d = 0; d < module.definitions.size(); ++d)
                        if (module.definitions[d].name == member) {
                            compare(exp, ev_.force(ev_.singleton(*m), d), module.definitions[d].type, key);
                            goto next;
                        }
                }
            }
            problem(span, "unbekannte Ausgabe „" + key + "“" + did_you_mean(key, names) + "; erlaubt: " + join(names) +
                              " oder modul.definition");
        next:;
        }
    }

private:
    void mismatch(const std::string& path, const std::string& expected, const std::string& actual) {
        result_.mismatches.push_back(path + ": erwartet " + expected + ", ist " + actual);
    }

    void problem(Span span, const std::string& message) {
        diags_.error(test_.file, span, "Test „" + test_.name + "“: " + message);
        result_.mismatches.push_back(message);
    }

    std::string shown(const Value& v, TypeId type) const { return german_value(program_, v, type); }

    void compare(const Expectation& exp, const Value& v, TypeId type, const std::string& path) {
        TypeId t = rules_.types.strip_optional(type);
        TypeKind kind = rules_.types.kind(t);
        if (exp.kind == Expectation::Kind::null) {
            if (v.present) {
                mismatch(path, "—", shown(v, type));
                update(exp, v, type);
            }
            return;
        }
        switch (kind) {
            case TypeKind::instance: {
                if (exp.kind != Expectation::Kind::map)
                    return problem(exp.span, path + ": erwartet eine Zuordnung (Ausgabe: Wert)");
                if (!v.present) return mismatch(path, "einen Wert", "—");
                instance(exp, v, path);
                return;
            }
            case TypeKind::record: {
                if (exp.kind != Expectation::Kind::map)
                    return problem(exp.span, path + ": erwartet eine Zuordnung (Feld: Wert)");
                if (!v.present) return mismatch(path, "einen Wert", "—");
                const RecordType& record = rules_.records[rules_.types[t].ref];
                std::vector<std::string> names;
                for (auto& f : record.fields) names.push_back(f.name);
                for (std::size_t i = 0; i < exp.keys.size(); ++i) {
                    const std::string& key = exp.keys[i];
                    const Expectation& e = exp.values[i];
                    auto pos = std::find(names.begin(), names.end(), key);
                    if (pos == names.end()) {
                        problem(exp.key_spans[i], path + ": „" + record.name + "“ hat kein Feld „" + key + "“" +
                                                      did_you_mean(key, names));
                        continue;
                    }
                    auto f = static_cast<std::size_t>(pos - names.begin());
                    compare(e, v.fields[f], record.fields[f].type, path + "." + key);
                }
                return;
            }
            case TypeKind::list: {
                if (exp.kind != Expectation::Kind::list)
                    return problem(exp.span, path + ": erwartet eine Liste („- …“ oder […])");
                if (!v.present) return mismatch(path, "eine Liste", "—");
                TypeId element = rules_.types[t].ref;
                if (exp.items.size() != v.list.size) result_.updatable = false;
                if (exp.items.size() != v.list.size)
                    mismatch(path, std::to_string(exp.items.size()) + (exp.items.size() == 1 ? " Eintrag" : " Einträge"),
                             std::to_string(v.list.size));
                std::size_t n = std::min<std::size_t>(exp.items.size(), v.list.size);
                for (std::size_t i = 0; i < n; ++i)
                    compare(exp.items[i], v.list.items[i], element, path + "." + std::to_string(i + 1));
                return;
            }
            default: break;
        }
        if (exp.kind != Expectation::Kind::scalar)
            return problem(exp.span, path + ": erwartet einen einzelnen Wert (" + expected_text(rules_, t) + ")");
        auto parsed = parse_scalar(rules_, t, exp.text, scratch_);
        if (!parsed.value) return problem(exp.span, path + ": " + parsed.error);
        if (!v.present) {
            mismatch(path, shown(*parsed.value, t), "—");
            return update(exp, v, type);
        }
        if (!same_value(*parsed.value, v, kind)) {
            mismatch(path, shown(*parsed.value, t), shown(v, t));
            update(exp, v, type);
        }
    }

    // The value as it would be written in the test file; lists, records and module values
    // are not written back (their shape is the author's choice).
    void update(const Expectation& exp, const Value& v, TypeId type) {
        TypeId t = rules_.types.strip_optional(type);
        TypeKind kind = rules_.types.kind(t);
        if (kind == TypeKind::list || kind == TypeKind::record || kind == TypeKind::instance) {
            result_.updatable = false;
            return;
        }
        std::string text = v.present ? json_scalar(program_, v, type) : "null";
        result_.updates.push_back({exp.span, yaml_text(text)});
    }

    // JSON scalars are YAML; a string that needs no quotes loses them (8962.50, 2021-08-31, haupt).
    static std::string yaml_text(const std::string& json) {
        if (json.size() < 2 || json.front() != '"') return json;
        std::string inner = json.substr(1, json.size() - 2);
        bool plain = !inner.empty() && std::all_of(inner.begin(), inner.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
        });
        if (inner == "true" || inner == "false" || inner == "null" || inner == "yes" || inner == "no") plain = false;
        return plain ? inner : json;
    }

    void instance(const Expectation& exp, const Value& v, const std::string& path) {
        const Module& module = rules_.modules[v.frame->module];
        std::vector<std::string> names;
        for (auto& d : module.definitions) names.push_back(d.name);
        for (std::size_t i = 0; i < exp.keys.size(); ++i) {
            const std::string& key = exp.keys[i];
            const Expectation& e = exp.values[i];
            if (key == kFailedKey || key == kFulfilledKey || key == kExceptionsKey) {
                reasons(key, e, exp.key_spans[i], v, path);
                continue;
            }
            auto pos = std::find(names.begin(), names.end(), key);
            if (pos == names.end()) {
                std::vector<std::string> candidates = names;
                candidates.insert(candidates.end(), {kFailedKey, kFulfilledKey, kExceptionsKey});
                problem(exp.key_spans[i], path + ": „" + module.name + "“ hat keine Ausgabe „" + key + "“" +
                                              did_you_mean(key, candidates));
                continue;
            }
            auto d = static_cast<std::uint32_t>(pos - names.begin());
            compare(e, ev_.force(v.frame, d), module.definitions[d].type, path + "." + key);
            forced_.push_back({v.frame, d});
        }
    }

public:
    // The definitions of module values the expectations read (not reached through the trace of an output).
    const std::vector<std::pair<Frame*, std::uint32_t>>& forced() const { return forced_; }

private:
    std::vector<std::pair<Frame*, std::uint32_t>> forced_;

    // The names in a list expectation, each checked against the rule set's rules.
    std::optional<std::vector<std::string>> rule_list(const Expectation& e, const std::string& where) {
        if (e.kind == Expectation::Kind::null) return std::vector<std::string>{};
        if (e.kind != Expectation::Kind::list) {
            problem(e.span, where + ": erwartet eine Liste von Regelnamen, z. B. [zielgruppe.alter_passt]");
            return std::nullopt;
        }
        std::vector<std::string> out;
        for (const auto& item : e.items) {
            if (item.kind != Expectation::Kind::scalar) {
                problem(item.span, where + ": erwartet Regelnamen (modul.regel)");
                return std::nullopt;
            }
            if (std::find(rule_names_.begin(), rule_names_.end(), item.text) == rule_names_.end()) {
                problem(item.span, where + ": unbekannte Regel „" + item.text + "“" + did_you_mean(item.text, rule_names_));
                return std::nullopt;
            }
            out.push_back(item.text);
        }
        return out;
    }

    static std::string bracketed(std::vector<std::string> names) { return "[" + join(names) + "]"; }

    void reasons(const std::string& key, const Expectation& e, Span span, const Value& v, const std::string& path) {
        const Module& module = rules_.modules[v.frame->module];
        std::optional<std::uint32_t> output;
        for (std::uint32_t d : module.outputs) {
            TypeId t = rules_.types.strip_optional(module.definitions[d].type);
            if (rules_.types.kind(t) != TypeKind::list) continue;
            TypeId element = rules_.types[t].ref;
            if (rules_.types.kind(element) == TypeKind::record && rules_.types[element].ref == rules_.reason_record) {
                output = d;
                break;
            }
        }
        std::string where = path + "." + key;
        if (!output) return problem(span, where + ": „" + module.name + "“ hat keine Ausgabe mit Gründen (reasons(…))");
        auto expected = rule_list(e, where);
        if (!expected) return;

        const RecordType& grund = rules_.records[rules_.reason_record];
        auto field = [&](const char* name) {
            for (std::size_t i = 0; i < grund.fields.size(); ++i)
                if (grund.fields[i].name == name) return i;
            return grund.fields.size();
        };
        std::size_t rule_field = field("regel"), ok_field = field("erfuellt"), exception_field = field("ausnahme");
        Value list = ev_.force(v.frame, *output);
        forced_.push_back({v.frame, *output});
        std::vector<std::string> failed, fulfilled, exceptions;
        for (std::uint32_t i = 0; i < list.list.size; ++i) {
            const Value* f = list.list.items[i].fields;
            std::string name(f[rule_field].str());
            (f[ok_field].b ? fulfilled : failed).push_back(name);
            if (exception_field < grund.fields.size() && f[exception_field].present) exceptions.push_back(name);
        }
        auto same_set = [](std::vector<std::string> a, std::vector<std::string> b) {
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            a.erase(std::unique(a.begin(), a.end()), a.end());
            b.erase(std::unique(b.begin(), b.end()), b.end());
            return a == b;
        };
        // A list written in flow style ([a, b]) can be written back; a block list is left to the author.
        auto write_back = [&](const std::vector<std::string>& actual) {
            std::string_view text = test_.file->text();
            if (e.kind == Expectation::Kind::list && e.span.begin < text.size() && text[e.span.begin] == '[')
                result_.updates.push_back({e.span, bracketed(actual)});
            else
                result_.updatable = false;
        };
        if (key == kFailedKey) {
            if (!same_set(*expected, failed)) {
                mismatch(where, bracketed(*expected), bracketed(failed));
                write_back(failed);
            }
        } else if (key == kExceptionsKey) {
            if (!same_set(*expected, exceptions)) {
                mismatch(where, bracketed(*expected), bracketed(exceptions));
                write_back(exceptions);
            }
        } else {
            result_.updatable = result_.updatable && std::all_of(expected->begin(), expected->end(), [&](auto& n) {
                return std::find(fulfilled.begin(), fulfilled.end(), n) != fulfilled.end();
            });
            std::vector<std::string> missing;
            for (auto& name : *expected)
                if (std::find(fulfilled.begin(), fulfilled.end(), name) == fulfilled.end()) missing.push_back(name);
            if (!missing.empty())
                mismatch(where, bracketed(missing) + " erfüllt",
                         "nicht erfüllt oder nicht geprüft (nicht erfüllt: " + bracketed(failed) + ")");
        }
    }

    Evaluator& ev_;
    const Program& program_;
    const RuleSet& rules_;
    const RuleTest& test_;
    const std::vector<std::string>& rule_names_;
    Diagnostics& diags_;
    RuleTestResult& result_;
    Arena scratch_;
};

// The place in the test file where an invalid field of an inline case is written.
Span inline_span(const RuleTest& test, const std::string& field) {
    std::string path = field;
    while (!path.empty()) {
        if (auto it = test.inline_spans.find(path); it != test.inline_spans.end()) return it->second;
        auto dot = path.rfind('.');
        path = dot == std::string::npos ? "" : path.substr(0, dot);
    }
    return test.case_span;
}

}  // namespace

namespace {

// Every definition the outputs were computed from, by the trace: what each rule came to
// and whether each exception of a definition decided.
void record(Evaluator& ev, RuleCoverage& coverage, const std::vector<std::pair<Frame*, std::uint32_t>>& forced) {
    const RuleSet& rules = ev.program().rules;
    for_each_reached_definition(ev, forced, [&](Frame* frame, std::uint32_t d, const Slot& slot) {
        const Definition& def = rules.modules[frame->module].definitions[d];
        coverage.evaluated.insert({frame->module, d});
        if (def.kind == DefinitionKind::rule && slot.value.present) {
            auto& s = coverage.rules[{frame->module, d}];
            (slot.value.b ? s.yes : s.no) = true;
        }
        for (std::uint32_t e = 0; e < def.exceptions.size(); ++e) {
            auto& s = coverage.exceptions[{frame->module, d, e}];
            if (slot.exception == static_cast<std::int8_t>(e)) s.yes = true;
            else if (slot.exception < 0 || slot.exception > static_cast<std::int8_t>(e)) s.no = true;
        }
    });
}

}  // namespace

void RuleTestRunner::record_coverage(RuleCoverage* coverage) { impl_->coverage = coverage; }

RuleTestRunner::RuleTestRunner(std::shared_ptr<const Program> program) : impl_(std::make_unique<Impl>(std::move(program))) {}
RuleTestRunner::~RuleTestRunner() = default;

RuleTestResult RuleTestRunner::run(const RuleTest& test, Diagnostics& diagnostics) {
    RuleTestResult result;
    std::size_t errors_before = diagnostics.error_count();
    const Program* program = impl_->program_for(test, diagnostics);
    if (!program) {
        result.mismatches.push_back("Parameter des Tests ungültig");
        return result;
    }
    const std::string where = "Test „" + test.name + "“: ";

    // The case.
    SourceRef source;
    if (test.case_file.empty()) {
        source = std::make_shared<SourceFile>(test.file->name() + " (" + test.name + ")", test.inline_case);
    } else {
        std::string error;
        source = read_source_file(test.case_file, error);
        if (!source) {
            diagnostics.error(test.file, test.case_span, where + error);
            result.mismatches.push_back("Falldatei nicht lesbar");
            return result;
        }
    }
    CaseFile cases = load_cases_yaml(*program, source);
    CaseDocument* doc = nullptr;
    if (!test.case_selector.empty()) {
        for (auto& c : cases.cases)
            if (c.id == test.case_selector) doc = &c;
        if (!doc) {
            diagnostics.error(test.file, test.case_span, where + "kein Fall „" + test.case_selector + "“ in " +
                                                             test.case_file);
            result.mismatches.push_back("Fall nicht gefunden");
            return result;
        }
    } else if (cases.cases.size() == 1) {
        doc = &cases.cases[0];
    } else {
        diagnostics.error(test.file, test.case_span,
                          where + (cases.cases.empty() ? "kein Fall in der Datei"
                                                       : "die Datei enthält mehrere Fälle; „kennung:“ wählt einen"));
        result.mismatches.push_back("Fall nicht eindeutig");
        return result;
    }

    const Expectation* invalid = nullptr;
    for (std::size_t i = 0; i < test.expected.keys.size(); ++i)
        if (test.expected.keys[i] == kInvalidKey) invalid = &test.expected.values[i];

    if (!doc->data) {
        if (invalid) {
            std::vector<std::string> expected, actual;
            if (invalid->kind == Expectation::Kind::list)
                for (auto& item : invalid->items) expected.push_back(item.text);
            for (auto& e : doc->errors) actual.push_back(e.field);
            std::sort(expected.begin(), expected.end());
            std::sort(actual.begin(), actual.end());
            actual.erase(std::unique(actual.begin(), actual.end()), actual.end());
            if (expected != actual)
                result.mismatches.push_back("fehler: erwartet [" + join(expected) + "], ist [" + join(actual) + "]");
            result.passed = result.mismatches.empty() && test.expected.keys.size() == 1;
            if (test.expected.keys.size() != 1)
                result.mismatches.push_back("bei „fehler:“ ist keine weitere Erwartung möglich");
            return result;
        }
        if (test.case_file.empty()) {
            for (auto& e : doc->errors)
                diagnostics.error(test.file, inline_span(test, e.field),
                                  where + "Fall: " + (e.field.empty() ? "" : e.field + ": ") + e.message);
        } else {
            diagnostics.append(cases.diagnostics);
        }
        std::vector<std::string> fields;
        for (auto& e : doc->errors) fields.push_back(e.field.empty() ? e.message : e.field);
        result.mismatches.push_back("Fall nicht auswertbar (" + join(fields) + ")");
        return result;
    }

    Case& kase = *doc->data;
    const RuleSet& rules = program->rules;
    if (!test.check_date.empty()) {
        auto day = calendar::parse(test.check_date);
        if (!day) {
            diagnostics.error(test.file, test.check_date_span,
                              where + "stichtag: „" + test.check_date + "“ ist kein gültiges Datum (JJJJ-MM-TT)");
            result.mismatches.push_back("Stichtag ungültig");
            return result;
        }
        if (!rules.check_date_input) {
            diagnostics.error(test.file, test.check_date_span, where + "das Regelwerk nennt keinen Stichtag");
            result.mismatches.push_back("Stichtag nicht möglich");
            return result;
        }
        kase.inputs[*rules.check_date_input] = Value::date(calendar::day_number(*day));
    }

    Evaluator evaluator(*program);
    try {
        evaluator.start(kase, impl_->coverage != nullptr);
        Comparison comparison(evaluator, test, impl_->rule_names, diagnostics, result);
        comparison.top_level(test.expected);
        if (impl_->coverage) record(evaluator, *impl_->coverage, comparison.forced());
    } catch (const EvaluationError& e) {
        result.mismatches.push_back("nicht auswertbar: " + evaluation_error_text(*program, e));
    }
    result.passed = result.mismatches.empty() && diagnostics.error_count() == errors_before;
    return result;
}

}  // namespace klappt
