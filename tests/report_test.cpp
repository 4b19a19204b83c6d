// The Zwischenbilanz (klappt report) on the synthetic Kreis caseload: the CSV for Excel is
// pinned by a golden file, and its conventions are checked one by one (BOM, header row,
// `;` separator, decimal comma, CRLF); the counts are those the caseload was generated for.
#include "engine/input/case_loader.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/report/report.hpp"
#include "support/bundled_rules.hpp"
#include "support/golden.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

Report kreis_report() {
    const Program& program = bundled_program();
    auto spec_file = std::make_shared<SourceFile>("bericht.yaml", read_file(source_dir() / "rules" / "bericht.yaml"));
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
