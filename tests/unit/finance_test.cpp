// The finance run (klappt weiterleitung): loading the Bescheid and the forwardings
// (CSV with German Excel conventions, or YAML), bad rows left out with line and column,
// sums exact to the cent, the same report from CSV and YAML.
#include <nlohmann/json.hpp>

#include <random>
#include <set>

#include "engine/base/calendar.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/finance/finance_report.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/finance/forwarding_loader.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "support/golden.hpp"

using namespace klappt;
using namespace klappt::testing;
using nlohmann::json;

namespace {

const Program& finance_program() {
    static LoadResult loaded = load_rule_set(source_dir() / "rules" / "finanzen");
    if (!loaded.program) FAIL("rules/finanzen does not load:\n" << render(loaded.diagnostics));
    return *loaded.program;
}

const char* kBescheid = R"(aktenzeichen: "T-1"
kommune: {name: Testkreis}
bewilligungszeitraum: {von: 2020-04-01, bis: 2022-12-31}
landesanteile:
  - {baustein: F2, betrag: 300000.00}
  - {baustein: F4, betrag: 900000.00}
werte: {p2_je_teilnehmer: 1500.00, frist_vn_monate: 6, frist_mittelverwendung_monate: 2}
geduldete_18_27: 150
)";

const char* kHeader = "Nr.;Baustein;Träger;Trägerart;ANBest-P;von;bis;Betrag;Teilnehmende;Fall-IDs;UStd;VN-Eingang\n";

DayNumber day(const char* iso) { return calendar::day_number(*calendar::parse(iso)); }

struct Result {
    FinanceRun run;
    json report;  // empty when nothing could be evaluated
    std::string text, csv;
    std::string diagnostics;
};

Result run(const std::string& forwardings, const std::string& name = "w.csv", const std::string& bescheid = kBescheid,
           const char* check_date = "2022-01-15") {
    const Program& program = finance_program();
    Result r;
    auto b = std::make_shared<SourceFile>("bescheid.yaml", bescheid);
    auto f = std::make_shared<SourceFile>(name, forwardings);
    r.run = load_finance_run(program, b, f, day(check_date));
    r.diagnostics = render(r.run.diagnostics);
    if (!r.run.kase) return r;
    CaseRunner runner(program);
    const CaseResult& result = runner.run(*r.run.kase);
    REQUIRE(result.evaluated());
    r.report = json::parse(finance_report_json(result, r.run));
    r.text = finance_report_text(result, r.run);
    r.csv = finance_report_csv(result, &r.run);
    return r;
}

// run() for forwardings that must give a case to evaluate: the test stops here, with the
// diagnostics, when they do not.
Result evaluated(const std::string& forwardings, const std::string& name = "w.csv",
                 const std::string& bescheid = kBescheid, const char* check_date = "2022-01-15") {
    Result r = run(forwardings, name, bescheid, check_date);
    INFO(r.diagnostics);
    REQUIRE(r.run.kase);
    return r;
}

// Whether every row of the forwardings was read or some were left out for bad input.
enum class Rows { all_valid, some_left_out };

// evaluated(), and the rows were read as `expected`.
Result evaluated(const std::string& forwardings, Rows expected) {
    Result r = evaluated(forwardings);
    INFO(r.diagnostics);
    CHECK(r.run.input_valid == (expected == Rows::all_valid));
    return r;
}

const json& forwarding(const json& report, const std::string& nr) {
    for (const auto& w : report["weiterleitungen"])
        if (w["nr"] == nr) return w;
    FAIL("no forwarding " << nr);
    static json none;
    return none;
}

std::vector<std::string> rules_of(const json& w) {
    std::vector<std::string> out;
    for (const auto& v : w["verstoesse"]) out.push_back(v["regel"].get<std::string>() + " " + v["pruefung"].get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("header names match field labels and names, ignoring case, blanks, punctuation and umlaut spelling",
          "[finance]") {
    CHECK(header_key("Prüfungsgebühren") == "pruefungsgebuehren");
    CHECK(header_key("pruefungsgebuehren") == "pruefungsgebuehren");
    CHECK(header_key(" PRÜFUNGS-GEBÜHREN (€) ") == "pruefungsgebuehren");
    CHECK(header_key("Stellen (VZÄ)") == header_key("stellen_vzae"));
    CHECK(header_key("Nr.") == "nr");
    CHECK(header_key("Straße") == "strasse");
}

TEST_CASE("CSV cells follow the German Excel conventions", "[finance]") {
    // BOM, CRLF, decimal comma with thousands dots, both date forms, ja/WAHR, enum by label or
    // name, a quoted cell with the delimiter, a list of case ids, an empty row, an unknown column.
    std::string csv = "\xEF\xBB\xBFNr.;Baustein;Träger;Trägerart;ANBest-P;von;bis;Betrag;Teilnehmende;Fall-IDs;UStd;Bemerkung\r\n"
                      "A-1;F4;\"VHS; Neuss\";Volkshochschule;ja;01.03.2021;2021-08-31;9.000,00;;;240;erster Kurs\r\n"
                      ";;;;;;;;;;;\r\n"
                      "A-2;F2 Qualifizierung;Kolping;bildungstraeger;WAHR;2021-03-01;30.09.2021;4500;3;\"P-1, P-2,P-3\";;\r\n"
                      "A-3;f4;VHS;VHS;Ja;01.03.2021;31.08.2021;1.125,5;;;30;\r\n";
    Result r = evaluated(csv, Rows::all_valid);
    INFO(r.diagnostics);
    CHECK(r.run.rows == 3);
    CHECK_THAT(r.diagnostics, Catch::Contains("warning: Spalte „Bemerkung“ ist unbekannt und wird nicht ausgewertet"));
    const json& a1 = forwarding(r.report, "A-1");
    CHECK(a1["traeger"] == "VHS; Neuss");
    CHECK(a1["betrag"] == "9000.00");
    CHECK(a1["pauschalen"] == "9000.00");
    CHECK(a1["verstoesse"].empty());
    CHECK(forwarding(r.report, "A-2")["pauschalen"] == "4500.00");
    CHECK(forwarding(r.report, "A-2")["verstoesse"].empty());
    CHECK(forwarding(r.report, "A-3")["betrag"] == "1125.50");
    CHECK(forwarding(r.report, "A-3")["pauschalen"] == "1125.00");
    CHECK(rules_of(forwarding(r.report, "A-3")) == std::vector<std::string>{"W5 Betrag entspricht den Pauschalen"});
}

TEST_CASE("a bad row is reported with its line and column and left out, the others are checked", "[finance]") {
    std::string csv = std::string(kHeader) +
                      "B-1;F4;VHS;vhs;ja;01.03.2021;31.08.2021;9.000,00;;;240;\n"
                      "B-2;F4;VHS;vhs;ja;31.02.2021;31.08.2021;9.000,00;;;240;\n"  // impossible date
                      "B-3;F9;VHS;vhs;ja;01.03.2021;31.08.2021;9.000,00;;;240;\n"  // unknown Baustein
                      "B-4;F4;VHS;vhs;ja;01.03.2021;31.08.2021;9.000,0x;;;240;\n"  // malformed amount
                      "B-5;F4;VHS;vhs;ja;01.09.2021;31.08.2021;9.000,00;;;240;\n"  // von after bis
                      "B-6;F4;VHS;vhs;ja;01.03.2021;31.08.2021;11.250,00;;;240;\n";
    Result r = evaluated(csv, Rows::some_left_out);
    CHECK(r.run.rows == 6);
    CHECK(r.run.rows_left_out == 4);
    CHECK_THAT(r.diagnostics, Catch::Contains("w.csv:3:19: error: Zeile 3 (Nr. B-2), Spalte „von“: ungültiges Datum „31.02.2021“"));
    CHECK_THAT(r.diagnostics, Catch::Contains("w.csv:4:5: error: Zeile 4 (Nr. B-3), Spalte „Baustein“: unbekannter Wert „F9“"));
    CHECK_THAT(r.diagnostics, Catch::Contains("w.csv:5:41: error: Zeile 5 (Nr. B-4), Spalte „Betrag“: „9.000,0x“ ist kein Betrag"));
    CHECK_THAT(r.diagnostics, Catch::Contains("w.csv:6:19: error: Zeile 6 (Nr. B-5): „von“ liegt nach „bis“ – die Zeile wird nicht geprüft"));
    REQUIRE(r.report["weiterleitungen"].size() == 2);
    CHECK(forwarding(r.report, "B-1")["verstoesse"].empty());
    CHECK(rules_of(forwarding(r.report, "B-6")) == std::vector<std::string>{"W5 Betrag entspricht den Pauschalen"});
    REQUIRE(r.report["ausgelassen"].size() == 4);
    CHECK(r.report["ausgelassen"][0] == json::parse(R"({"zeile": 3, "spalte": "von", "meldung": "ungültiges Datum „31.02.2021“; erwartet JJJJ-MM-TT oder TT.MM.JJJJ, und den Tag muss es im Kalender geben"})"));
    CHECK(r.report["ausgelassen"][3]["zeile"] == 6);
}

TEST_CASE("problems of the header or the Bescheid leave nothing to evaluate", "[finance]") {
    Result missing = run("Nr.;Baustein;Träger;von;bis;Betrag\nX;F4;VHS;01.03.2021;31.08.2021;9.000,00\n");
    CHECK_FALSE(missing.run.kase);
    CHECK_THAT(missing.diagnostics, Catch::Contains("Pflichtspalte „Trägerart“ fehlt in der Kopfzeile"));
    CHECK_THAT(missing.diagnostics, Catch::Contains("Pflichtspalte „ANBest-P auferlegt“ fehlt"));

    Result doubled = run(std::string("Nr.;Baustein;Träger;Trägerart;ANBest-P;von;bis;Betrag;betrag\n"));
    CHECK_FALSE(doubled.run.kase);
    CHECK_THAT(doubled.diagnostics, Catch::Contains("Spalte „betrag“ meint dasselbe Feld wie Spalte „Betrag“"));

    Result empty = run("");
    CHECK_FALSE(empty.run.kase);
    CHECK_THAT(empty.diagnostics, Catch::Contains("leere Datei"));

    Result bescheid = run(std::string(kHeader), "w.csv", "aktenzeichen: X\nkommune: {name: K}\nbewilligungszeitraum: {von: 2022-12-31, bis: 2020-01-01}\nlandesanteile: []\ngeduldete_18_27: 10\n");
    CHECK_FALSE(bescheid.run.kase);
    CHECK_THAT(bescheid.diagnostics, Catch::Contains("Bescheid: bescheid.bewilligungszeitraum: der Zeitraum beginnt nach seinem Ende"));

    Result typo = run(std::string(kHeader), "w.csv", std::string(kBescheid) + "geduldete: 3\n");
    CHECK_FALSE(typo.run.kase);
    CHECK_THAT(typo.diagnostics, Catch::Contains("bescheid.yaml:9:1: error: Bescheid: bescheid.geduldete: unbekanntes Feld „geduldete“; erlaubt:"));
}

TEST_CASE("YAML forwardings: a bad entry is left out, the others are checked", "[finance]") {
    std::string yaml = "- {id: Y-1, baustein: F4, traeger: VHS, traegerart: vhs, anbest_p: true, von: 2021-03-01, bis: 2021-08-31, betrag: 9000, unterrichtsstunden: 240}\n"
                       "- {id: Y-2, baustein: F4, traeger: VHS, traegerart: vhs, anbest_p: true, von: 2021-03-01, bis: 2021-08-31, betrag: 9000.001, unterrichtsstunden: 240}\n"
                       "- {id: Y-3, baustein: F4, traeger: VHS, traegerart: vhs, anbest_p: vielleicht, von: 2021-03-01, bis: 2021-08-31, betrag: 9000, unterrichtsstunden: 240}\n";
    Result r = evaluated(yaml, "w.yaml");
    CHECK(r.run.rows == 3);
    CHECK(r.run.rows_left_out == 2);
    CHECK_THAT(r.diagnostics, Catch::Contains("w.yaml:2:"));
    CHECK_THAT(r.diagnostics, Catch::Contains("weiterleitungen.2.betrag: „9000.001“ ist kein Betrag"));
    CHECK_THAT(r.diagnostics, Catch::Contains("weiterleitungen.3.anbest_p: „vielleicht“ ist kein Wahrheitswert"));
    REQUIRE(r.report["weiterleitungen"].size() == 1);
    CHECK(r.report["weiterleitungen"][0]["nr"] == "Y-1");
}

TEST_CASE("sums are exact to the cent: 10 000 forwardings of 0,01 € and of 33,33 €", "[finance]") {
    // F2 forwardings whose amount is not the Pauschale: every one is a W5 violation, but the
    // sums are what this test is about.  The Land share is rounded once per forwarding.
    for (const auto& [cents, text] : std::vector<std::pair<long, std::string>>{{1, "0,01"}, {3333, "33,33"}}) {
        std::string csv = kHeader;
        for (int i = 0; i < 10000; ++i)
            csv += "S-" + std::to_string(i) + ";F2;Träger;bildungstraeger;ja;01.03.2021;31.08.2021;" + text + ";1;;;\n";
        Result r = evaluated(csv);
        REQUIRE(r.report["weiterleitungen"].size() == 10000);
        long land = (cents * 8 + 5) / 10;  // 80 %, half up, per forwarding
        auto plain = [](long c) {
            std::string s = std::to_string(c / 100) + "." + (c % 100 < 10 ? "0" : "") + std::to_string(c % 100);
            return s;
        };
        const json& f2 = r.report["bausteine"][0];
        REQUIRE(f2["baustein"] == "F2");
        CHECK(f2["anzahl"] == 10000);
        CHECK(f2["weitergeleitet"] == plain(cents * 10000));
        CHECK(f2["landesanteil"] == plain(land * 10000));
        CHECK(f2["eigenanteil"] == plain((cents - land) * 10000));
        CHECK(r.report["summe"]["weitergeleitet"] == plain(cents * 10000));
        CHECK(r.report["summe"]["landesanteil"] == plain(land * 10000));
    }
}

TEST_CASE("W6: a participant in two overlapping forwardings of the same Baustein, found by index", "[finance]") {
    std::string csv = std::string(kHeader) +
                      "D-1;F2;A;bildungstraeger;ja;01.03.2021;31.08.2021;3.000,00;2;\"P-1, P-2\";;\n"
                      "D-2;F2;B;bildungstraeger;ja;01.08.2021;31.12.2021;1.500,00;1;P-2;;\n"       // overlaps D-1 in August
                      "D-3;F2;C;bildungstraeger;ja;01.09.2021;31.12.2021;1.500,00;1;P-1;;\n"       // after D-1: fine
                      "D-4;F4;D;vhs;ja;01.03.2021;31.08.2021;3.750,00;1;P-1;100;\n"                // other Baustein: fine
                      "D-4;F2;E;bildungstraeger;ja;01.01.2022;31.03.2022;1.500,00;1;P-9;;\n";    // number twice
    Result r = evaluated(csv);
    const auto& list = r.report["weiterleitungen"];
    CHECK(rules_of(list[0]) == std::vector<std::string>{"W6 keine Doppelförderung"});
    CHECK_THAT(list[0]["verstoesse"][0]["befund"].get<std::string>(),
               Catch::Contains("Fall-ID P-2 auch in Nr. D-2 („B“, 01.08.2021 – 31.12.2021)"));
    CHECK(rules_of(list[1]) == std::vector<std::string>{"W6 keine Doppelförderung"});
    CHECK(rules_of(list[2]).empty());
    CHECK(rules_of(list[3]) == std::vector<std::string>{"Daten Nr. der Weiterleitung eindeutig"});
    CHECK(rules_of(list[4]) == std::vector<std::string>{"Daten Nr. der Weiterleitung eindeutig"});
}

TEST_CASE("the same forwardings give the same report from CSV and from YAML", "[finance]") {
    std::string bescheid = read_file(source_dir() / "examples" / "finanzen" / "bescheid_rhein_kreis_neuss.yaml");
    std::string csv = read_file(source_dir() / "examples" / "finanzen" / "weiterleitungen.csv");
    std::string yaml = read_file(source_dir() / "examples" / "finanzen" / "weiterleitungen.yaml");
    Result a = evaluated(csv, "weiterleitungen.csv", bescheid, "2023-07-15");
    Result b = evaluated(yaml, "weiterleitungen.yaml", bescheid, "2023-07-15");
    INFO(a.diagnostics << b.diagnostics);
    CHECK(a.run.rows == 30);
    CHECK(a.report["weiterleitungen"].size() == 30);
    CHECK(a.report == b.report);
    CHECK(a.text == b.text);
    CHECK(a.csv == b.csv);
}

TEST_CASE("every kind of violation occurs in the example", "[finance]") {
    std::string bescheid = read_file(source_dir() / "examples" / "finanzen" / "bescheid_rhein_kreis_neuss.yaml");
    std::string csv = read_file(source_dir() / "examples" / "finanzen" / "weiterleitungen.csv");
    Result r = evaluated(csv, "weiterleitungen.csv", bescheid, "2023-07-15");
    std::set<std::string> found;
    for (const auto& w : r.report["weiterleitungen"])
        for (const auto& v : w["verstoesse"]) found.insert(v["regel"].get<std::string>() + " " + v["pruefung"].get<std::string>());
    for (const auto& b : r.report["bausteine"])
        for (const auto& v : b["verstoesse"]) found.insert(v["regel"].get<std::string>());
    for (const char* expected :
         {"W1 Trägerart für den Baustein zulässig", "W1 F5 nur mit Zustimmung des Steuerkreises",
          "W2 Weiterleitungsvertrag erlegt die ANBest-P auf", "W3 Zeitraum im Bewilligungszeitraum",
          "W3 Zeitraum im Förderzeitraum des Bausteins", "W4", "W5 Betrag entspricht den Pauschalen",
          "W6 keine Doppelförderung", "W6 Sprachtest nicht doppelt bezahlt", "W7 Verwendungsnachweis fristgerecht",
          "W8 Mittel innerhalb der Frist nach Auszahlung benötigt"})
        CHECK(found.count(expected) == 1);
    CHECK(r.report["in_ordnung"] == false);
    CHECK(r.report["f6"]["stellen"] == "3");
    CHECK(r.report["f6"]["betrag"] == "459000.00");
}

TEST_CASE("the CSV report follows the German Excel conventions", "[finance]") {
    std::string csv = std::string(kHeader) + "C-1;F4;\"VHS \"\"Mitte\"\"\";vhs;ja;01.03.2021;31.08.2021;11.250,00;;;240;\n";
    Result r = evaluated(csv);
    // A cell with „;“ (the sources of the violations) is quoted, quotes doubled.
    REQUIRE(r.csv.rfind("\xEF\xBB\xBFNr.;Baustein;Träger;Betrag;Pauschalen;Landesanteil;Verwendungsnachweis;Ergebnis;Verstöße\r\n", 0) == 0);
    CHECK_THAT(r.csv, Catch::Contains("C-1;F4 Kurse;\"VHS \"\"Mitte\"\"\";11250,00;9000,00;9000,00;offen, fällig am 30.06.2023;1 Verstoß;"
                                      "\"W5 · Betrag entspricht den Pauschalen · F4 Kurse: 11.250,00 € weitergeleitet, "
                                      "Pauschalen ergeben 9.000,00 € (240 UStd × 37,50 €)"));
}

TEST_CASE("F6 positions: one per 100 Geduldete, down to half positions, at least half a position", "[finance]") {
    auto positions = [](int geduldete) {
        std::string bescheid = kBescheid;
        bescheid.replace(bescheid.find("geduldete_18_27: 150"), 20, "geduldete_18_27: " + std::to_string(geduldete));
        Result r = evaluated(kHeader, "w.csv", bescheid);
        return r.report["f6"]["stellen"].get<std::string>() + " / " + r.report["f6"]["betrag"].get<std::string>();
    };
    // Grant period 2020-04-01..2022-12-31 within F6 (2019-10-01..2022-06-30): 27 months; p6 68 000 € (example).
    CHECK(positions(0) == "0.5 / 76500.00");
    CHECK(positions(149) == "1 / 153000.00");
    CHECK(positions(150) == "1.5 / 229500.00");
    CHECK(positions(312) == "3 / 459000.00");
    CHECK(positions(1049) == "10 / 1530000.00");
}

TEST_CASE("a CSV saved by Excel as plain CSV (Windows-1252) is read with a warning, a YAML file must be UTF-8",
          "[finance]") {
    // „Träger“ and „Prüfungsgebühren“ with the Windows-1252 bytes for ä and ü.
    std::string csv = "Nr.;Baustein;Tr\xE4ger;Tr\xE4gerart;ANBest-P;von;bis;Betrag;UStd;Pr\xFC""fungsgeb\xFC""hren\r\n"
                      "K-1;F4;VHS K\xF6ln-S\xFC""d;vhs;ja;01.03.2021;31.08.2021;9.120,00;240;120,00\r\n";
    Result r = evaluated(csv, Rows::all_valid);
    CHECK_THAT(r.diagnostics, Catch::Contains("warning: die Datei ist nicht in UTF-8 gespeichert; sie wird als Windows-1252 gelesen"));
    CHECK(forwarding(r.report, "K-1")["traeger"] == "VHS Köln-Süd");
    CHECK(forwarding(r.report, "K-1")["verstoesse"].empty());

    Result y = run("- {id: \"K-\xF6\"}\n", "w.yaml");
    CHECK_FALSE(y.run.kase);
    CHECK_THAT(y.diagnostics, Catch::Contains("w.yaml:1:11: error: kein gültiges UTF-8 an dieser Stelle"));
}

TEST_CASE("a UTF-8 file (BOM) with one Windows-1252 row: that row is an error naming its cell, the rest is UTF-8",
          "[finance][encoding]") {
    std::string csv = "\xEF\xBB\xBF" + std::string(kHeader) +
                      "E-1;F4;VHS Köln-Süd;vhs;ja;01.03.2021;31.08.2021;9.000,00;;;240;\n"
                      "E-2;F4;VHS M\xFCnster;vhs;ja;01.03.2021;31.08.2021;9.000,00;;;240;\n";
    Result r = evaluated(csv, Rows::some_left_out);
    INFO(r.diagnostics);
    CHECK(r.run.rows_left_out == 1);
    CHECK_THAT(r.diagnostics, !Catch::Contains("Windows-1252 gelesen;"));  // no whole-file guess
    CHECK_THAT(r.diagnostics, Catch::Contains("w.csv:3:8: error: Zeile 3 (Nr. E-2), Spalte „Träger“: kein gültiges UTF-8 "
                                              "(als Windows-1252 gelesen „VHS Münster“, ungültiges Byte an Stelle 6)"));
    CHECK(forwarding(r.report, "E-1")["traeger"] == "VHS Köln-Süd");
    REQUIRE(r.report["ausgelassen"].size() == 1);
    CHECK(r.report["ausgelassen"][0]["spalte"] == "Träger");
    // The excerpt under the message shows the bad byte as U+FFFD: the message is UTF-8 throughout.
    CHECK_THAT(r.diagnostics, Catch::Contains("VHS M\xEF\xBF\xBDnster"));
}

TEST_CASE("a row with more cells than the header is one error, not one per shifted cell", "[finance]") {
    std::string csv = std::string(kHeader) +
                      "F-1;F4;VHS;vhs;ja;01.03.2021;31.08.2021;9.000,00;;;240;\n"
                      "F-2;F4;VHS; Neuss;vhs;ja;01.03.2021;31.08.2021;9.000,00;;;240;\n"  // ; in the Träger
                      "F-3;F4;VHS;vhs;ja;01.03.2021;31.08.2021;9.000,00;;;240;;überzählig\n"
                      "F-4;F4;VHS;vhs;ja;01.03.2021;31.08.2021;9.000,00;;;240;;;\n"  // empty cells past the end: fine
                      "F-5;F4;VHS;vhs;ja;01.03.2021;31.08.2021;9.000,00\n";          // trailing cells left out: fine
    Result r = evaluated(csv);
    INFO(r.diagnostics);
    CHECK(r.run.rows == 5);
    CHECK(r.run.rows_left_out == 2);
    CHECK(r.run.diagnostics.error_count() == 2);
    CHECK_THAT(r.diagnostics, Catch::Contains("w.csv:3:63: error: Zeile 3 hat 13 statt 12 Feldern (Nr. F-2): erlaubt sind höchstens "
                                              "so viele Felder, wie die Kopfzeile Spalten hat; steht ein „;“ in einem Text, den Text in "
                                              "Anführungszeichen setzen (\"…\") – die Zeile wird nicht geprüft"));
    CHECK_THAT(r.diagnostics, Catch::Contains("w.csv:4:57: error: Zeile 4 hat 13 statt 12 Feldern (Nr. F-3)"));
    CHECK(r.report["weiterleitungen"].size() == 3);
}

TEST_CASE("an amount too large for klappt says so and what is allowed", "[finance]") {
    Result r = run(std::string(kHeader) + "G-1;F4;VHS;vhs;ja;01.03.2021;31.08.2021;99999999999999999999,00;;;240;\n");
    INFO(r.diagnostics);
    CHECK_THAT(r.diagnostics, Catch::Contains("Spalte „Betrag“: „99999999999999999999,00“ ist zu groß für einen Betrag; "
                                              "erlaubt sind höchstens 92.233.720.368.547.758,07 €"));
    CHECK_THAT(r.diagnostics, !Catch::Contains("Nachkommastellen"));
}

TEST_CASE("dates as Excel writes them from text cells (1.1.2021) are read", "[finance]") {
    Result r = evaluated(std::string(kHeader) + "H-1;F4;VHS;vhs;ja;1.3.2021;31.8.2021;9.000,00;;;240;1.2.2022\n",
                         Rows::all_valid);
    INFO(r.diagnostics);
    CHECK(forwarding(r.report, "H-1")["verstoesse"].empty());
    Result bad = run(std::string(kHeader) + "H-2;F4;VHS;vhs;ja;31.4.2021;31.8.2021;9.000,00;;;240;\n");
    CHECK_THAT(bad.diagnostics, Catch::Contains("Spalte „von“: ungültiges Datum „31.4.2021“"));
}

TEST_CASE("rows left out are listed as „nicht geprüft“ in text, JSON and CSV, and the sums are marked incomplete",
          "[finance]") {
    std::string csv = std::string(kHeader) +
                      "N-1;F4;VHS;vhs;ja;01.03.2021;31.08.2021;9.000,00;;;240;\n"
                      "N-2;F4;VHS;vhs;ja;01.03.2021;31.08.2021;60.000,0x;;;240;\n";
    Result r = evaluated(csv);
    CHECK_THAT(r.text, Catch::Contains("Weiterleitungen gelesen: 2, davon 1 wegen Eingabefehlern nicht geprüft\n"
                                       "ACHTUNG: Summen und Ergebnisse sind unvollständig – 1 Weiterleitung (Zeile 3) fehlen darin"));
    CHECK_THAT(r.text, Catch::Contains("\nNicht geprüft (1) – nicht in den Summen\n  Zeile 3, Spalte „Betrag“: „60.000,0x“ ist kein Betrag"));
    CHECK(r.report["nicht_geprueft"] == 1);
    CHECK(r.report["summen_vollstaendig"] == false);
    CHECK(r.report["ausgelassen"][0]["zeile"] == 3);
    CHECK_THAT(r.csv, Catch::Contains("\r\nNicht geprüft: 1 Weiterleitung (Zeile 3) wegen Eingabefehlern – die Tabelle und die "
                                      "Summen sind unvollständig\r\nStatus;Zeile;Spalte;Problem\r\nnicht geprüft;3;Betrag;"));

    Result clean = run(std::string(kHeader) + "N-1;F4;VHS;vhs;ja;01.03.2021;31.08.2021;9.000,00;;;240;\n");
    CHECK(clean.report["summen_vollstaendig"] == true);
    CHECK_THAT(clean.text, !Catch::Contains("unvollständig"));
    CHECK_THAT(clean.csv, !Catch::Contains("Nicht geprüft"));
}

TEST_CASE("a Bescheid with several mistakes reports all of them in one run, each at its field's line", "[finance]") {
    std::string bescheid = "aktenzeichen: \"T-1\"\n"
                           "kommune: {name: Testkreis}\n"
                           "bewilligungszeitraum:\n"
                           "  von: 2023-04-01\n"
                           "  bis: 2022-12-31\n"
                           "landesanteile:\n"
                           "  - {baustein: F2, betrag: zwei}\n"
                           "  - {baustein: F4, betrag: 900000.00}\n"
                           "geduldete_18_27: -1\n";
    Result r = run(std::string(kHeader), "w.csv", bescheid);
    INFO(r.diagnostics);
    CHECK_FALSE(r.run.kase);
    CHECK_THAT(r.diagnostics, Catch::Contains("bescheid.yaml:4:8: error: Bescheid: bescheid.bewilligungszeitraum: der Zeitraum beginnt nach seinem Ende"));
    CHECK_THAT(r.diagnostics, Catch::Contains("bescheid.yaml:7:28: error: Bescheid: bescheid.landesanteile.1.betrag: „zwei“ ist kein Betrag"));
    CHECK_THAT(r.diagnostics, Catch::Contains("bescheid.yaml:9:18: error: Bescheid: bescheid.geduldete_18_27: die Zahl der Geduldeten muss zwischen 0 und 1.000.000 liegen"));
    // A check that reads the broken list (each Baustein once) is not run: it would only repeat the error.
    CHECK(r.run.diagnostics.error_count() == 3);
}

TEST_CASE("mutated Bescheid and forwarding files give messages or a report, never a crash", "[finance][robustness]") {
    std::string bescheid = read_file(source_dir() / "examples" / "finanzen" / "bescheid_rhein_kreis_neuss.yaml");
    std::string csv = read_file(source_dir() / "examples" / "finanzen" / "weiterleitungen.csv");
    std::string yaml = read_file(source_dir() / "examples" / "finanzen" / "weiterleitungen.yaml");
    std::mt19937 rng(4242);
    auto pick = [&](std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    const char* tokens[] = {";", ";;", "\"", "\n", "\r\n", ",", ".", "-", "99999999999999999", "31.02.2021", "ja", "F9",
                            "\xEF\xBB\xBF", "\xC3", "  ", "1.234,567", "---", ": ", "- ", "[", "{", "#"};
    auto mutate = [&](std::string s) {
        for (int e = 1 + static_cast<int>(pick(4)); e > 0 && !s.empty(); --e) {
            std::size_t at = pick(s.size());
            switch (pick(4)) {
                case 0: s[at] = static_cast<char>(pick(256)); break;
                case 1: s.erase(at, 1 + pick(30)); break;
                case 2: s.insert(at, tokens[pick(sizeof tokens / sizeof *tokens)]); break;
                default: s.insert(at, s.substr(pick(s.size()), pick(80)));
            }
        }
        return s;
    };
    int evaluated = 0, rejected = 0;
    for (int i = 0; i < 300; ++i) {
        bool use_yaml = i % 3 == 0;
        std::string b = i % 5 == 0 ? mutate(bescheid) : bescheid;
        std::string f = mutate(use_yaml ? yaml : csv);
        Result r;
        try {
            r = run(f, use_yaml ? "w.yaml" : "w.csv", b, "2023-07-15");
        } catch (const EvaluationError& e) {
            ++evaluated;  // a value the rules cannot compute is reported, not a crash
            continue;
        }
        if (r.run.kase) ++evaluated;
        else ++rejected;
        CHECK((r.run.kase || r.run.diagnostics.has_errors()));
    }
    CHECK(evaluated > 50);
    CHECK(rejected > 10);
}

TEST_CASE("a forwarding list longer than the limit is refused, not held in memory", "[finance][limits]") {
    const Program& program = finance_program();
    std::string csv = kHeader;
    for (int i = 1; i <= 4; ++i)
        csv += "C-" + std::to_string(i) + ";F4;VHS;vhs;ja;01.03.2021;31.08.2021;9.000,00;;;240;\n";
    auto b = std::make_shared<SourceFile>("bescheid.yaml", kBescheid);
    auto f = std::make_shared<SourceFile>("w.csv", csv);
    // Within the limit: all four are read.
    FinanceRun within = load_finance_run(program, b, f, day("2022-01-15"), 4);
    CHECK(within.kase);
    CHECK(within.rows == 4);
    // One row more than allowed: the run stops with a message naming the row and the limit.
    FinanceRun beyond = load_finance_run(program, b, f, day("2022-01-15"), 3);
    CHECK_FALSE(beyond.kase);
    std::string message = render(beyond.diagnostics);
    CHECK_THAT(message, Catch::Contains("w.csv:5:1"));
    CHECK_THAT(message, Catch::Contains("Zeile 5: mehr als 3 Weiterleitungen in einer Datei"));
    CHECK_THAT(message, Catch::Contains("bitte die Datei aufteilen"));
    CHECK(limits::kMaxForwardingRows == 100000);  // README, Limits
}
