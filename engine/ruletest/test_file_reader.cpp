// Reading rule-test files (the format: rule_tests.hpp): every test with its case (inline,
// merged onto the file's `vorlage`, or a case file), parameters and expectations, each
// value with the place it was written, so that mismatches and `klappt test --update`
// point into the file.
#include <algorithm>
#include <filesystem>
#include <optional>

#include "engine/input/yaml_support.hpp"
#include "engine/ruletest/rule_tests.hpp"
#include "engine/ruletest/test_keys.hpp"

namespace klappt {

namespace fs = std::filesystem;
using namespace ruletest;

namespace {

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

}  // namespace klappt
