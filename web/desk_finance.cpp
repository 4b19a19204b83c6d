// Finance staff's pages: upload the Zuwendungsbescheid and the forwarding CSV as Excel
// saves it, see the W1–W8 report, download it as German CSV; the Zwischenbilanz of the
// stored cases; the rule set's identity and example values; the finance and question APIs.
#include <nlohmann/json.hpp>

#include "dsl/file_kind.hpp"
#include "engine/base/calendar.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/finance/finance_report.hpp"
#include "engine/finance/forwarding_loader.hpp"
#include "engine/base/money.hpp"
#include "engine/report/report_render.hpp"
#include "web/checking.hpp"
#include "web/desk_support.hpp"
#include "web/typed_view.hpp"

namespace klappt::web {

namespace {

// A finance run of uploaded files, evaluated once and rendered as asked.
struct FinanceOutcome {
    int status = 200;
    std::string problem;  // German, when nothing could be checked
    std::string json, csv;
    std::vector<LeftOutRow> left_out;
    std::uint32_t rows = 0, rows_left_out = 0;
    std::string warnings;  // e.g. „read as Windows-1252“
    FinanceVerdict verdict;
};

FinanceOutcome run_finance(const Program& program, const std::string& bescheid_name, const std::string& bescheid_text,
                           const std::string& file_name, const std::string& file_text, const std::string& check_date) {
    FinanceOutcome out;
    DayNumber day = today();
    if (!check_date.empty()) {
        auto parsed = calendar::parse(check_date);
        if (!parsed) {
            out.status = 400;
            out.problem = "Stichtag „" + check_date + "“ ist kein gültiges Datum (erwartet TT.MM.JJJJ)";
            return out;
        }
        day = calendar::day_number(*parsed);
    }
    if (bescheid_text.empty() || file_text.empty()) {
        out.status = 400;
        out.problem = bescheid_text.empty() ? "Der Zuwendungsbescheid (YAML-Datei) fehlt." : "Die Datei mit den Weiterleitungen fehlt.";
        return out;
    }
    auto bescheid = std::make_shared<const SourceFile>(bescheid_name.empty() ? "bescheid.yaml" : bescheid_name, bescheid_text);
    auto forwardings = std::make_shared<const SourceFile>(file_name.empty() ? "weiterleitungen.csv" : file_name, file_text);
    // The workbook itself instead of the CSV saved from it is the likeliest upload mistake.
    for (const SourceRef& upload : {bescheid, forwardings})
        if (auto what = not_text_file(upload->text())) {
            out.status = 400;
            out.problem = not_text_file_error(upload->name(), *what);
            return out;
        }
    FinanceRun run = load_finance_run(program, bescheid, forwardings, day);
    out.rows = run.rows;
    out.left_out = run.left_out;
    out.rows_left_out = run.rows_left_out;
    if (!run.kase) {
        out.status = 400;
        out.problem = render(run.diagnostics);
        return out;
    }
    for (const Diagnostic& d : run.diagnostics.items())
        if (d.severity == Severity::warning) out.warnings += d.message + "\n";
    const CaseResult& result = thread_runner(program).run(*run.kase);
    if (!result.evaluated()) {
        out.status = 400;
        out.problem = "nicht auswertbar: " + result.error;
        return out;
    }
    out.json = finance_report_json(result, run);
    out.csv = finance_report_csv(result, &run);
    out.verdict = finance_verdict(result);
    return out;
}

std::string upload_form(const Desk::Visitor& v, const std::string& check_date) {
    return "<form method=\"post\" action=\"/finanzen\" enctype=\"multipart/form-data\" class=\"schmal-form\">" + csrf_field(v) +
           "<div class=\"feld\"><label for=\"bescheid\">Zuwendungsbescheid (YAML-Datei)</label>"
           "<input type=\"file\" id=\"bescheid\" name=\"bescheid\" accept=\".yaml,.yml\"></div>"
           "<div class=\"feld\"><label for=\"weiterleitungen\">Weiterleitungen (CSV aus Excel oder YAML)</label>"
           "<div class=\"hinweis\" id=\"weiterleitungen-hinweis\">So wie Excel sie speichert: „CSV (Trennzeichen-getrennt)“ oder „CSV UTF-8“.</div>"
           "<input type=\"file\" id=\"weiterleitungen\" name=\"weiterleitungen\" accept=\".csv,.txt,.yaml,.yml\" aria-describedby=\"weiterleitungen-hinweis\"></div>"
           "<div class=\"feld schmal\"><label for=\"stichtag\">Prüfdatum <span class=\"optional\">(optional)</span></label>"
           "<div class=\"hinweis\" id=\"stichtag-hinweis\">TT.MM.JJJJ; ohne Angabe: heute</div>"
           "<input type=\"text\" id=\"stichtag\" name=\"stichtag\" inputmode=\"numeric\" value=\"" + escape(check_date) +
           "\" aria-describedby=\"stichtag-hinweis\"></div>"
           "<div class=\"knopfreihe\"><button type=\"submit\" class=\"knopf\" name=\"ausgabe\" value=\"seite\">Prüfen</button> "
           "<button type=\"submit\" class=\"knopf zweit\" name=\"ausgabe\" value=\"csv\">Prüfen und als CSV für Excel herunterladen</button></div></form>";
}

std::string file_content(const httplib::Request& req, const std::string& name) {
    return req.has_file(name) ? req.get_file_value(name).content : "";
}
std::string file_name(const httplib::Request& req, const std::string& name) {
    return req.has_file(name) ? req.get_file_value(name).filename : "";
}

}  // namespace

void Desk::finance_page(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, false, true);
    if (!v) return;
    std::string body = "<p>Prüft jede Weiterleitung an einen Bildungsträger gegen den Zuwendungsbescheid und die Richtlinie (W1–W8). "
                       "Die Dateien werden nur geprüft, nicht gespeichert.</p>";
    if (!rules_.finance) body += "<p>Das Finanzregelwerk ist nicht geladen.</p>";
    else body += upload_form(*v, "");
    send_page(res, page(context(*v), "Weiterleitungen prüfen", body, "finanzen"));
}

void Desk::finance_post(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, false, true);
    if (!v) return;
    if (!csrf_ok(req, *v, res)) return;
    if (!rules_.finance) return redirect(res, "/finanzen");
    std::string check_date = file_content(req, "stichtag");
    FinanceOutcome outcome = run_finance(*rules_.finance, file_name(req, "bescheid"), file_content(req, "bescheid"),
                                         file_name(req, "weiterleitungen"), file_content(req, "weiterleitungen"), check_date);
    event(*v, "Weiterleitungen geprüft");
    if (outcome.problem.empty() && file_content(req, "ausgabe") == "csv") {
        res.set_header("Content-Disposition", "attachment; filename=\"weiterleitungen_bericht.csv\"");
        res.set_content(outcome.csv, "text/csv; charset=utf-8");
        return;
    }
    std::string body;
    if (!outcome.problem.empty()) {
        res.status = 400;
        body += "<div class=\"fehlerliste\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"fehlerliste-titel\"><h2 id=\"fehlerliste-titel\">Nichts geprüft: die Eingaben enthalten Fehler</h2><pre>" +
                escape(outcome.problem) + "</pre></div>";
        body += upload_form(*v, check_date);
        return send_page(res, page(context(*v), "Weiterleitungen prüfen", body, "finanzen"));
    }
    nlohmann::ordered_json report = nlohmann::ordered_json::parse(outcome.json, nullptr, false);
    body += "<div class=\"urteil " + std::string(outcome.verdict.in_order ? "ja" : "nein") + "\"><p class=\"urteil-titel\">" +
            escape(outcome.verdict.sentence) + "</p><p>" +
            std::to_string(outcome.rows) + " Weiterleitungen gelesen, Stichtag " + escape(german_date(report.value("stichtag", ""))) + ".</p></div>";
    if (!outcome.warnings.empty()) body += "<div class=\"hinweis-box\"><p>" + escape(outcome.warnings) + "</p></div>";
    if (!outcome.left_out.empty()) {
        // The same words as klappt weiterleitung's report: „nicht geprüft“, sums incomplete.
        body += "<section class=\"ausgelassen\" aria-labelledby=\"ausgelassen-titel\"><h2 id=\"ausgelassen-titel\">Nicht geprüft (" +
                std::to_string(outcome.rows_left_out) + (outcome.rows_left_out == 1 ? " Weiterleitung" : " Weiterleitungen") +
                ") – nicht in den Summen; Summen und Ergebnisse sind unvollständig</h2><table class=\"tabelle\"><thead><tr><th scope=\"col\">Zeile</th>"
                "<th scope=\"col\">Spalte</th><th scope=\"col\">Problem</th></tr></thead><tbody>";
        for (const LeftOutRow& r : outcome.left_out)
            body += "<tr><td>" + std::to_string(r.line) + "</td><td>" + escape(r.column) + "</td><td>" + escape(r.message) + "</td></tr>";
        body += "</tbody></table></section>";
    }
    body += typed_report_html(*rules_.finance, report);
    body += "<h2>Noch einmal prüfen</h2>" + upload_form(*v, check_date);
    send_page(res, page(context(*v), "Prüfbericht Weiterleitungen", body, "finanzen"));
}

void Desk::balance_page(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, false, false);
    if (!v) return;
    const Program& program = *rules_.cases;
    std::string check_text = req.get_param_value("stichtag");
    std::optional<DayNumber> check_date;
    std::string problem;
    if (!check_text.empty()) {
        if (auto d = calendar::parse(check_text)) check_date = calendar::day_number(*d);
        else problem = "„" + check_text + "“ ist kein gültiges Datum (erwartet TT.MM.JJJJ).";
    }
    if (!rules_.report) return send_page(res, page(context(*v), "Zwischenbilanz", "<p>Die Berichtsdefinition (bericht.yaml) fehlt im Regelwerk.</p>", "bilanz"));
    ReportBuilder builder(program, *rules_.report);
    CaseRunner& runner = thread_runner(program);
    if (problem.empty()) {
        for (const StoredCase& c : store_.all_cases()) {
            auto file = std::make_shared<const SourceFile>("Fall", c.yaml);
            Diagnostics diagnostics;
            for_each_case_yaml(program, file, diagnostics, [&](CaseDocument& doc, const Diagnostics&) {
                if (!doc.data) return builder.add_invalid();
                if (check_date && program.rules.check_date_input) doc.data->inputs[*program.rules.check_date_input] = Value::date(*check_date);
                // As klappt report: the case through the runner, then the report's counts.
                try {
                    if (runner.run(*doc.data).evaluated()) builder.add(runner.evaluator());
                    else builder.add_invalid();
                } catch (const EvaluationError&) {
                    builder.add_invalid();
                }
            });
        }
    }
    const Report& report = builder.report();
    if (req.get_param_value("format") == "csv" && problem.empty()) {
        res.set_header("Content-Disposition", "attachment; filename=\"zwischenbilanz.csv\"");
        res.set_content(report_csv(report), "text/csv; charset=utf-8");
        return;
    }
    std::string body;
    if (!problem.empty())
        body += "<div class=\"fehlerliste\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"fehlerliste-titel\"><h2 id=\"fehlerliste-titel\">Es gibt ein Problem</h2><ul><li><a href=\"#stichtag\">" +
                escape(problem) + "</a></li></ul></div>";
    body += "<form method=\"get\" action=\"/bilanz\" class=\"leiste\"><div class=\"feld schmal\"><label for=\"stichtag\">Stichtag <span class=\"optional\">(optional)</span></label>"
            "<div class=\"hinweis\" id=\"stichtag-hinweis\">TT.MM.JJJJ; ohne Angabe gilt der Stichtag jedes Falls</div>"
            "<input type=\"text\" id=\"stichtag\" name=\"stichtag\" inputmode=\"numeric\" value=\"" + escape(check_text) +
            "\" aria-describedby=\"stichtag-hinweis\"></div><button type=\"submit\" class=\"knopf zweit\">Bilanz ziehen</button> "
            "<button type=\"submit\" class=\"knopf zweit\" name=\"format\" value=\"csv\">Als CSV für Excel herunterladen</button></form>";
    body += "<p>" + std::to_string(report.cases) + " gespeicherte Fälle";
    if (report.invalid) body += ", davon " + std::to_string(report.invalid) + " nicht auswertbar (nicht mitgezählt)";
    body += ".</p>";
    body += "<table class=\"tabelle\"><caption>Personen</caption><tbody><tr><th scope=\"row\">" + escape(report.admitted_label) +
            "</th><td class=\"zahl\">" + std::to_string(report.admitted) + "</td></tr>";
    for (const ReportPersonCount& p : report.persons) {
        if (!p.by_enum) {
            body += "<tr><th scope=\"row\">" + escape(p.label) + "</th><td class=\"zahl\">" + std::to_string(p.count) + "</td></tr>";
            continue;
        }
        body += "<tr><th scope=\"row\" colspan=\"2\" class=\"gruppe-titel\">" + escape(p.label) + "</th></tr>";
        for (const ReportRow& r : p.rows)
            body += "<tr><th scope=\"row\" class=\"eingerueckt\">" + escape(r.label) + "</th><td class=\"zahl\">" + std::to_string(r.count) + "</td></tr>";
    }
    body += "</tbody></table>";
    body += "<div class=\"tabelle-rahmen\" role=\"region\" aria-label=\"" + escape(report.measures_label) + "\" tabindex=\"0\"><table class=\"tabelle\"><caption>" +
            escape(report.measures_label) + "</caption><thead><tr><th scope=\"col\">" + escape(report.group_label) +
            "</th><th scope=\"col\">Personen</th>";
    for (const ReportColumn& c : report.subset_columns) body += "<th scope=\"col\">" + escape(c.label) + "</th>";
    body += "<th scope=\"col\">Maßnahmen</th>";
    for (const std::string& l : report.sum_labels) body += "<th scope=\"col\">" + escape(l) + "</th>";
    body += "</tr></thead><tbody>";
    auto measure_row = [&](const ReportMeasureRow& r, bool total) {
        std::string cell = total ? "th scope=\"row\"" : "td";
        std::string out = "<tr" + std::string(total ? " class=\"summe\"" : "") + "><" + (total ? std::string("th scope=\"row\"") : std::string("th scope=\"row\"")) + ">" +
                          escape(total ? "Summe" : r.label) + "</th><td class=\"zahl\">" + std::to_string(r.persons) + "</td>";
        for (std::int64_t n : r.subsets) out += "<td class=\"zahl\">" + std::to_string(n) + "</td>";
        out += "<td class=\"zahl\">" + std::to_string(r.measures) + "</td>";
        for (std::int64_t cents : r.sums) out += "<td class=\"zahl\">" + escape(money::german(cents)) + "</td>";
        return out + "</tr>";
    };
    for (const ReportMeasureRow& r : report.measure_rows) body += measure_row(r, false);
    body += measure_row(report.measure_total, true);
    body += "</tbody></table></div>";
    for (const std::string& note : report_notes(report)) body += "<p class=\"hinweis-beispiel\">" + escape(note) + "</p>";
    send_page(res, page(context(*v), report.title.empty() ? "Zwischenbilanz" : report.title, body, "bilanz"));
}

void Desk::rules_page(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, false, false);
    if (!v) return;
    nlohmann::json r = nlohmann::json::parse(rules_json(*rules_.cases, rules_.finance.get()));
    auto block = [](const nlohmann::json& set, const std::string& title) {
        std::string out = "<h2>" + escape(title) + "</h2><dl class=\"werte\"><div class=\"zeile\"><dt>Name</dt><dd>" + escape(set.value("name", "")) +
                          "</dd></div><div class=\"zeile\"><dt>Version</dt><dd>" + escape(set.value("version", "")) +
                          "</dd></div><div class=\"zeile\"><dt>SHA-256</dt><dd class=\"hash\">" + escape(set.value("sha256", "")) + "</dd></div></dl>";
        if (set["beispielwerte"].empty()) return out + "<p>Keine Beispielwerte: alle Werte sind Fakten oder Auslegungen.</p>";
        out += "<table class=\"tabelle\"><caption>Beispielwerte (keine Rechtswerte; Ergebnisse, die sie verwenden, sagen es)</caption><thead><tr>"
               "<th scope=\"col\">Wert</th><th scope=\"col\">Betrag/Angabe</th><th scope=\"col\">gilt</th><th scope=\"col\">Quelle</th></tr></thead><tbody>";
        for (const auto& e : set["beispielwerte"]) {
            std::string from = e["ab"].is_string() ? german_date(e["ab"].get<std::string>()) : "";
            std::string to = e["bis"].is_string() ? german_date(e["bis"].get<std::string>()) : "";
            out += "<tr><td>" + escape(e.value("bezeichnung", e.value("name", ""))) + "</td><td>" + escape(e.value("wert", "")) + "</td><td>" +
                   escape(from.empty() && to.empty() ? "immer" : (from.empty() ? "" : "ab " + from) + (to.empty() ? "" : " bis " + to)) +
                   "</td><td>" + escape(e.value("quelle", "")) + "</td></tr>";
        }
        return out + "</tbody></table>";
    };
    std::string body = block(r, "Förderregeln");
    if (r.contains("finanzen")) body += block(r["finanzen"], "Finanzregeln (Weiterleitungen)");
    send_page(res, page(context(*v), "Regelwerk", body, "regeln"));
}

void Desk::api_forwarding(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res, false, true, true)) return;
    if (!rules_.finance) return send_json_error(res, 400, "Das Finanzregelwerk ist nicht geladen");
    std::string bescheid, bescheid_name, file, name, check_date;
    if (req.is_multipart_form_data()) {
        bescheid = file_content(req, "bescheid");
        bescheid_name = file_name(req, "bescheid");
        file = file_content(req, "weiterleitungen");
        name = file_name(req, "weiterleitungen");
        check_date = file_content(req, "stichtag");
    } else {
        nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object())
            return send_json_error(res, 400, "erwartet multipart/form-data (bescheid, weiterleitungen, stichtag) oder JSON "
                                             "{\"bescheid\": YAML-Text, \"weiterleitungen\": CSV-Text, \"format\": \"csv\"|\"yaml\", \"stichtag\": …}");
        bescheid = body.value("bescheid", "");
        file = body.value("weiterleitungen", "");
        name = body.value("format", "csv") == "yaml" ? "weiterleitungen.yaml" : "weiterleitungen.csv";
        check_date = body.value("stichtag", "");
    }
    FinanceOutcome outcome = run_finance(*rules_.finance, bescheid_name, bescheid, name, file, check_date);
    if (!outcome.problem.empty()) return send_json_error(res, outcome.status, outcome.problem);
    res.set_content(outcome.json + "\n", "application/json; charset=utf-8");
}

}  // namespace klappt::web
