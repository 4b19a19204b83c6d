// The CSV reader: Excel's German exports (`;`, BOM, CRLF, quotes) and plain CSV.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "engine/input/csv_reader.hpp"

using klappt::CsvReader;

namespace {

std::vector<std::vector<std::string>> read_all(CsvReader& reader) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string_view> fields;
    while (reader.next(fields)) rows.emplace_back(fields.begin(), fields.end());
    return rows;
}

}  // namespace

TEST_CASE("CSV: German Excel export with BOM, semicolons, CRLF and quotes", "[csv]") {
    CsvReader reader("\xEF\xBB\xBFid;Träger;Betrag\r\n1;\"VHS Neuss; Haus 2\";1.234,56\r\n2;\"Sag \"\"Hallo\"\"\";9,00\r\n");
    auto rows = read_all(reader);
    CHECK(reader.had_bom());
    CHECK(reader.delimiter() == ';');
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::vector<std::string>{"id", "Träger", "Betrag"});
    CHECK(rows[1] == std::vector<std::string>{"1", "VHS Neuss; Haus 2", "1.234,56"});
    CHECK(rows[2] == std::vector<std::string>{"2", "Sag \"Hallo\"", "9,00"});
    CHECK(reader.error().empty());
}

TEST_CASE("CSV: comma separated, empty fields, blank lines, no final newline", "[csv]") {
    CsvReader reader("a,b,c\n1,,3\n\n,,\n4,5,6");
    auto rows = read_all(reader);
    CHECK(reader.delimiter() == ',');
    REQUIRE(rows.size() == 4);
    CHECK(rows[1] == std::vector<std::string>{"1", "", "3"});
    CHECK(rows[2] == std::vector<std::string>{"", "", ""});
    CHECK(rows[3] == std::vector<std::string>{"4", "5", "6"});
}

TEST_CASE("CSV: line numbers count line breaks inside quoted fields", "[csv]") {
    CsvReader reader("a;b\n1;\"zwei\nZeilen\"\n3;4\n");
    std::vector<std::string_view> f;
    REQUIRE(reader.next(f));
    CHECK(reader.line() == 1);
    REQUIRE(reader.next(f));
    CHECK(reader.line() == 2);
    CHECK(f[1] == "zwei\nZeilen");
    REQUIRE(reader.next(f));
    CHECK(reader.line() == 4);
    CHECK(!reader.next(f));
}

TEST_CASE("CSV: an unterminated quote is an error of its row, the next line is read", "[csv]") {
    CsvReader reader("a;b\n1;\"offen\n2;3\n");
    std::vector<std::string_view> f;
    REQUIRE(reader.next(f));
    REQUIRE(reader.next(f));
    CHECK(f.empty());
    CHECK(reader.line() == 2);
    CHECK(reader.row_error().find("Anführungszeichen nicht geschlossen") == 0);
    REQUIRE(reader.next(f));
    CHECK(reader.row_error().empty());
    CHECK(reader.line() == 3);
    CHECK(f == std::vector<std::string_view>{"2", "3"});
    CHECK(!reader.next(f));
    CHECK(reader.error().empty());
}

TEST_CASE("CSV: a large file is read in chunks with rows crossing chunk borders", "[csv]") {
    std::string path = "csv_reader_test_big.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "id;text\n";
        for (int i = 0; i < 60000; ++i) out << i << ";\"Zeile " << i << "; mit Semikolon\"\n";
    }
    std::string error;
    auto reader = CsvReader::open(path, error);
    REQUIRE(reader);
    std::vector<std::string_view> f;
    REQUIRE(reader->next(f));
    int count = 0;
    while (reader->next(f)) {
        REQUIRE(f.size() == 2);
        REQUIRE(f[0] == std::to_string(count));
        REQUIRE(f[1] == "Zeile " + std::to_string(count) + "; mit Semikolon");
        ++count;
    }
    CHECK(count == 60000);
    CHECK(reader->line() == 60001);
    std::remove(path.c_str());
}

TEST_CASE("CSV: a missing file gives a readable error", "[csv]") {
    std::string error;
    CHECK(!CsvReader::open("gibt/es/nicht.csv", error));
    CHECK(error.find("gibt/es/nicht.csv") != std::string::npos);
}
