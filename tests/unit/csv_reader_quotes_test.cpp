// The one-pass CSV reader: quotes anywhere in a field, CRLF after quotes, rows
// crossing the 1 MB read chunks (also between the two quotes of a doubled
// quote), and a random round trip against a writer, in memory and from a file.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <random>

#include "engine/input/csv_reader.hpp"

using klappt::CsvReader;

namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows read_all(CsvReader& reader, std::vector<std::uint32_t>* lines = nullptr) {
    Rows rows;
    std::vector<std::string_view> fields;
    while (reader.next(fields)) {
        rows.emplace_back(fields.begin(), fields.end());
        if (lines) lines->push_back(reader.line());
    }
    return rows;
}

std::string quote(const std::string& field, char delimiter) {
    if (field.find_first_of(std::string("\"\r\n") + delimiter) == std::string::npos && !field.empty()) return field;
    std::string out = "\"";
    for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

Rows read_file(const std::string& text) {
    std::string path = "csv_reader_quotes_test_" + std::to_string(std::random_device{}()) + ".csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    std::string error;
    auto reader = CsvReader::open(path, error);
    REQUIRE(reader);
    Rows rows = read_all(*reader);
    CHECK(reader->error().empty());
    std::remove(path.c_str());
    return rows;
}

}  // namespace

TEST_CASE("CSV: quotes inside a field, text around quoted parts, CRLF after a quote", "[csv]") {
    CsvReader reader("a;b;c\r\nx\"y;z\"w;\"q\"r;\"\"\r\n\"\";\"a\"\"\";\"\r\n\"\r\n");
    auto rows = read_all(reader);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1] == std::vector<std::string>{"xy;zw", "qr", ""});
    CHECK(rows[2] == std::vector<std::string>{"", "a\"", "\r\n"});
}

TEST_CASE("CSV: a lone CR at the end, CR inside unquoted text, blank CRLF lines", "[csv]") {
    CsvReader reader("a,b\r\n\r\n1,x\ry\r\n\r");
    std::vector<std::uint32_t> lines;
    auto rows = read_all(reader, &lines);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1] == std::vector<std::string>{"1", "x\ry"});
    CHECK(lines == std::vector<std::uint32_t>{1, 3});
}

TEST_CASE("CSV: rows crossing the read chunks, also between the quotes of a doubled quote", "[csv]") {
    // Put a `""` exactly across the 1 MB boundary, then a quoted line break across it.
    for (std::size_t shift : {0, 1, 2, 3}) {
        std::string text = "id,text\n";
        std::string filler(1 << 20, 'x');
        std::size_t prefix = (1 << 20) - text.size() - 4 - shift;
        text += "1,\"" + filler.substr(0, prefix) + "\"\"z\"\n";
        text += "2,\"zwei\nZeilen\"\n3,drei";
        Rows rows = read_file(text);
        REQUIRE(rows.size() == 4);
        CHECK(rows[1][1] == filler.substr(0, prefix) + "\"z");
        CHECK(rows[2] == std::vector<std::string>{"2", "zwei\nZeilen"});
        CHECK(rows[3] == std::vector<std::string>{"3", "drei"});
    }
}

TEST_CASE("CSV: random fields written with quoting read back the same, in memory and from a file", "[csv]") {
    std::mt19937 rng(20261121);
    const std::string alphabet = "ab;,\"\n\r \tä";
    for (char delimiter : {',', ';'}) {
        Rows written;
        std::string text = delimiter == ';' ? "h1;h2;h3\r\n" : "h1,h2,h3\n";
        written.push_back({"h1", "h2", "h3"});
        std::string eol = delimiter == ';' ? "\r\n" : "\n";
        for (int r = 0; r < 30000; ++r) {
            std::vector<std::string> row;
            for (int f = 0; f < 3; ++f) {
                std::string field;
                int length = std::uniform_int_distribution<int>(0, r % 7 == 0 ? 40 : 6)(rng);
                for (int k = 0; k < length; ++k)
                    field += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
                row.push_back(field);
            }
            for (int f = 0; f < 3; ++f) text += (f ? std::string(1, delimiter) : "") + quote(row[f], delimiter);
            text += eol;
            written.push_back(row);
        }
        CsvReader memory(text);
        Rows from_memory = read_all(memory);
        CHECK(memory.error().empty());
        CHECK(memory.delimiter() == delimiter);
        REQUIRE(from_memory.size() == written.size());
        for (std::size_t i = 0; i < written.size(); ++i) REQUIRE(from_memory[i] == written[i]);
        // The same more than 1 MB from a file, so rows cross the read chunks.
        std::string big = text;
        while (big.size() < (3u << 20)) big += text.substr(text.find(eol) + eol.size());
        Rows from_file = read_file(big);
        CsvReader big_memory(big);
        REQUIRE(from_file == read_all(big_memory));
    }
}
