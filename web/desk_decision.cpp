// Entscheidung and Prüfvermerk: the caseworker takes the result over or deviates
// from it (with a reason), adds further circumstances; the decision is stored with
// the facts and the result it was made on, and printed as a one-page Prüfvermerk.
#include <nlohmann/json.hpp>

#include "web/case_form.hpp"
#include "web/checking.hpp"
#include "web/desk_support.hpp"
#include "web/result_view.hpp"

namespace klappt::web {

namespace {

// The facts of a case as label: value lines, from the YAML tree and the rule set's labels.
void facts_rows(const Program& program, const YAML::Node& node, const std::string& path, std::string& out) {
    if (node.IsMap()) {
        for (auto it = node.begin(); it != node.end(); ++it)
            facts_rows(program, it->second, path.empty() ? it->first.Scalar() : path + "." + it->first.Scalar(), out);
    } else if (node.IsSequence()) {
        std::size_t i = 0;
        for (const auto& item : node) facts_rows(program, item, path + "." + std::to_string(++i), out);
    } else if (node.IsScalar()) {
        std::string value = field_display(program, path, node.Scalar());
        out += "<div class=\"zeile\"><dt>" + escape(field_label(program, path)) + "</dt><dd>" + escape(value) + "</dd></div>";
    }
}

}  // namespace

void Desk::decision_page(const httplib::Request& req, httplib::Response& res) {
    auto visit = admit_to_case(req, res, kBackToCases);
    if (!visit) return;
    const auto& [v, stored] = *visit;
    std::int64_t id = stored.id;
    const Program& program = *rules_.cases;
    CheckRun run = check_cases(program, stored.yaml, "Fall");
    bool valid = !run.cases.empty() && run.cases.front().valid;
    std::string problem = req.get_param_value("fehler");
    std::string out;
    if (!problem.empty())
        out += "<div class=\"fehlerliste\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"fehlerliste-titel\"><h2 id=\"fehlerliste-titel\">Es gibt ein Problem</h2><ul><li><a href=\"#" +
               std::string(problem == "begruendung" ? "begruendung" : "art-uebernommen") + "\">" +
               (problem == "begruendung" ? "Bitte begründen Sie, warum Sie vom Ergebnis abweichen." : "Bitte wählen Sie, ob Sie das Ergebnis übernehmen oder abweichen.") +
               "</a></li></ul></div>";
    if (!valid) {
        out += "<p>Für diesen Fall gibt es noch kein Ergebnis (es fehlen Angaben). <a href=\"/faelle/" + std::to_string(id) +
               "\">Zurück zum Fall</a></p>";
        return send_page(res, page(context(v), "Entscheidung", out, "faelle"));
    }
    out += "<p>Fall „" + escape(stored.kennung) + "“ – Ergebnis: <strong>" + escape(short_verdict(run.cases.front())) +
           "</strong>. <a href=\"/faelle/" + std::to_string(id) + "\">Zurück zum Fall</a></p>";
    out += "<form method=\"post\" class=\"schmal-form\">" + csrf_field(v) +
           "<fieldset class=\"gruppe\"" + (problem == "art" ? " aria-describedby=\"art-fehler\"" : "") + "><legend>Wie entscheiden Sie?</legend>" +
           (problem == "art" ? "<p class=\"fehlermeldung\" id=\"art-fehler\"><span class=\"versteckt\">Fehler: </span>Bitte eine Möglichkeit wählen.</p>" : "") +
           "<div class=\"feld auswahl\"><input type=\"radio\" id=\"art-uebernommen\" name=\"art\" value=\"uebernommen\"><label for=\"art-uebernommen\">Ergebnis übernehmen</label></div>"
           "<div class=\"feld auswahl\"><input type=\"radio\" id=\"art-abweichend\" name=\"art\" value=\"abweichend\"><label for=\"art-abweichend\">Abweichend entscheiden</label></div>"
           "</fieldset>"
           "<div class=\"feld" + std::string(problem == "begruendung" ? " mit-fehler" : "") + "\"><label for=\"begruendung\">Begründung der Abweichung</label>"
           "<div class=\"hinweis\" id=\"begruendung-hinweis\">Pflicht, wenn Sie abweichend entscheiden.</div>" +
           (problem == "begruendung" ? "<p class=\"fehlermeldung\" id=\"begruendung-fehler\"><span class=\"versteckt\">Fehler: </span>Bitte eine Begründung angeben.</p>" : "") +
           "<textarea id=\"begruendung\" name=\"begruendung\" rows=\"4\" aria-describedby=\"begruendung-hinweis" + (problem == "begruendung" ? " begruendung-fehler" : "") + "\"></textarea></div>"
           "<div class=\"feld\"><label for=\"notiz\">Weitere Umstände <span class=\"optional\">(optional)</span></label>"
           "<textarea id=\"notiz\" name=\"notiz\" rows=\"3\"></textarea></div>"
           "<button type=\"submit\" class=\"knopf\">Entscheidung speichern</button></form>";
    send_page(res, page(context(v), "Entscheidung erfassen", out, "faelle"));
}

void Desk::decision_post(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, true, false);
    if (!v) return;
    if (req.body.size() > kBodyLimit) return send_too_large(res, kBodyLimit);
    if (!csrf_ok(req, *v, res)) return;
    std::int64_t id = path_id(req);
    auto stored = store_.find_case(id);
    if (!stored) {
        res.status = 404;
        return;
    }
    std::string base = "/faelle/" + std::to_string(id) + "/entscheidung";
    std::string kind = req.get_param_value("art");
    std::string reason = req.get_param_value("begruendung");
    bool blank_reason = reason.find_first_not_of(" \t\r\n") == std::string::npos;
    if (kind != "uebernommen" && kind != "abweichend") return redirect(res, base + "?fehler=art");
    if (kind == "abweichend" && blank_reason) return redirect(res, base + "?fehler=begruendung");
    // The check the decision is taken on and the decision itself go on the Prüfprotokoll first:
    // what the Prüfvermerk shows is on record.
    std::optional<RecordedCheck> check;
    std::int64_t decision_nr = 0;
    try {
        check = record_check(*v, stored->yaml);
        if (!check) return redirect(res, base);
        decision_nr = record_decision(*v, check->nr, kind == "abweichend", blank_reason ? "" : reason, req.get_param_value("notiz"));
    } catch (const protokoll::Error& e) {
        res.status = 503;
        return send_page(res, page(context(*v), "Entscheidung nicht gespeichert",
                                   "<div class=\"fehlerliste\" role=\"alert\" tabindex=\"-1\"><h2>Es gibt ein Problem</h2><p>Die Entscheidung wurde nicht gespeichert, "
                                   "weil das Prüfprotokoll nicht geschrieben werden konnte: " + escape(e.what()) +
                                   "</p></div><p><a href=\"/faelle/" + std::to_string(id) + "/entscheidung\">Erneut versuchen</a></p>", "faelle"));
    }
    Decision d;
    d.case_id = id;
    d.kind = kind;
    d.reason = blank_reason ? "" : reason;
    d.note = req.get_param_value("notiz");
    d.user = v->session.user;
    d.time = now_iso();
    d.result_json = check->explained_json;
    d.case_yaml = stored->yaml;
    d.record = "Prüfung Nr. " + std::to_string(check->nr) + ", Entscheidung Nr. " + std::to_string(decision_nr);
    std::int64_t decision = store_.add_decision(d);
    event(*v, kind == "abweichend" ? "Entscheidung erfasst (abweichend)" : "Entscheidung erfasst (übernommen)", id);
    redirect(res, "/faelle/" + std::to_string(id) + "/vermerk/" + std::to_string(decision));
}

void Desk::note_page(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, true, false);
    if (!v) return;
    std::int64_t id = path_id(req, 1), decision_id = path_id(req, 2);
    auto d = store_.find_decision(decision_id);
    if (!d || d->case_id != id) {
        res.status = 404;
        return send_page(res, page(context(*v), "Prüfvermerk nicht gefunden", "<p><a href=\"/faelle\">Zur Fallliste</a></p>", "faelle"));
    }
    const Program& program = *rules_.cases;
    nlohmann::ordered_json result = nlohmann::ordered_json::parse(d->result_json, nullptr, false);
    CheckedCase checked;
    checked.id = result.value("fall", "");
    checked.valid = true;
    checked.json = d->result_json;
    std::string out = "<div class=\"vermerk\">";
    out += "<div class=\"kopfzeile\"><h1>Prüfvermerk</h1><p class=\"nicht-drucken\"><button type=\"button\" class=\"knopf\" data-drucken>Prüfvermerk drucken</button> "
           "<a href=\"/faelle/" + std::to_string(id) + "\">Zurück zum Fall</a></p></div>";
    out += "<p class=\"untertitel\">Förderprüfung „Durchstarten in Ausbildung und Arbeit“ / „Gemeinsam klappt’s“</p>";
    out += "<table class=\"vermerk-kopf\"><tbody>"
           "<tr><th scope=\"row\">Fall</th><td>" + escape(result.value("fall", "")) + "</td></tr>"
           "<tr><th scope=\"row\">Stichtag</th><td>" + escape(german_date(result.value("stichtag", ""))) + "</td></tr>"
           "<tr><th scope=\"row\">Entschieden am</th><td>" + escape(german_date(d->time.substr(0, 10)) + " " + d->time.substr(11, 5)) + " UTC</td></tr>"
           "<tr><th scope=\"row\">von</th><td>" + escape(d->user.empty() ? "Einzelplatz (ohne Anmeldung)" : d->user) + "</td></tr>"
           "<tr><th scope=\"row\">Regelwerk</th><td>" + escape(program.manifest.name) + ", Version " +
           escape(result.contains("regeln") ? result["regeln"].value("version", "") : "") + "<br><span class=\"hash\">SHA-256 " +
           escape(result.contains("regeln") ? result["regeln"].value("sha256", "") : "") + "</span></td></tr>";
    if (!d->record.empty()) out += "<tr><th scope=\"row\">Prüfprotokoll</th><td>" + escape(d->record) + "</td></tr>";
    out += "</tbody></table>";
    out += "<h2>Entscheidung</h2><p class=\"entscheidung\"><strong>" +
           std::string(d->kind == "abweichend" ? "Abweichend vom Ergebnis entschieden" : "Ergebnis übernommen") + "</strong></p>";
    if (!d->reason.empty()) out += "<p><strong>Begründung:</strong> " + escape(d->reason) + "</p>";
    if (!d->note.empty()) out += "<p><strong>Weitere Umstände:</strong> " + escape(d->note) + "</p>";
    out += "<h2>Angaben</h2><dl class=\"werte angaben\">";
    facts_rows(program, tree_from_yaml(d->case_yaml), "", out);
    out += "</dl>";
    out += render_result(program, checked, {});
    out += "<p class=\"unterschrift\">Datum, Unterschrift: ______________________________</p></div>";
    send_page(res, page(context(*v), "Prüfvermerk " + result.value("fall", ""), out, "faelle", true));
}

}  // namespace klappt::web
