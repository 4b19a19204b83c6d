// The case runner (engine/result/): a case goes in, one CaseResult comes out, and every
// view renders from it.  What the runner promises the views: every output of every module
// value is evaluated, an evaluation error anywhere is the result's error (never an exception
// while rendering), and a result holds exactly the explanations asked for.
#include <catch2/catch.hpp>

#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_files.hpp"
#include "engine/result/case_runner.hpp"
#include "support/batch_support.hpp"
#include "support/bundled_rules.hpp"
#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

const char* kManifest = "fall: fall\nstichtag: stichtag\n";
const char* kEintrag =
    "module eintrag(wert: int)\nrule gross = wert > 10\noutput doppelt: int = wert * 2\n"
    "output hoch4: int = wert * wert * wert * wert\n";
const char* kHaupt =
    "module haupt\nimport eintrag\ninput fall: text\ninput stichtag: date\ninput werte: list of int = []\n"
    "output eintraege = map(w in werte: eintrag(w))\n";

const Program& entries_program() {
    static LoadResult loaded = load_rules_text({{"haupt.rules", kHaupt}, {"eintrag.rules", kEintrag}}, {}, kManifest);
    if (!loaded.program) FAIL(render(loaded.diagnostics));
    return *loaded.program;
}

// The one case of `yaml`, kept in `keep` (a result refers to its case).
const Case& one_case(const Program& program, const std::string& yaml, CaseFile& keep) {
    keep = load_cases_yaml(program, std::make_shared<SourceFile>("fall.yaml", yaml));
    REQUIRE(keep.cases.size() == 1);
    REQUIRE(keep.cases[0].data);
    return *keep.cases[0].data;
}

std::uint32_t definition_index(const Program& program, const std::string& module, const std::string& name) {
    for (std::uint32_t m = 0; m < program.rules.modules.size(); ++m) {
        if (program.rules.modules[m].name != module) continue;
        for (std::uint32_t d = 0; d < program.rules.modules[m].definitions.size(); ++d)
            if (program.rules.modules[m].definitions[d].name == name) return d;
    }
    FAIL("no definition " << module << "." << name);
    return 0;
}

}  // namespace

TEST_CASE("the runner evaluates every output of every module value, so a view only reads", "[result]") {
    const Program& program = entries_program();
    CaseRunner runner(program);
    CaseFile keep;
    const Case& kase = one_case(program, "fall: A\nstichtag: 2022-01-01\nwerte: [3, 12]\n", keep);
    const CaseResult& result = runner.run(kase);
    REQUIRE(result.evaluated());
    CHECK(result.id() == "A");
    REQUIRE(result.outputs.size() == 1);
    const Value& list = result.outputs[0];
    REQUIRE(list.list.size == 2);
    std::uint32_t doppelt = definition_index(program, "eintrag", "doppelt");
    CHECK(CaseResult::member(list.list.items[0], doppelt).i == 6);
    CHECK(CaseResult::member(list.list.items[1], doppelt).i == 24);
    CHECK(case_json(result) == R"({"fall": "A", "stichtag": "2022-01-01", "eintraege": [{"doppelt": 6, "hoch4": 81}, {"doppelt": 24, "hoch4": 20736}]})");
    CHECK(case_text(result) == "Fall A · Stichtag 01.01.2022\n  eintraege:\n    1. doppelt: 6\n       hoch4: 81\n"
                               "    2. doppelt: 24\n       hoch4: 20736\n");
}

TEST_CASE("an evaluation error inside a module value is the result's error, and the next case runs", "[result]") {
    const Program& program = entries_program();
    CaseRunner runner(program);
    CaseFile keep_bad, keep_good;
    // 100 000 to the fourth power overflows: found by the runner while it evaluates the second
    // module value's outputs, not by a view that renders them.
    const Case& bad = one_case(program, "fall: B\nstichtag: 2022-01-01\nwerte: [1, 100000]\n", keep_bad);
    const CaseResult& failed = runner.run(bad);
    CHECK_FALSE(failed.evaluated());
    CHECK(failed.error.find("Zahlenüberlauf") != std::string::npos);
    CHECK(failed.outputs.empty());
    std::string json = case_json(failed);
    CHECK(json.rfind(R"({"fall": "B", "fehler": [{"feld": "", "meldung": ")", 0) == 0);
    CHECK(json.find("Zahlenüberlauf") != std::string::npos);
    CHECK(case_text(failed).find("Fall B · Stichtag 01.01.2022\n  nicht auswertbar: ") == 0);

    const Case& good = one_case(program, "fall: C\nstichtag: 2022-01-01\nwerte: [5]\n", keep_good);
    const CaseResult& next = runner.run(good);
    CHECK(next.evaluated());
    CHECK(next.error.empty());
    CHECK(case_json(next) == R"({"fall": "C", "stichtag": "2022-01-01", "eintraege": [{"doppelt": 10, "hoch4": 625}]})");
}

TEST_CASE("a result holds the explanations asked for, and only those", "[result]") {
    const Program& program = bundled_program();
    CaseRunner runner(program);
    CaseFile keep;
    const Case& kase = one_case(program, read_file(source_dir() / "examples" / "io_beispiel.yaml"), keep);

    const CaseResult& plain = runner.run(kase);
    REQUIRE(plain.evaluated());
    CHECK_FALSE(plain.explanation);
    CHECK(plain.people_tree.empty());
    CHECK(plain.technical_tree.empty());
    std::string io = case_json(plain);
    CHECK(case_json(plain, JsonFields::explained) == io);  // nothing to add without an explanation

    ResultDetail all;
    all.explanation = all.people_tree = all.technical_tree = true;
    const CaseResult& full = runner.run(kase, all);
    REQUIRE(full.evaluated());
    REQUIRE(full.explanation);
    CHECK_FALSE(full.explanation->verdict.empty());
    CHECK(full.people_tree.find("(Angabe im Fall)") != std::string::npos);
    CHECK(full.technical_tree.find("Parameter ") != std::string::npos);
    CHECK(case_json(full) == io);  // the io.md fields do not depend on the detail
    std::string explained = case_json(full, JsonFields::explained);
    CHECK(explained.size() > io.size());
    CHECK(explained.find("\"urteil\": ") != std::string::npos);
}

TEST_CASE("the case loop runs every case of YAML and CSV files, and a bad one does not stop the others", "[result]") {
    auto loaded = load_rules_text({{"zahl.rules", "module zahl\ninput fall: text\ninput stichtag: date\ninput zahl: int\n"
                                                  "output doppelt: int = zahl * 2\n"}},
                                  {}, kManifest);
    INFO(render(loaded.diagnostics));
    REQUIRE(loaded.program);
    const Program& program = *loaded.program;
    TempFile yaml("faelle.yaml", "fall: A\nstichtag: 2022-01-01\nzahl: 3\n---\nfall: B\nstichtag: 2022-01-01\nzahl: drei\n"
                                 "---\nfall: C\nstichtag: 2022-01-01\nzahl: 5\n");
    TempFile csv("faelle.csv", "fall,stichtag,zahl\nD,2022-01-01,7\nE,2022-01-01,sieben\nF,2022-01-01,9\n");
    CaseRunner runner(program);
    std::vector<std::string> evaluated, invalid, unreadable;
    std::string messages;
    CaseFileRun run;
    run.reads_csv = true;
    run.check_date = calendar::day_number(*calendar::parse("2023-06-30"));
    run.evaluated = [&](const CaseResult& result, Case&) { evaluated.push_back(case_json(result)); };
    run.invalid = [&](const std::string& id, const std::vector<FieldError>& errors, const std::string&) {
        REQUIRE(errors.size() == 1);
        invalid.push_back(id + " " + errors[0].field);
    };
    run.unreadable = [&](const std::string& path) { unreadable.push_back(path); };
    run.message = [&](const std::string& text, bool) { messages += text; };
    bool all_valid = run_case_files(runner, {yaml.path(), "/nicht/da.yaml", csv.path()}, run);
    CHECK_FALSE(all_valid);
    CHECK(evaluated == std::vector<std::string>{
                           R"({"fall": "A", "stichtag": "2023-06-30", "doppelt": 6})",
                           R"({"fall": "C", "stichtag": "2023-06-30", "doppelt": 10})",
                           R"({"fall": "D", "stichtag": "2023-06-30", "doppelt": 14})",
                           R"({"fall": "F", "stichtag": "2023-06-30", "doppelt": 18})",
                       });
    CHECK(invalid == std::vector<std::string>{"B zahl", "E zahl"});
    CHECK(unreadable == std::vector<std::string>{"/nicht/da.yaml"});
    CHECK(messages.find("faelle.yaml") != std::string::npos);
    CHECK(messages.find("faelle.csv:3") != std::string::npos);  // the row of E
    CHECK(messages.find("/nicht/da.yaml") != std::string::npos);
}
