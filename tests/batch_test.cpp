// klappt batch: the same results as klappt check for every example, CSV cases
// equal to their YAML originals (machine and German Excel dialect), bad rows
// and bad headers, record checks, input order with any thread count and chunk size.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/batch_support.hpp"
#include "support/bundled_rules.hpp"
#include "support/golden.hpp"
#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;
namespace fs = std::filesystem;

namespace {

struct ExampleSet {
    std::string name;
    std::shared_ptr<const Program> program;
    std::vector<std::string> case_files;
};

// Every rule set with cases: rules/ with examples/ and the case-error goldens, and each docs/examples/* that loads.
std::vector<ExampleSet> example_sets() {
    std::vector<ExampleSet> sets;
    LoadResult bundled = load_rule_set(source_dir() / "rules");
    REQUIRE(bundled.program);
    ExampleSet main{"rules", bundled.program, {}};
    // The examples, the invalid ones, the timelines' cases and the generated caseload of a Kreis (267 cases).
    for (const char* dir : {"", "fehlerhaft", "zeitachse", "kreis"})
        if (fs::exists(source_dir() / "examples" / dir))
            for (auto& p : files_with(source_dir() / "examples" / dir, ".yaml")) main.case_files.push_back(p.string());
    for (auto& p : files_with(test_dir() / "golden" / "case_errors", ".yaml")) main.case_files.push_back(p.string());
    sets.push_back(main);
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(source_dir() / "docs" / "examples"))
        if (entry.is_directory()) dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    for (const auto& dir : dirs) {
        LoadResult loaded = load_rule_set(dir);
        if (!loaded.program) continue;  // the diagnose_* examples fail to load on purpose
        ExampleSet set{dir.filename().string(), loaded.program, {}};
        for (auto& p : files_with(dir, ".yaml"))
            if (p.filename() != "regelwerk.yaml") set.case_files.push_back(p.string());
        if (!set.case_files.empty()) sets.push_back(set);
    }
    return sets;
}

const Program& workload() {
    static LoadResult loaded = load_rule_set(source_dir() / "bench" / "workload");
    if (!loaded.program) FAIL("bench/workload does not load:\n" << render(loaded.diagnostics));
    return *loaded.program;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        out.push_back(text.substr(pos, eol - pos));
        pos = eol + 1;
    }
    return out;
}

const char* kWorkloadHeader = "id,birth_date,residence_status,sgb2,sgb12,entry_date,months\n";

}  // namespace

TEST_CASE("batch over YAML prints exactly what check --json prints, for every example", "[batch]") {
    std::size_t files = 0;
    for (const auto& set : example_sets()) {
        for (const auto& file : set.case_files) {
            INFO(set.name << ": " << file);
            std::string expected = check_json(*set.program, file);
            for (unsigned threads : {1u, 3u}) {
                auto result = batch(*set.program, {file}, threads);
                CHECK(result.out == expected);
            }
            ++files;
        }
    }
    CHECK(files >= 15);
}

TEST_CASE("CSV cases give the same results as their YAML originals, in both dialects", "[batch][csv]") {
    std::size_t compared = 0;
    for (const auto& set : example_sets()) {
        const Program& program = *set.program;
        CaseRunner runner(program);
        CsvWriter machine(program, false), german(program, true);
        std::string expected;
        std::size_t evaluation_errors = 0;  // reported on stderr, in both cases
        for (const auto& path : set.case_files) {
            std::string error;
            CaseFile cases = load_cases_yaml(program, read_source_file(path, error));
            for (auto& doc : cases.cases) {
                if (!doc.data) continue;
                machine.add(*doc.data);
                german.add(*doc.data);
                const CaseResult& result = runner.run(*doc.data);
                expected += case_json(result) + "\n";  // a fehler record for an evaluation error
                if (!result.evaluated()) ++evaluation_errors;
                ++compared;
            }
        }
        TempFile plain("faelle.csv", machine.text());
        TempFile excel("faelle_excel.csv", german.text());
        INFO(set.name << "\n" << machine.text());
        for (unsigned threads : {1u, 2u}) {
            for (std::size_t chunk : {std::size_t{64}, std::size_t{256 * 1024}}) {
                auto a = batch(program, {plain.path()}, threads, BatchFormat::jsonl, chunk);
                CHECK(lines_of(a.log).size() == evaluation_errors);
                CHECK(a.out == expected);
                auto b = batch(program, {excel.path()}, threads, BatchFormat::jsonl, chunk);
                CHECK(lines_of(b.log).size() == evaluation_errors);
                CHECK(b.out == expected);
            }
        }
    }
    CHECK(compared >= 300);
}

TEST_CASE("the workload rule set gives the hand-computed results of the edge cases", "[batch][workload]") {
    // 28 boundary cases computed by hand (bench/workload/reference/fixtures/edge-cases.json).
    auto fixture = read_file(source_dir() / "bench" / "workload" / "reference" / "fixtures" / "edge-cases.json");
    std::string csv = kWorkloadHeader, expected;
    std::size_t pos = 0;
    auto field = [&](std::size_t from, const std::string& key) {
        std::size_t k = fixture.find("\"" + key + "\":", from) + key.size() + 3;
        while (fixture[k] == ' ' || fixture[k] == '"') ++k;
        std::size_t end = fixture.find_first_of(",\"}", k);
        return fixture.substr(k, end - k);
    };
    int count = 0;
    while ((pos = fixture.find("{\"id\":", pos)) != std::string::npos) {
        std::size_t expect = fixture.find("\"expect\"", pos);
        csv += field(pos, "id") + "," + field(pos, "birth_date") + "," + field(pos, "residence_status") + "," +
               field(pos, "sgb2") + "," + field(pos, "sgb12") + "," + field(pos, "entry_date") + "," + field(pos, "months") + "\n";
        std::int64_t cents = std::stoll(field(expect, "amount"));
        expected += "{\"id\": " + field(pos, "id") + ", \"eligible\": " + field(expect, "eligible") + ", \"amount\": \"" +
                    money::plain(cents) + "\"}\n";
        pos = expect;
        ++count;
    }
    REQUIRE(count == 28);
    TempFile file("edge.csv", csv);
    for (unsigned threads : {1u, 4u}) {
        auto result = batch(workload(), {file.path()}, threads, BatchFormat::jsonl, 100);
        CHECK(result.log == "");
        CHECK(result.summary.cases == 28);
        CHECK(result.summary.ok());
        CHECK(result.out == expected);
    }
}

TEST_CASE("a bad row is reported with its line and becomes a fehler record, the others are evaluated", "[batch][csv]") {
    TempFile file("faelle.csv", std::string(kWorkloadHeader) +
                                    "1,2000-01-01,duldung,false,false,2021-07-07,11\n"
                                    "2,2001-02-30,duldung,false,false,2021-07-07,11\n"
                                    "3,2000-01-01,duldng,false,false,2021-07-07,11\n"
                                    "4,2000-01-01,duldung,vielleicht,false,2021-07-07,11\n"
                                    "5,2000-01-01,duldung,false,false,,11\n"
                                    "6,2000-01-01,duldung,false\n"
                                    "\n"
                                    "8,2000-01-01,duldung,false,false,2021-07-07,3\n");
    for (unsigned threads : {1u, 2u}) {
        auto result = batch(workload(), {file.path()}, threads, BatchFormat::jsonl, 40);
        auto lines = lines_of(result.out);
        REQUIRE(lines.size() == 7);
        CHECK(lines[0] == R"({"id": 1, "eligible": true, "amount": "3300.00"})");
        CHECK(lines[1] == R"({"id": "2", "fehler": [{"feld": "birth_date", "meldung": "ungültiges Datum „2001-02-30“; erwartet JJJJ-MM-TT oder TT.MM.JJJJ, und den Tag muss es im Kalender geben"}]})");
        CHECK(lines[2].find(R"("feld": "residence_status", "meldung": "unbekannter Wert „duldng“)") != std::string::npos);
        CHECK(lines[3].find(R"("feld": "sgb2")") != std::string::npos);
        CHECK(lines[4].find(R"("feld": "entry_date", "meldung": "leer, aber ein Pflichtfeld; erwartet ein Datum)") != std::string::npos);
        CHECK(lines[5].find(R"({"id": "6", "fehler": [{"feld": "", "meldung": "die Zeile hat 4 Zellen, die Kopfzeile 7"}]})") != std::string::npos);
        CHECK(lines[6] == R"({"id": 8, "eligible": true, "amount": "900.00"})");
        CHECK(result.summary.cases == 7);
        CHECK(result.summary.invalid == 5);
        CHECK(result.summary.file_errors == 0);
        auto messages = lines_of(result.log);
        REQUIRE(messages.size() == 5);
        CHECK(messages[0] == file.path() + ":3: Spalte „birth_date“: ungültiges Datum „2001-02-30“; erwartet JJJJ-MM-TT oder TT.MM.JJJJ, und den Tag muss es im Kalender geben");
        CHECK(messages[1].rfind(file.path() + ":4: Spalte „residence_status“: unbekannter Wert „duldng“", 0) == 0);
        CHECK(messages[1].find("meinten Sie „duldung“?") != std::string::npos);
        CHECK(messages[2].rfind(file.path() + ":5: Spalte „sgb2“: „vielleicht“ ist kein Wahrheitswert", 0) == 0);
        CHECK(messages[3].rfind(file.path() + ":6: Spalte „entry_date“: leer, aber ein Pflichtfeld", 0) == 0);
        CHECK(messages[4] == file.path() + ":7: die Zeile hat 4 Zellen, die Kopfzeile 7");
    }
}

TEST_CASE("unknown and missing columns are reported once and the file is not evaluated", "[batch][csv]") {
    TempFile bad("falsch.csv", "id;birth_dat;residence_status;sgb2;sgb12;entry_date;months;bemerkung\n"
                               "1;2000-01-01;duldung;false;false;2021-07-07;11;x\n"
                               "2;2000-01-01;duldung;false;false;2021-07-07;11;y\n");
    TempFile good("gut.csv", std::string(kWorkloadHeader) + "3,2000-01-01,duldung,false,false,2021-07-07,1\n");
    auto result = batch(workload(), {bad.path(), good.path()});
    CHECK(result.out == "{\"id\": 3, \"eligible\": true, \"amount\": \"300.00\"}\n");
    CHECK(result.summary.file_errors == 1);
    CHECK(result.summary.cases == 1);
    auto messages = lines_of(result.log);
    REQUIRE(messages.size() == 4);
    CHECK(messages[0] == bad.path() + ":1: unbekannte Spalte „birth_dat“; meinten Sie „birth_date“?");
    CHECK(messages[1] == bad.path() + ":1: unbekannte Spalte „bemerkung“; die Eingaben des Regelwerks sind „id“, "
                         "„birth_date“, „residence_status“, „sgb2“, „sgb12“, „entry_date“, „months“");
    CHECK(messages[2] == bad.path() + ":1: Pflichtspalte „birth_date“ fehlt; erwartet ein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)");
    CHECK(messages[3] == bad.path() + ": die Spalten passen nicht zum Regelwerk; die Datei wird nicht ausgewertet");
}

TEST_CASE("nested columns: records, lists, optional records, doubled and misplaced columns", "[batch][csv]") {
    const Program& program = bundled_program();
    SECTION("a column naming a record, a list entry 0 and a doubled column") {
        TempFile file("f.csv", "fall,stichtag,person,person.geburtsdatum,person.aufenthaltsstatus,massnahmen.0.baustein,"
                               "stichtag\n");
        auto result = batch(program, {file.path()});
        CHECK(result.out.empty());
        CHECK(result.log.find("Spalte „person“ ist ein Datensatz; seine Felder sind eigene Spalten:") != std::string::npos);
        CHECK(result.log.find("unbekannte Spalte „massnahmen.0.baustein“; die Einträge der Liste „massnahmen“ werden ab 1 gezählt") !=
              std::string::npos);
        CHECK(result.log.find("Spalte „stichtag“ ist doppelt (Spalten 2 und 7)") != std::string::npos);
    }
    SECTION("a measure needs all its required columns once one of its columns is there") {
        TempFile file("f.csv", "fall,stichtag,person.geburtsdatum,person.aufenthaltsstatus,massnahmen.1.baustein\n");
        auto result = batch(program, {file.path()});
        CHECK(result.log.find("Pflichtspalte „massnahmen.1.beginn“ fehlt") != std::string::npos);
        CHECK(result.log.find("Pflichtspalte „massnahmen.1.eintritt“ fehlt") != std::string::npos);
        CHECK(result.log.find("Pflichtspalte „person") == std::string::npos);
    }
    SECTION("empty list entries are left out, an optional record without cells is not set, record checks apply") {
        const RecordType* measure = nullptr;
        for (const auto& r : program.rules.records)
            if (!r.checks.empty()) measure = &r;
        REQUIRE(measure);
        TempFile file("f.csv",
                      "fall;stichtag;kommune.name;person.geburtsdatum;person.aufenthaltsstatus;"
                      "massnahmen.1.baustein;massnahmen.1.beginn;massnahmen.1.ende;massnahmen.1.eintritt;"
                      "massnahmen.2.baustein;massnahmen.2.beginn;massnahmen.2.ende;massnahmen.2.eintritt\n"
                      "A;15.03.2021;;17.05.2001;duldung;;;;;F4;11.01.2021;30.06.2021;01.02.2021\n"
                      "B;15.03.2021;Neuss;17.05.2001;duldung;F4;30.06.2021;11.01.2021;01.02.2021;;;;\n");
        auto result = batch(program, {file.path()});
        auto lines = lines_of(result.out);
        REQUIRE(lines.size() == 2);
        // Case A: the same as the YAML case with one measure and no kommune.
        TempFile yaml("a.yaml", "fall: A\nstichtag: 2021-03-15\nperson:\n  geburtsdatum: 2001-05-17\n  aufenthaltsstatus: duldung\n"
                                "massnahmen:\n  - baustein: F4\n    beginn: 2021-01-11\n    ende: 2021-06-30\n    eintritt: 2021-02-01\n");
        CHECK(lines[0] + "\n" == check_json(program, yaml.path()));
        CHECK(lines[1] == "{\"fall\": \"B\", \"fehler\": [{\"feld\": \"massnahmen.1\", \"meldung\": \"" +
                              measure->checks[0].message + "\"}]}");
        CHECK(result.log == file.path() + ":3: massnahmen.1: " + measure->checks[0].message + "\n");
    }
}

TEST_CASE("results keep input order with any thread count and chunk size, quoted line breaks keep line numbers", "[batch][csv]") {
    LoadResult loaded = load_rules_text(
        {{"t.rules", "module t \"Test\"\n"
                     "input fall: text \"Fall\"\n"
                     "input notiz: text \"Notiz\"\n"
                     "input n: int \"Zahl\"\n"
                     "output doppelt: int \"doppelt\" = n * 2\n"
                     "output text: text \"Notiz\" = notiz\n"}},
        {}, "name: t\nfall: fall\n");
    REQUIRE(loaded.program);
    std::string csv = "fall;notiz;n\n";
    std::string expected;
    for (int i = 1; i <= 300; ++i) {
        std::string id = std::to_string(i);
        id.insert(0, 1, 'F');  // (not "F" + …: GCC 12 warns falsely, -Wrestrict)
        if (i % 50 == 0) {
            csv += id + ";x;keine Zahl\n";  // a bad row on a known line
            expected += "{\"fall\": \"" + id + "\", \"fehler\": [{\"feld\": \"n\", \"meldung\": \"„keine Zahl“ ist keine ganze Zahl\"}]}\n";
            continue;
        }
        std::string note = i % 7 == 0 ? "\"zwei\nZeilen; mit \"\"Zitat\"\"\"" : "Notiz " + std::to_string(i);
        std::string note_json = i % 7 == 0 ? "zwei\\nZeilen; mit \\\"Zitat\\\"" : "Notiz " + std::to_string(i);
        csv += id + ";" + note + ";" + std::to_string(i) + "\r\n";
        expected += "{\"fall\": \"" + id + "\", \"doppelt\": " + std::to_string(2 * i) + ", \"text\": \"" + note_json +
                    "\"}\n";
    }
    TempFile file("order.csv", csv);
    std::string first_log;
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
        for (std::size_t chunk : {std::size_t{1}, std::size_t{17}, std::size_t{300}, std::size_t{1 << 20}}) {
            INFO("threads " << threads << ", chunk " << chunk);
            auto result = batch(*loaded.program, {file.path()}, threads, BatchFormat::jsonl, chunk);
            CHECK(result.out == expected);
            CHECK(result.summary.cases == 300);
            CHECK(result.summary.invalid == 6);
            if (first_log.empty()) first_log = result.log;
            CHECK(result.log == first_log);
        }
    }
    // Row 50 starts on line 1 + 49 rows + 7 extra lines for the quoted line breaks before it (rows 7 … 49).
    CHECK(first_log.rfind(file.path() + ":58: Spalte „n“: „keine Zahl“ ist keine ganze Zahl\n", 0) == 0);
}

TEST_CASE("CSV output: German Excel (BOM, semicolon, decimal comma, ja/nein, CRLF), labels as headers, a Fehler column", "[batch][csv]") {
    TempFile file("f.csv", std::string(kWorkloadHeader) + "1,2000-01-01,duldung,false,false,2021-07-07,11\n"
                                                         "2,2000-01-01,x,false,false,2021-07-07,11\n"
                                                         "3,1980-01-01,duldung,false,false,2021-07-07,11\n");
    auto result = batch(workload(), {file.path()}, 2, BatchFormat::csv);
    CHECK(result.out ==
          "\xEF\xBB\xBF" "Fall;förderfähig;Betrag;Fehler\r\n"
          "1;ja;3300,00;\r\n"
          "2;;;\"residence_status: unbekannter Wert „x“; erlaubt: duldung, gestattung, aufenthaltserlaubnis, "
          "niederlassungserlaubnis, keiner\"\r\n"
          "3;nein;0,00;\r\n");
}

TEST_CASE("files that cannot be read and empty files are file errors, an unterminated quote is an error of its row", "[batch][csv]") {
    TempFile empty("leer.csv", "");
    TempFile open_quote("offen.csv", std::string(kWorkloadHeader) + "1,2000-01-01,duldung,false,false,2021-07-07,1\n"
                                                                   "2,\"2000-01-01,duldung,false,false,2021-07-07,1\n");
    auto result = batch(workload(), {"gibt/es/nicht.csv", empty.path(), open_quote.path(), "gibt/es/nicht.yaml"});
    CHECK(result.out.rfind("{\"id\": 1, \"eligible\": true, \"amount\": \"300.00\"}\n{\"id\": \"\", \"fehler\": ", 0) == 0);
    CHECK(result.summary.file_errors == 3);
    CHECK(result.summary.invalid == 1);
    CHECK(result.log.find("Datei nicht gefunden: gibt/es/nicht.csv") != std::string::npos);
    CHECK(result.log.find(empty.path() + ": leere Datei: keine Kopfzeile") != std::string::npos);
    CHECK(result.log.find(open_quote.path() + ":3: Anführungszeichen nicht geschlossen") != std::string::npos);
    CHECK(result.log.find("gibt/es/nicht.yaml") != std::string::npos);
}

TEST_CASE("the German Excel export of tests/batch gives the same results as its YAML original", "[batch][csv]") {
    LoadResult loaded = load_rule_set(test_dir() / "batch" / "regeln");
    REQUIRE(loaded.program);
    auto yaml = batch(*loaded.program, {(test_dir() / "batch" / "faelle.yaml").string()});
    auto excel = batch(*loaded.program, {(test_dir() / "batch" / "faelle_excel.csv").string()}, 2);
    CHECK(yaml.summary.cases == 3);
    CHECK(yaml.summary.ok());
    CHECK(excel.summary.ok());
    CHECK(excel.out == yaml.out);
}
