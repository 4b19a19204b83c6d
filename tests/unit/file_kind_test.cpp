// Which files klappt refuses as „keine Textdatei“ before reading them (dsl/file_kind.hpp):
// workbooks, PDFs, UTF-16 and binary data; and which it reads, so that one stray byte stays
// the error of one value or row.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "dsl/file_kind.hpp"

using namespace klappt;
using namespace std::string_literals;

namespace {

// 4096 bytes as a random file has them (a fixed generator: the same bytes on every run).
std::string random_bytes() {
    std::string bytes;
    std::uint32_t x = 15;
    for (int i = 0; i < 4096; ++i) {
        x = x * 1664525u + 1013904223u;
        bytes.push_back(static_cast<char>(x >> 24));
    }
    return bytes;
}

std::string csv_rows(int rows) {
    std::string text = "\xEF\xBB\xBFNr.;Baustein;Träger;Betrag\r\n";
    for (int i = 0; i < rows; ++i) text += "WL-" + std::to_string(i) + ";F2;Diakonie Köln\tSüd;1.500,00\r\n";
    return text;
}

}  // namespace

TEST_CASE("workbooks, PDFs and UTF-16 are named, with what to do instead", "[file_kind]") {
    struct Row {
        std::string start;
        std::string says;
    };
    for (const Row& row : {
             Row{"PK\x03\x04\x14\x00\x06\x00"s + random_bytes(), "eine Excel- oder LibreOffice-Arbeitsmappe (.xlsx, .ods)"},
             Row{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"s + random_bytes(), "eine Excel-Arbeitsmappe im alten Format (.xls)"},
             Row{"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "ein PDF-Dokument"},
             Row{"\xFF\xFEN\0r\0.\0"s, "Text in UTF-16 (so speichert Excel „Unicode-Text“)"},
             Row{"\xFE\xFF\0N\0r\0."s, "Text in UTF-16"},
         }) {
        INFO(row.says);
        auto what = not_text_file(row.start);
        REQUIRE(what);
        CHECK_THAT(*what, Catch::StartsWith(row.says));
    }
    CHECK_THAT(*not_text_file("PK\x03\x04"), Catch::EndsWith("in LibreOffice „Speichern unter → Text CSV“ mit „;“ als Trennzeichen"));
}

TEST_CASE("binary data is refused from 1 % control characters and at least four", "[file_kind]") {
    CHECK(*not_text_file(random_bytes()) ==
          "Binärdaten (456 Steuerzeichen in den ersten 4096 Bytes) – ist die Datei beschädigt oder die falsche? "
          "klappt liest nur Textdateien (YAML, CSV, Regeldateien)");
    CHECK(not_text_file("\x01\x02\x03\x04"));
    CHECK_FALSE(not_text_file("\x01\x02\x03"));  // three are too few to tell
    std::string text(396, 'a');
    text += "\0\0\0\0"s;  // 4 in 400: 1 %
    CHECK(not_text_file(text));
    text.insert(0, "b");  // 4 in 401: below 1 %
    CHECK_FALSE(not_text_file(text));
}

TEST_CASE("text passes, also with a stray NUL byte, tabs, CRLF, a BOM or Windows-1252", "[file_kind]") {
    CHECK_FALSE(not_text_file(""));
    CHECK_FALSE(not_text_file(csv_rows(200)));
    CHECK_FALSE(not_text_file("fall: RKN-1\nstichtag: 2021-03-15\n"));
    CHECK_FALSE(not_text_file("Nr.;Tr\xE4ger\r\nWL-1;M\xFCnster\r\n\f\v\x1A"));  // Windows-1252, form feed, DOS end of file
    std::string with_nul = csv_rows(5);
    with_nul[80] = '\0';  // one broken cell: an error of its row (text_encoding.hpp), not of the file
    CHECK_FALSE(not_text_file(with_nul));
}

TEST_CASE("only the start of a file is looked at", "[file_kind]") {
    std::string text = csv_rows(400);
    REQUIRE(text.size() > kFileKindProbeBytes);
    CHECK_FALSE(not_text_file(text + random_bytes()));
    CHECK(not_text_file(random_bytes() + text));
}

TEST_CASE("the message names the file", "[file_kind]") {
    CHECK(not_text_file_error("weiterleitungen.xlsx", "eine Excel-Arbeitsmappe") ==
          "„weiterleitungen.xlsx“ ist keine Textdatei, die klappt lesen kann: eine Excel-Arbeitsmappe");
}
