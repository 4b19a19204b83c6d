// Comparing an evaluated case with a test's expectation: outputs and definitions by name,
// values read with the declared type and written the way people read them (9.000,00 €),
// module values item by item, reasons by the rules that failed, held or were decided by an
// exception.
#include "engine/ruletest/comparison.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "engine/base/calendar.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "engine/render/value_json.hpp"
#include "engine/ruletest/test_keys.hpp"
#include "engine/runtime/value_text.hpp"

namespace klappt {

using namespace ruletest;

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

}  // namespace

std::vector<std::pair<Frame*, std::uint32_t>> compare_with_expectation(Evaluator& evaluator, const RuleTest& test,
                                                                       const std::vector<std::string>& rule_names,
                                                                       Diagnostics& diagnostics, RuleTestResult& result) {
    Comparison comparison(evaluator, test, rule_names, diagnostics, result);
    comparison.top_level(test.expected);
    return comparison.forced();
}

}  // namespace klappt
