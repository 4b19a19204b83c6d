// What a value read from a file may contain as text: UTF-8 only, no NUL byte, no BOM in
// the middle; and the messages a person reads when it does not.
#include <catch2/catch.hpp>

#include "engine/base/money.hpp"
#include "engine/input/text_encoding.hpp"

using namespace klappt;

TEST_CASE("plain and UTF-8 values are text", "[encoding]") {
    CHECK(text_problem("").empty());
    CHECK(text_problem("Rhein-Kreis Neuss").empty());
    CHECK(text_problem("Köln-Süd, Straße 12 – 9.000,00 €").empty());
    CHECK(text_problem("\xF0\x9F\x98\x80").empty());  // 4-byte sequence
}

TEST_CASE("NUL, a BOM in the middle and bytes that are not UTF-8 are named", "[encoding]") {
    using namespace std::string_literals;
    CHECK(text_problem("Neuss\0"s) ==
          "enthält ein NUL-Zeichen (Byte 0); erlaubt ist nur Text – ist die Datei beschädigt oder keine Textdatei?");
    CHECK(text_problem("\xEF\xBB\xBF" "B-3") ==
          "enthält eine Byte-Order-Markierung (BOM, U+FEFF) mitten in der Datei – wurden zwei Dateien aneinandergehängt? "
          "Die Markierung ist nur ganz am Anfang einer Datei erlaubt");
    CHECK(text_problem("M\xFCnster") ==
          "kein gültiges UTF-8 (als Windows-1252 gelesen „Münster“, ungültiges Byte an Stelle 2); erlaubt ist nur UTF-8 – "
          "die Datei in UTF-8 speichern (Excel: „CSV UTF-8“)");
    for (const char* bad : {"\xC3", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "a\x80"}) {
        INFO(bad);
        CHECK_THAT(text_problem(bad), Catch::StartsWith("kein gültiges UTF-8"));
    }
}

TEST_CASE("a file without BOM reads as UTF-8 when it holds more UTF-8 sequences than other bytes", "[encoding]") {
    CHECK(mostly_utf8("Köln, Düsseldorf, M\xFCnster"));
    CHECK_FALSE(mostly_utf8("M\xFCnster"));
    CHECK_FALSE(mostly_utf8("ascii only"));
    // Windows-1252 where „Ä“ happens to precede „€“ (C4 80 is well-formed UTF-8) is still Windows-1252.
    CHECK_FALSE(mostly_utf8("\xC4\x80 M\xFCnster K\xF6ln"));
    CHECK(from_windows_1252("\x80 \xE4\xF6\xFC\xDF \x84Zitat\x93") == "€ äöüß „Zitat“");
}

TEST_CASE("an amount beyond what klappt holds is told apart from a malformed one", "[encoding][money]") {
    bool too_large = false;
    CHECK_FALSE(money::parse_euro("99999999999999999999,00", money::Notation::german, &too_large));
    CHECK(too_large);
    too_large = false;
    CHECK_FALSE(money::parse_euro("92.233.720.368.547.758,08", money::Notation::german, &too_large));
    CHECK(too_large);
    too_large = false;
    CHECK(money::parse_euro("92.233.720.368.547.758,07", money::Notation::german, &too_large) == INT64_MAX);
    CHECK_FALSE(too_large);
    CHECK_FALSE(money::parse_euro("1,234", money::Notation::german, &too_large));  // three decimals: malformed
    CHECK_FALSE(too_large);
    CHECK_FALSE(money::parse_euro("12x", money::Notation::german, &too_large));
    CHECK_FALSE(too_large);
}
