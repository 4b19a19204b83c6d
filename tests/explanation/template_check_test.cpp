// The checker validates the texts with placeholders of the rule language (rechenweg,
// wenn_nicht, urteil, hinweis): each mistake is a diagnostic at its place.
#include <catch2/catch.hpp>

#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

std::string errors_of(const std::string& body) {
    LoadResult r = load_rules_text({{"t.rules", "module t\ninput x: int \"X\"\n" + body}});
    return render(r.diagnostics);
}

}  // namespace

TEST_CASE("placeholders name what the definition can see", "[explanation][checker]") {
    CHECK(errors_of("let a: int \"A\" rechenweg \"{x} + 1 = {a}\" = x + 1\n").empty());
    CHECK_THAT(errors_of("let a: int \"A\" rechenweg \"{y} = {a}\" = x + 1\n"),
               Catch::Contains("t.rules:3:28") && Catch::Contains("„y“"));
}

TEST_CASE("a broken placeholder is reported where it is", "[explanation][checker]") {
    CHECK_THAT(errors_of("let a: int \"A\" rechenweg \"{x + }\" = x\n"),
               Catch::Contains("Platzhalter ist kein gültiger Ausdruck"));
    CHECK_THAT(errors_of("let a: int \"A\" rechenweg \"{x\" = x\n"), Catch::Contains("nicht mit „}“ geschlossen"));
    CHECK_THAT(errors_of("let a: int \"A\" rechenweg \"x}\" = x\n"), Catch::Contains("„}“ ohne „{“"));
    CHECK_THAT(errors_of("let a: int \"A\" rechenweg \"{}\" = x\n"), Catch::Contains("leerer Platzhalter"));
    CHECK(errors_of("let a: int \"A\" rechenweg \"{{x}} = {a}\" = x\n").empty());
}

TEST_CASE("each text belongs where it makes sense", "[explanation][checker]") {
    CHECK_THAT(errors_of("rule r \"R\" rechenweg \"{x}\" = x > 1\n"), Catch::Contains("nicht an eine Regel"));
    CHECK_THAT(errors_of("let a: int \"A\" wenn_nicht \"nein\" = x\n"), Catch::Contains("„wenn_nicht“ gehört an eine Regel"));
    CHECK_THAT(errors_of("let a: int \"A\" hinweis \"h\" = x\n"), Catch::Contains("„hinweis“ gehört an eine Regel"));
    CHECK_THAT(errors_of("param p: int \"P\" rechenweg \"{x}\"\n"), Catch::Contains("gehört an eine Definition"));
    CHECK(errors_of("rule r \"über 1\" wenn_nicht \"{x} ist zu klein\" hinweis \"{x} passt\" = x > 1\n").empty());
}

TEST_CASE("alternatives with when: conditions are bool, the one without comes last", "[explanation][checker]") {
    CHECK(errors_of("let a: int \"A\" rechenweg \"groß\" when x > 10 rechenweg \"klein\" = x\n").empty());
    CHECK_THAT(errors_of("let a: int \"A\" rechenweg \"klein\" rechenweg \"groß\" when x > 10 = x\n"),
               Catch::Contains("ohne „when“ gilt immer"));
    CHECK_THAT(errors_of("let a: int \"A\" rechenweg \"groß\" when x = x\n"), Catch::Contains("erwartet bool"));
}

TEST_CASE("rechenweg(…), gruende(…) and code(…) in placeholders", "[explanation][checker]") {
    CHECK(errors_of("rule r \"R\" = x > 1\nlet b: int \"B\" rechenweg \"{x}\" = x\n"
                    "let a: int \"A\" rechenweg \"{rechenweg(b)}, {gruende(r)}\" = b\n")
              .empty());
    CHECK_THAT(errors_of("let a: int \"A\" rechenweg \"{gruende(x)}\" = x\n"), Catch::Contains("Namen einer Definition"));
    CHECK_THAT(errors_of("let b: int \"B\" = x\nlet a: int \"A\" rechenweg \"{gruende(b)}\" = x\n"),
               Catch::Contains("gruende(…) braucht eine Regel"));
    CHECK_THAT(errors_of("let a: int \"A\" rechenweg \"{code(x)}\" = x\n"), Catch::Contains("Aufzählung"));
}
