// Where a diagnostic points and how it is shown: dsl/source (offsets → line:column in code
// points, reading a file with its German messages) and dsl/diagnostic's renderer.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "dsl/diagnostic.hpp"
#include "dsl/source.hpp"

using namespace klappt;

TEST_CASE("source: a column counts code points, a line ends before its line break", "[dsl][source]") {
    SourceFile file("f.rules", "module m\r\nlet größe = 1\n");
    CHECK(file.line_count() == 3);
    CHECK(file.line_text(1) == "module m");  // without \r\n
    auto at = file.position(static_cast<std::uint32_t>(std::string("module m\r\nlet größe = ").size()));
    CHECK(at.line == 2);
    CHECK(at.column == 13);  // „ö“ and „ß“ are two bytes, one column each
    CHECK(file.line_start(2) == 10);
}

TEST_CASE("source: reading a file names what is wrong, in German", "[dsl][source]") {
    auto dir = std::filesystem::temp_directory_path() / "klappt_dsl_source_test";
    std::filesystem::create_directories(dir);
    std::string error;
    CHECK(!read_source_file((dir / "fehlt.rules").string(), error));
    CHECK(error == "Datei nicht gefunden: " + (dir / "fehlt.rules").string());
    CHECK(!read_source_file(dir.string(), error));
    CHECK(error == "„" + dir.string() + "“ ist ein Ordner; erwartet eine Datei (z. B. " + dir.string() + "/fall.yaml)");
    auto big = dir / "gross.rules";
    std::ofstream(big) << std::string(2048, '#');
    CHECK(!read_source_file(big.string(), error, 1024));
    CHECK(error == "Datei zu groß: " + big.string() + " (höchstens 1 KiB)");
    error.clear();
    auto read = read_source_file(big.string(), error, 4096);
    REQUIRE(read);
    CHECK(error.empty());
    CHECK(read->text().size() == 2048);
    std::filesystem::remove_all(dir);
}

TEST_CASE("render: file:line:column, the line and a caret under the span, notes the same way", "[dsl][diagnostics]") {
    auto file = std::make_shared<SourceFile>("f.rules", "module m\nlet größe: int = \"x\"\n");
    Diagnostics ds;
    Diagnostic& d = ds.error(file, Span{13, 20}, "Wert von „größe“: erwartet int, gefunden text");
    d.notes.push_back({file, Span{0, 6}, "im Modul"});
    ds.file_error(file, "eine Datei als Ganzes");
    ds.general_error("ohne Datei");
    CHECK(render(ds) ==
          "f.rules:2:5: error: Wert von „größe“: erwartet int, gefunden text\n"
          "  let größe: int = \"x\"\n"
          "      ^~~~~\n"
          "f.rules:1:1: note: im Modul\n"
          "  module m\n"
          "  ^~~~~~\n"
          "f.rules: error: eine Datei als Ganzes\n"
          "error: ohne Datei\n");
    CHECK(ds.error_count() == 3);
}

TEST_CASE("render: a long line is cut around the caret, bytes that are not UTF-8 are shown as �", "[dsl][diagnostics]") {
    std::string line = std::string(200, 'a') + "X" + std::string(200, 'b');
    auto file = std::make_shared<SourceFile>("f.rules", line + "\n\xFC\n");
    Diagnostics ds;
    ds.error(file, Span{200, 201}, "hier");
    ds.error(file, Span{402, 403}, "ü aus Windows-1252");
    std::string out = render(ds);
    CHECK(out.find("f.rules:1:201: error: hier\n  …" + std::string(60, 'a') + "X" + std::string(59, 'b') + "…\n") == 0);
    CHECK(out.find("\n   " + std::string(60, ' ') + "^\n") != std::string::npos);
    CHECK(out.find("f.rules:2:1: error: ü aus Windows-1252\n  \xEF\xBF\xBD\n  ^\n") != std::string::npos);
}

TEST_CASE("did you mean: the closest name, only when it is a plausible typo", "[dsl][diagnostics]") {
    CHECK(did_you_mean("stichtg", {"stichtag", "fall"}) == "; meinten Sie „stichtag“?");
    CHECK(did_you_mean("zeitraum", {"stichtag", "fall"}).empty());
    CHECK(closest_name("fall", {"fall"}).empty());  // the name itself is no suggestion
}
