// klappt diff over the synthetic Kreis: the rule set against itself changes nothing; a
// one-parameter change (the F4 lesson rate) changes exactly the cases with a fundable F4
// measure, each naming the parameter; a change no case reads is named as without effect.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "authoring/rule_diff.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "support/caseload_csv.hpp"

namespace fs = std::filesystem;
using namespace klappt;

namespace {

const fs::path kRoot = KLAPPT_SOURCE_DIR;
const fs::path kCases = kRoot / "examples" / "kreis" / "rhein_kreis_synthetisch.yaml";

std::shared_ptr<const Program> load(const fs::path& dir) {
    auto loaded = load_rule_set(dir);
    INFO(render(loaded.diagnostics));
    REQUIRE(loaded.program);
    return loaded.program;
}

// A copy of rules/ with one text replaced in one file.
fs::path changed_copy(const std::string& name, const fs::path& file, const std::string& from, const std::string& to) {
    fs::path dir = fs::temp_directory_path() / ("klappt_diff_test_" + name);
    fs::remove_all(dir);
    fs::copy(kRoot / "rules", dir, fs::copy_options::recursive);
    std::ifstream in(dir / file);
    std::stringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(dir / file) << text;
    return dir;
}

authoring::DiffResult run_diff(const fs::path& old_dir, const fs::path& new_dir) {
    authoring::RuleDiff diff(load(old_dir), load(new_dir), nullptr, nullptr);
    std::string error;
    Diagnostics diagnostics;
    diff.add_file(read_source_file(kCases.string(), error), diagnostics);
    return diff.finish();
}

// The diff of rules/ against a copy with one text replaced (changed_copy); the copy is removed.
authoring::DiffResult diff_with_change(const std::string& name, const fs::path& file, const std::string& from,
                                       const std::string& to) {
    fs::path changed = changed_copy(name, file, from, to);
    auto r = run_diff(kRoot / "rules", changed);
    fs::remove_all(changed);
    return r;
}

// The one rule change a diff names.
const authoring::RuleChange& only_rule_change(const authoring::DiffResult& r) {
    REQUIRE(r.rule_changes.size() == 1);
    return r.rule_changes[0];
}

}  // namespace

TEST_CASE("diff: the rule set against itself reports nothing", "[diff]") {
    auto r = run_diff(kRoot / "rules", kRoot / "rules");
    CHECK(r.cases > 200);
    CHECK(r.changed.empty());
    CHECK(r.rule_changes.empty());
}

TEST_CASE("diff: a one-parameter change lists exactly the affected cases", "[diff]") {
    auto r = diff_with_change("p4", "parameter/pauschalen.yaml", "wert: 37.50", "wert: 40.00");

    // Expected independently: the cases with a fundable measure whose amount reads the rate.
    auto program = load(kRoot / "rules");
    std::string error;
    CaseFile cases = load_cases_yaml(*program, read_source_file(kCases.string(), error));
    CaseRunner runner(*program);
    std::set<std::string> expected;
    for (auto& doc : cases.cases) {
        if (!doc.data) continue;
        std::string json = case_json(runner.run(*doc.data));
        if (json.find("\"baustein\": \"F4\"") == std::string::npos) continue;
        // A fundable F4 measure: its object has both.
        std::size_t at = 0;
        while ((at = json.find("\"baustein\": \"F4\"", at)) != std::string::npos) {
            std::size_t end = json.find('}', at);
            std::size_t begin = json.rfind('{', at);
            std::string measure = json.substr(begin, end - begin);
            if (measure.find("\"foerderfaehig\": true") != std::string::npos) expected.insert(doc.data->id);
            at = end;
        }
    }
    REQUIRE(!expected.empty());
    std::set<std::string> actual;
    for (const auto& c : r.changed) {
        actual.insert(c.id);
        CHECK(std::find(c.causes.begin(), c.causes.end(), "Parameter p4_je_ustd") != c.causes.end());
        for (const auto& v : c.values) {
            INFO(c.id << ": " << v.field << " " << v.old_json << " → " << v.new_json);
            CHECK((v.field.find("massnahmen.") == 0 || v.field.find("summe.") == 0));  // a measure or the case's sums
        }
    }
    CHECK(actual == expected);
    const auto& change = only_rule_change(r);
    CHECK(change.name == "p4_je_ustd");
    CHECK(change.has_effect);
}

TEST_CASE("diff: a change without effect on the cases is named", "[diff]") {
    auto r = diff_with_change("ohne_wirkung", "parameter/zielgruppe.yaml", "werte: []", "wert: 0.2");
    CHECK(r.changed.empty());
    const auto& change = only_rule_change(r);
    CHECK(change.name == "anteil_sekundaer_max");
    CHECK_FALSE(change.has_effect);
}

TEST_CASE("diff: raising the upper age limit shows only the reasons that changed", "[diff]") {
    auto r = diff_with_change("alter28", "zielgruppe.rules", "alter <= 27", "alter <= 28");
    REQUIRE(!r.changed.empty());
    for (const auto& c : r.changed) {
        CHECK(std::find(c.causes.begin(), c.causes.end(), "zielgruppe.alter_passt") != c.causes.end());
        for (const auto& v : c.values) {
            INFO(c.id << ": " << v.field << " " << v.old_json << " → " << v.new_json);
            // Reasons are matched by their rule (…gruende.[modul.regel]), never by position, and
            // a reason is listed only when what it says changed.
            auto at = v.field.find("gruende.");
            if (at != std::string::npos) {
                CHECK(v.field.compare(at + 8, 1, "[") == 0);
                CHECK(v.old_json != v.new_json);
            }
        }
    }
    CHECK(only_rule_change(r).name == "zielgruppe.alter_passt");
}

TEST_CASE("diff: a change of wording only (rechenweg) changes no value and is not a change without effect",
          "[diff]") {
    auto r = diff_with_change("rechenweg", "bausteine/f4.rules", "{rechenweg(stunden)} × {p4_je_ustd}",
                              "{rechenweg(stunden)} mal {p4_je_ustd}");
    CHECK(r.changed.empty());
    const auto& change = only_rule_change(r);
    CHECK(change.name == "f4.pauschale");
    CHECK(change.text_only);
    CHECK(change.what == "Text für Menschen geändert");
}

// A KI keeps its caseload in a spreadsheet: the same Kreis as one CSV row per case gives the
// same diff as the YAML file, case by case and value by value.
TEST_CASE("diff: a CSV caseload gives the same changes as the same cases in YAML", "[diff]") {
    fs::path csv = fs::temp_directory_path() / "klappt_diff_test_kreis.csv";
    std::ifstream kreis(kCases);
    std::stringstream yaml_text;
    yaml_text << kreis.rdbuf();
    std::ofstream(csv) << testing::caseload_as_csv(yaml_text.str());
    fs::path changed = changed_copy("alter28_csv", "zielgruppe.rules", "alter <= 27", "alter <= 28");
    auto yaml = run_diff(kRoot / "rules", changed);
    authoring::RuleDiff diff(load(kRoot / "rules"), load(changed), nullptr, nullptr);
    Diagnostics diagnostics;
    diff.add_csv_file(csv.string(), diagnostics);
    INFO(render(diagnostics));
    CHECK_FALSE(diagnostics.has_errors());
    auto from_csv = diff.finish();
    CHECK(from_csv.cases == yaml.cases);
    REQUIRE(from_csv.changed.size() == yaml.changed.size());
    CHECK_FALSE(yaml.changed.empty());
    for (std::size_t i = 0; i < yaml.changed.size(); ++i) {
        CHECK(from_csv.changed[i].id == yaml.changed[i].id);
        REQUIRE(from_csv.changed[i].values.size() == yaml.changed[i].values.size());
        for (std::size_t v = 0; v < yaml.changed[i].values.size(); ++v) {
            CHECK(from_csv.changed[i].values[v].field == yaml.changed[i].values[v].field);
            CHECK(from_csv.changed[i].values[v].new_json == yaml.changed[i].values[v].new_json);
        }
        CHECK(from_csv.changed[i].causes == yaml.changed[i].causes);
    }
    fs::remove_all(changed);
    fs::remove(csv);
}

TEST_CASE("diff: a CSV header that fits neither rule set is named, and nothing of the file is read", "[diff]") {
    fs::path csv = fs::temp_directory_path() / "klappt_diff_test_kopf.csv";
    std::ofstream(csv) << "fall;stichtag;person.gebutsdatum\nA;15.03.2021;17.05.2001\n";
    authoring::RuleDiff diff(load(kRoot / "rules"), load(kRoot / "rules"), nullptr, nullptr);
    Diagnostics diagnostics;
    diff.add_csv_file(csv.string(), diagnostics);
    CHECK(diagnostics.has_errors());
    CHECK(render(diagnostics).find("person.gebutsdatum") != std::string::npos);
    CHECK(diff.finish().cases == 0);
    fs::remove(csv);
}
