// Checker and evaluator behaviour that needs more than one module or a real case.
#include <catch2/catch.hpp>

#include "engine/input/case_loader.hpp"
#include "engine/runtime/evaluator.hpp"
#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

const char* kEintrag = "module eintrag(wert: int)\nrule gross = wert > 10\noutput doppelt: int = wert * 2\n";
const char* kManifest = "fall: fall\nstichtag: stichtag\n";

}  // namespace

TEST_CASE("a member of a module value that may be missing is optional, never a crash", "[checker]") {
    std::string uses = "module haupt\nimport eintrag\ninput fall: text\ninput stichtag: date\ninput werte: list of int = []\n"
                       "let erster = first(e in map(w in werte: eintrag(w)) where e.gross)\n";
    auto wrong = load_rules_text({{"haupt.rules", uses + "output doppelt: int = erster.doppelt\n"}, {"eintrag.rules", kEintrag}},
                                 {}, kManifest);
    REQUIRE(!wrong.program);
    CHECK(render(wrong.diagnostics).find("erwartet int, gefunden int?") != std::string::npos);

    auto right = load_rules_text({{"haupt.rules", uses + "output doppelt: int = value_or(erster.doppelt, 0)\n"},
                                  {"eintrag.rules", kEintrag}},
                                 {}, kManifest);
    INFO(render(right.diagnostics));
    REQUIRE(right.program);
    Evaluator ev(*right.program);
    auto run = [&](const std::string& werte) {
        auto file = std::make_shared<SourceFile>("f.yaml", "fall: X\nstichtag: 2022-01-01\nwerte: " + werte + "\n");
        CaseFile cases = load_cases_yaml(*right.program, file);
        REQUIRE(cases.cases.at(0).data);
        ev.start(*cases.cases[0].data);
        return ev.output(0).i;
    };
    CHECK(run("[]") == 0);          // no module value: the member is missing, value_or gives 0
    CHECK(run("[3, 12, 20]") == 24);  // the first one over 10
}
