// The Zwischenbilanz (klappt report) on the synthetic Kreis caseload: the CSV for Excel is
// pinned by a golden file, and its conventions are checked one by one (BOM, header row,
// `;` separator, decimal comma, CRLF); the counts are those the caseload was generated for.
#include "engine/input/case_loader.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/report/report_render.hpp"
#include "support/bundled_rules.hpp"
#include "support/golden.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

Report kreis_report(const std::string& spec_text = read_file(source_dir() / "rules" / "bericht.yaml")) {
    const Program& program = bundled_program();
    auto spec_file = std::make_shared<SourceFile>("bericht.yaml", spec_text);
    Diagnostics diagnostics;
    auto spec = load_report_spec(program, spec_file, diagnostics);
    INFO(render(diagnostics));
    REQUIRE(spec);
    ReportBuilder builder(program, *spec);
    Evaluator evaluator(program);
    auto path = source_dir() / "examples" / "kreis" / "rhein_kreis_synthetisch.yaml";
    auto file = std::make_shared<SourceFile>(path.string(), read_file(path));
    Diagnostics file_diagnostics;
    for_each_case_yaml(program, file, file_diagnostics, [&](CaseDocument& doc, const Diagnostics&) {
        if (!doc.data) return builder.add_invalid();
        evaluator.start(*doc.data);
        builder.add(evaluator);
    });
    return builder.report();
}

std::string spec_errors(const std::string& spec_text) {
    auto spec_file = std::make_shared<SourceFile>("bericht.yaml", spec_text);
    Diagnostics diagnostics;
    auto spec = load_report_spec(bundled_program(), spec_file, diagnostics);
    CHECK(!spec);
    return render(diagnostics);
}

// The measure section of a spec: everything but its `davon:` and `markiert:`.
const char* kMeasures = R"(titel: Test
aufgenommen: {wert: bericht.aufgenommen, bezeichnung: Aufgenommen}
massnahmen:
  liste: ergebnis.massnahmen
  nach: baustein
  zaehlt: foerderfaehig
  summen: [{wert: betrag, bezeichnung: Betrag}]
)";

}  // namespace

TEST_CASE("the synthetic Kreis: 255 admitted, 191 placed, as generated", "[report]") {
    Report r = kreis_report();
    CHECK(r.cases == 267);
    CHECK(r.invalid == 0);
    CHECK(r.admitted == 255);
    REQUIRE(r.persons.size() >= 2);
    CHECK(r.persons[1].count == 191);
    CHECK(r.measure_total.persons == 191);
    std::vector<std::int64_t> persons;
    for (auto& row : r.measure_rows) persons.push_back(row.persons);
    CHECK(persons == std::vector<std::int64_t>{140, 17, 14, 17, 3, 0});
    // Land share + Eigenanteil = amount, per Baustein.
    for (auto& row : r.measure_rows) CHECK(row.sums[1] + row.sums[2] == row.sums[0]);
}

TEST_CASE("the Zwischenbilanz as CSV for Excel", "[report]") {
    std::string csv = report_csv(kreis_report());
    check_golden(test_dir() / "golden" / "report" / "kreis.csv", csv);
    REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);  // UTF-8 BOM, so Excel reads the umlauts
    std::string header = csv.substr(3, csv.find("\r\n") - 3);
    CHECK(header == "Bereich;Merkmal;Schlüssel;Personen;Frauen;Maßnahmen;Betrag (EUR);Landesanteil (EUR);"
                    "Eigenanteil (EUR);mit Beispielwerten");
    CHECK(csv.find("\n") == csv.find("\r\n") + 1);  // CRLF line ends
    CHECK(csv.find("Bericht;Stichtag 30.09.2022") != std::string::npos);  // German dates
    // Amounts with a decimal comma and no thousands separator: 292.537,65 € → 292537,65.
    CHECK(csv.find(";292537,65;234030,13;58507,52;") != std::string::npos);
}

TEST_CASE("the measure table's extra columns and sentences are whatever the spec declares", "[report]") {
    Report r = kreis_report(std::string(kMeasures) + R"(  spalte: Baustein
  davon:
    - {id: weiblich, bezeichnung: davon weiblich, wert: bericht.frau}
    - {id: vermittelt, bezeichnung: vermittelt, wert: bericht.foerderfaehige_massnahme}
  markiert:
    - {id: beispiel, bezeichnung: Beispiel, wert: beispielwerte, hinweis: "Mit Beispielwerten: {}."}
    - id: gezaehlt
      bezeichnung: gezählt
      wert: foerderfaehig
      hinweis: {einzahl: "eine gezählt", mehrzahl: "{} von {} gezählt"}
)");
    REQUIRE(r.subset_columns.size() == 2);
    REQUIRE(r.marked_columns.size() == 2);
    CHECK(r.measure_total.subsets == std::vector<std::int64_t>{56, r.measure_total.persons});  // every placed person is vermittelt
    CHECK(r.measure_total.marked == std::vector<std::int64_t>{49, 191});

    std::string text = report_text(r);
    INFO(text);
    CHECK(text.find("\n  Baustein                          Personen  davon weiblich  vermittelt  Maßnahmen") != std::string::npos);
    CHECK(text.find("\nMit Beispielwerten: 49.\n191 von 191 gezählt\n") != std::string::npos);
    CHECK(text.find("Frauen") == std::string::npos);
    CHECK(text.find("Bescheid") == std::string::npos);

    std::string csv = report_csv(r);
    CHECK(csv.substr(3, csv.find("\r\n") - 3) ==
          "Bereich;Merkmal;Schlüssel;Personen;davon weiblich;vermittelt;Maßnahmen;Betrag (EUR);Beispiel;gezählt");
    std::string json = report_json(r);
    CHECK(json.find(R"("summe": {"personen": 191, "weiblich": 56, "vermittelt": 191, "massnahmen": 191, "betrag": )") !=
          std::string::npos);
    CHECK(json.find(R"(, "beispiel": 49, "gezaehlt": 191}})") != std::string::npos);
    CHECK(json.find("frauen") == std::string::npos);
    CHECK(report_notes(r) == std::vector<std::string>{"Mit Beispielwerten: 49.", "191 von 191 gezählt"});
}

TEST_CASE("a spec without davon and markiert has no extra columns and no sentence", "[report]") {
    Report r = kreis_report(kMeasures);
    CHECK(r.subset_columns.empty());
    CHECK(r.marked_columns.empty());
    std::string text = report_text(r);
    CHECK(text.find("  Förderbaustein                    Personen  Maßnahmen") != std::string::npos);  // the enum's label
    CHECK(text.substr(text.size() - 2) != "\n\n");
    CHECK(report_notes(r).empty());
}

TEST_CASE("mistakes in davon and markiert name the line, the entry and what is allowed", "[report]") {
    std::string d = spec_errors(std::string(kMeasures) + R"(  frauen: bericht.frau
  davon:
    - {id: frauen, bezeichnung: Frauen, wert: bericht.fraa}
    - {id: betrag, wert: bericht.frau}
    - {bezeichnung: ohne id, wert: bericht.frau}
    - {id: farbig, wert: bericht.frau, farbe: blau}
  markiert:
    - {id: beispiel, wert: beispielwert, hinweis: "ohne Zahl"}
    - {id: zwei, wert: foerderfaehig, hinweis: {einzahl: "{}", mehrzahl: "{} {} {}"}}
    - {id: falsch, wert: betrag}
)");
    INFO(d);
    CHECK(d.find("bericht.yaml:8:3: error: unbekannter Eintrag „frauen“; erlaubt: liste, bezeichnung, nach, spalte, zaehlt, "
                 "davon, summen, markiert") != std::string::npos);
    CHECK(d.find("bericht.yaml:10:47: error: massnahmen.davon.frauen.wert: keine Definition „bericht.fraa“ in einem Modul "
                 "ohne Parameter; meinten Sie „bericht.frau“?") != std::string::npos);
    CHECK(d.find("bericht.yaml:11:12: error: massnahmen.davon: „betrag“ ist schon ein Schlüssel der Zeilen") != std::string::npos);
    CHECK(d.find("massnahmen.davon: „id:“ fehlt (Schlüssel in JSON)") != std::string::npos);
    CHECK(d.find("unbekannter Eintrag „farbe“; erlaubt: id, bezeichnung, wert") != std::string::npos);
    CHECK(d.find("massnahmen.markiert.beispiel.wert: „massnahme“ hat keine Definition „beispielwert“; meinten Sie "
                 "„beispielwerte“?") != std::string::npos);
    CHECK(d.find("massnahmen.markiert.zwei.hinweis.mehrzahl: erwartet einmal {}") != std::string::npos);
    CHECK(d.find("massnahmen.markiert.falsch.wert: „massnahme.betrag“ ist money, erwartet bool") != std::string::npos);
    CHECK(spec_errors(std::string(kMeasures) + "  markiert: beispielwerte\n")
              .find("massnahmen.markiert: erwartet eine Liste von {id, bezeichnung, wert, hinweis}") != std::string::npos);
    CHECK(spec_errors(std::string(kMeasures) + "  markiert: [{id: b, wert: beispielwerte, hinweis: \"{}\"}]\n"
                                               "  davon: [{id: b, wert: bericht.frau}]\n")
              .find("massnahmen.markiert: „b“ ist schon ein Schlüssel der Zeilen") != std::string::npos);
}
