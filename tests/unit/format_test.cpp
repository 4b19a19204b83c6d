// format("…{}…", values): German text from values, checked placeholders.
#include "engine/input/case_loader.hpp"
#include "engine/runtime/evaluator.hpp"
#include "support/golden.hpp"
#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

const char* kRules = R"RULES(module m
enum Baustein "Baustein" { F4 "F4 Kurse", F5 }
input fall: text
input stichtag: date
input betrag: money
input stunden: int
input notiz: text? "Notiz"
output satz: text = format("F4: {} weitergeleitet, Pauschalen ergeben {} ({} UStd × {})", betrag, 240 * 37.50 €, stunden, 37.50 €)
output allerlei: text = format("{} | {} | {} | {} | {} | {} | {}", stichtag, 1 / 2, true, F4, F5, notiz, 3 months)
output klammern: text = format("{{{}}} und }}{{", stunden)
output ohne: text = format("kein Platzhalter")
)RULES";

std::string output_text(const Program& program, const std::string& case_yaml, const std::string& name) {
    auto file = std::make_shared<SourceFile>("fall.yaml", case_yaml);
    CaseFile cases = load_cases_yaml(program, file);
    REQUIRE(cases.cases.size() == 1);
    INFO(render(cases.diagnostics));
    REQUIRE(cases.cases[0].data);
    Evaluator ev(program);
    ev.start(*cases.cases[0].data);
    for (std::size_t i = 0; i < program.rules.outputs.size(); ++i)
        if (program.definition(program.rules.outputs[i].module, program.rules.outputs[i].definition).name == name)
            return std::string(ev.output(i).str());
    FAIL("no output " << name);
    return "";
}

std::string errors_of(const std::string& definition) {
    auto loaded = load_rules_text({{"m.rules", std::string("module m\ninput n: int\ninput l: list of int = []\n") + definition + "\n"}});
    REQUIRE(!loaded.program);
    return render(loaded.diagnostics);
}

}  // namespace

TEST_CASE("format writes values the German way", "[format]") {
    auto loaded = load_rules_text({{"m.rules", kRules}}, {}, "fall: fall\nstichtag: stichtag\n");
    INFO(render(loaded.diagnostics));
    REQUIRE(loaded.program);
    const Program& p = *loaded.program;
    std::string yaml = "fall: A\nstichtag: 2021-12-31\nbetrag: 11250\nstunden: 240\n";
    CHECK(output_text(p, yaml, "satz") ==
          "F4: 11.250,00 € weitergeleitet, Pauschalen ergeben 9.000,00 € (240 UStd × 37,50 €)");
    CHECK(output_text(p, yaml, "allerlei") == "31.12.2021 | 0,5 | ja | F4 Kurse | F5 | — | 3 Monate");
    CHECK(output_text(p, yaml + "notiz: Hallo\n", "allerlei") == "31.12.2021 | 0,5 | ja | F4 Kurse | F5 | Hallo | 3 Monate");
    CHECK(output_text(p, yaml, "klammern") == "{240} und }{");
    CHECK(output_text(p, yaml, "ohne") == "kein Platzhalter");
}

TEST_CASE("format is checked before any case is evaluated", "[format]") {
    CHECK_THAT(errors_of("output a: text = format(\"{} und {}\", n)"),
               Catch::Contains("die Vorlage hat 2 Platzhalter {}, aber 1 Wert(e)"));
    CHECK_THAT(errors_of("output a: text = format(\"{}\", n, n)"),
               Catch::Contains("die Vorlage hat 1 Platzhalter {}, aber 2 Wert(e)"));
    CHECK_THAT(errors_of("output a: text = format(\"offen { zu\", n)"), Catch::Contains("verdoppeln"));
    CHECK_THAT(errors_of("output a: text = format(\"x }\")"), Catch::Contains("verdoppeln"));
    CHECK_THAT(errors_of("output t: text = \"{}\"\noutput a: text = format(t, n)"),
               Catch::Contains("die Vorlage muss ein Text in Anführungszeichen sein"));
    CHECK_THAT(errors_of("output a: text = format(\"{}\", l)"), Catch::Contains("schreibt einzelne Werte, nicht list of int"));
    CHECK_THAT(errors_of("output a: text = format()"), Catch::Contains("format(…) erwartet eine Vorlage"));
    CHECK_THAT(errors_of("output a: text = format(\"{}\", wert: n)"), Catch::Contains("format(…) erwartet eine Vorlage"));
    CHECK_THAT(errors_of("output a: text = formt(\"{}\", n)"), Catch::Contains("meinten Sie „format“"));
    CHECK(format_placeholders("{}{}{{}}") == std::optional<std::size_t>{2});
    CHECK(format_placeholders("{x}") == std::nullopt);
}
