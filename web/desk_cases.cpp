// The caseworker's pages: the list of cases with search, a case as a form with its
// result beside it, import and export of io.md YAML, deleting a case.
#include <nlohmann/json.hpp>

#include "dsl/file_kind.hpp"
#include "engine/base/calendar.hpp"
#include "engine/input/yaml_support.hpp"
#include "web/case_form.hpp"
#include "web/checking.hpp"
#include "web/desk_support.hpp"
#include "web/interview_view.hpp"
#include "web/result_view.hpp"
#include "web/ways_view.hpp"

namespace klappt::web {

namespace {

std::string case_id_of(const Program& program, const YAML::Node& tree) {
    for (auto it = tree.begin(); it != tree.end(); ++it)
        if (it->first.Scalar() == program.manifest.case_id && it->second.IsScalar()) return it->second.Scalar();
    return "";
}

// The timeline chart scales with the column: give it a viewBox when it has none.
std::string scalable_svg(std::string svg) {
    if (svg.find("viewBox") != std::string::npos) return svg;
    auto attribute = [&](const std::string& name) {
        std::size_t p = svg.find(name + "=\"");
        if (p == std::string::npos) return std::string();
        std::size_t b = p + name.size() + 2, e = svg.find('"', b);
        return svg.substr(b, e - b);
    };
    std::string w = attribute("width"), h = attribute("height");
    if (w.empty() || h.empty() || svg.rfind("<svg ", 0) != 0) return svg;
    return "<svg viewBox=\"0 0 " + w + " " + h + "\" preserveAspectRatio=\"xMinYMin meet\" " + svg.substr(5);
}

FormFields fields_of(const httplib::Request& req) {
    FormFields fields;
    for (const auto& [k, v] : req.params) fields.emplace(k, v);
    return fields;
}

std::string safe_file_name(const std::string& id) {
    std::string out;
    for (char c : id) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
    return out.empty() ? "fall" : out;
}

}  // namespace

std::string Desk::result_panel(const std::string& yaml, const CheckRun& run, const std::optional<Interview>& asked) {
    const Program& program = *rules_.cases;
    if (asked && !asked->settled) return render_questions(program, *asked);
    if (asked) {
        // Settled although some fields are empty: every completion gives this result.
        CheckedCase settled{run.cases.empty() ? "" : run.cases.front().id, true, asked->result_json, "", {}};
        return render_questions(program, *asked) + render_result(program, settled, {});
    }
    if (run.cases.empty()) {
        CheckedCase broken;
        broken.errors = {{"", run.file_problem, {}}};
        return no_questions_marker() + render_result(program, broken, {});
    }
    ResultExtras extras;
    if (run.cases.front().valid) {
        TimelineRun t = timelines(program, yaml, "Fall");
        extras.timeline_svg = scalable_svg(t.svg);
        extras.timeline_text = t.text;
        if (std::optional<Wege> ways = case_ways(program, yaml)) extras.ways_html = render_ways(*ways);
    }
    return no_questions_marker() + render_result(program, run.cases.front(), extras);
}

// The interview, when the case is not complete yet and its only gaps are facts not given
// (a value that cannot be read is an error to correct, not a question).
std::optional<Interview> Desk::open_questions(const std::string& yaml, const CheckRun& run) {
    if (!run.cases.empty() && run.cases.front().valid) return std::nullopt;
    return form_interview(*rules_.cases, yaml);
}

std::string Desk::case_body(const Visitor& v, std::int64_t id, const std::string& yaml, const std::string& notice, bool show_all) {
    const Program& program = *rules_.cases;
    YAML::Node tree = tree_from_yaml(yaml);
    CheckRun run = check_cases(program, yaml, "Fall", std::nullopt, Detail::explained);
    std::optional<Interview> asked = open_questions(yaml, run);
    FormView view;
    view.show_all = show_all;
    if (asked) {
        view.needed = asked_fields(*asked);
        view.not_needed = asked->not_needed;
    } else if (!run.cases.empty()) {
        view.errors = run.cases.front().errors;
    }
    std::string kennung = case_id_of(program, tree);
    std::string action = id ? "/faelle/" + std::to_string(id) : "/faelle/neu";
    std::string out = "<div class=\"kopfzeile\"><h1>" + (id ? "Fall " + escape(kennung.empty() ? "ohne Kennung" : kennung) : std::string("Neuer Fall")) + "</h1>";
    if (id) {
        std::string base = "/faelle/" + std::to_string(id);
        out += "<ul class=\"aktionen\"><li><a class=\"knopf\" href=\"" + base + "/entscheidung\">Entscheidung und Prüfvermerk</a></li>"
               "<li><a href=\"" + base + "/fall.yaml\" download>Als YAML exportieren</a></li>"
               "<li><a href=\"" + base + "/loeschen\">Fall löschen</a></li></ul>";
    }
    out += "</div>\n";
    if (!notice.empty()) out += "<div class=\"meldung-ok\" role=\"status\"><p>" + escape(notice) + "</p></div>\n";
    out += render_error_summary(program, view.errors);
    out += "<div class=\"fall-layout\">\n<form method=\"post\" action=\"" + action +
           "\" class=\"fallformular\" id=\"fallformular\" novalidate data-ergebnis=\"" +
           (id ? "/faelle/" + std::to_string(id) + "/ergebnis" : std::string("/faelle/ergebnis")) + "\">\n" + csrf_field(v) +
           "<div class=\"aktionsleiste\"><button type=\"submit\" class=\"knopf\" name=\"aktion\" value=\"speichern\">Speichern und prüfen</button>"
           "<span class=\"js-status\" aria-live=\"polite\"></span></div>\n";
    // The fields no result depends on are not asked; whoever wants to fill them anyway can show them.
    out += "<p class=\"alle-felder-schalter\"" + std::string(view.not_needed.empty() ? " hidden" : "") + "><a href=\"" +
           (show_all ? "?" : "?alle=1") + "\" data-alle-felder>" +
           (show_all ? "Nur die Felder zeigen, die für das Ergebnis gebraucht werden" : "Auch die Felder zeigen, die für das Ergebnis nicht gebraucht werden") +
           "</a></p>\n";
    out += render_case_fields(program, tree, view);
    out += "<div class=\"aktionsleiste\"><button type=\"submit\" class=\"knopf\" name=\"aktion\" value=\"speichern\">Speichern und prüfen</button></div>\n</form>\n";
    out += "<div class=\"ergebnis-spalte\" id=\"ergebnis-spalte\">" + result_panel(yaml, run, asked) + "</div>\n</div>\n";
    if (id) {
        auto decisions = store_.decisions(id);
        if (!decisions.empty()) {
            out += "<section class=\"entscheidungen\" aria-labelledby=\"entsch-titel\"><h2 id=\"entsch-titel\">Entscheidungen</h2><ul>";
            for (const Decision& d : decisions)
                out += "<li>" + escape(d.time.substr(0, 10)) + " – " + escape(d.kind == "abweichend" ? "abweichend entschieden" : "Ergebnis übernommen") +
                       " (" + escape(d.user.empty() ? "Einzelplatz" : d.user) + ") – <a href=\"/faelle/" + std::to_string(id) + "/vermerk/" +
                       std::to_string(d.id) + "\">Prüfvermerk</a></li>";
            out += "</ul></section>";
        }
    }
    return out;
}

void Desk::case_list(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, true, false);
    if (!v) return;
    const Program& program = *rules_.cases;
    std::string search = req.get_param_value("suche");
    std::string out;
    if (req.has_param("importiert"))
        out += "<div class=\"meldung-ok\" role=\"status\"><p>" + escape(req.get_param_value("importiert")) + " Fall/Fälle importiert.</p></div>";
    if (req.has_param("geloescht")) out += "<div class=\"meldung-ok\" role=\"status\"><p>Der Fall wurde gelöscht.</p></div>";
    out += "<div class=\"leiste\"><a class=\"knopf\" href=\"/faelle/neu\">Neuen Fall anlegen</a>"
           "<form method=\"get\" action=\"/faelle\" class=\"suche\" role=\"search\"><label for=\"suche\">Fall suchen (Kennung)</label>"
           "<input type=\"search\" id=\"suche\" name=\"suche\" value=\"" + escape(search) + "\"><button type=\"submit\" class=\"knopf zweit\">Suchen</button></form></div>\n";
    auto cases = store_.cases(search);
    if (cases.empty()) {
        out += search.empty() ? "<p>Noch keine Fälle gespeichert. Legen Sie einen neuen Fall an oder importieren Sie eine YAML-Datei.</p>"
                              : "<p>Kein Fall passt zu „" + escape(search) + "“.</p>";
    } else {
        out += "<table class=\"tabelle\"><caption class=\"versteckt\">Gespeicherte Fälle</caption><thead><tr><th scope=\"col\">Kennung</th>"
               "<th scope=\"col\">Stichtag</th><th scope=\"col\">Ergebnis</th><th scope=\"col\">Zuletzt geändert</th></tr></thead><tbody>";
        for (const StoredCase& c : cases) {
            CheckRun run = check_cases(program, c.yaml, "Fall");
            std::string verdict = run.cases.empty() ? "unlesbar" : short_verdict(run.cases.front());
            std::string check_date;
            YAML::Node tree = tree_from_yaml(c.yaml);
            for (auto it = tree.begin(); it != tree.end(); ++it)
                if (it->first.Scalar() == program.manifest.check_date && it->second.IsScalar()) check_date = german_date(it->second.Scalar());
            out += "<tr><td><a href=\"/faelle/" + std::to_string(c.id) + "\">" + escape(c.kennung.empty() ? "(ohne Kennung)" : c.kennung) +
                   "</a></td><td>" + escape(check_date) + "</td><td>" + escape(verdict) + "</td><td>" +
                   escape(german_date(c.changed.substr(0, 10)) + " " + c.changed.substr(11, 5)) + " UTC</td></tr>";
        }
        out += "</tbody></table>";
    }
    out += "<section class=\"import\" aria-labelledby=\"import-titel\"><h2 id=\"import-titel\">Fälle aus einer Datei übernehmen</h2>"
           "<p>Eine YAML-Datei im Fallformat (ein oder mehrere Fälle, getrennt durch <code>---</code>), z. B. aus <code>klappt vorlage</code> oder einem Export.</p>"
           "<form method=\"post\" action=\"/faelle/import\" enctype=\"multipart/form-data\">" + csrf_field(*v) +
           "<div class=\"feld\"><label for=\"datei\">YAML-Datei</label><input type=\"file\" id=\"datei\" name=\"datei\" accept=\".yaml,.yml,.json\"></div>"
           "<button type=\"submit\" class=\"knopf zweit\">Importieren</button></form></section>";
    send_page(res, page(context(*v), "Fälle", out, "faelle"));
}

void Desk::case_new(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, true, false);
    if (!v) return;
    const Program& program = *rules_.cases;
    if (req.method == "GET") {
        YAML::Node tree = new_case_tree(program, "", calendar::iso(calendar::from_day_number(today())));
        send_page(res, page(context(*v), "Neuer Fall", case_body(*v, 0, yaml_from_tree(tree), "", req.has_param("alle")), "faelle", true));
        return;
    }
    if (req.body.size() > kBodyLimit) return send_too_large(res, kBodyLimit);
    if (!csrf_ok(req, *v, res)) return;
    YAML::Node tree = tree_from_form(program, fields_of(req));
    std::string action = req.get_param_value("aktion");
    apply_list_action(tree, action);
    std::string yaml = yaml_from_tree(tree);
    std::int64_t id = store_.add_case(case_id_of(program, tree), yaml);
    event(*v, "Fall angelegt", id);
    if (action == "speichern" || action.empty()) record_check(*v, yaml);
    redirect(res, "/faelle/" + std::to_string(id) + (action == "speichern" || action.empty() ? "?gespeichert=1" : ""));
}

std::optional<StoredCase> Desk::case_in_path(const httplib::Request& req, httplib::Response& res, const Visitor& v,
                                             const std::string& not_found) {
    auto stored = store_.find_case(path_id(req));
    if (!stored) {
        res.status = 404;
        send_page(res, page(context(v), "Fall nicht gefunden", not_found, "faelle"));
    }
    return stored;
}

std::optional<Desk::CaseVisit> Desk::admit_to_case(const httplib::Request& req, httplib::Response& res,
                                                   const std::string& not_found) {
    auto v = admit(req, res, true, false);
    if (!v) return std::nullopt;
    auto stored = case_in_path(req, res, *v, not_found);
    if (!stored) return std::nullopt;
    return CaseVisit{std::move(*v), std::move(*stored)};
}

void Desk::case_page(const httplib::Request& req, httplib::Response& res) {
    auto visit = admit_to_case(req, res, kCaseGone);
    if (!visit) return;
    const auto& [v, stored] = *visit;
    std::string notice = req.has_param("gespeichert") ? "Gespeichert und geprüft." : "";
    std::string title = stored.kennung.empty() ? "Fall" : "Fall " + stored.kennung;
    send_page(res, page(context(v), title, case_body(v, stored.id, stored.yaml, notice, req.has_param("alle")), "faelle", true));
}

void Desk::case_post(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, true, false);
    if (!v) return;
    if (req.body.size() > kBodyLimit) return send_too_large(res, kBodyLimit);
    if (!csrf_ok(req, *v, res)) return;
    const Program& program = *rules_.cases;
    if (!case_in_path(req, res, *v, kCaseGone)) return;
    std::int64_t id = path_id(req);
    YAML::Node tree = tree_from_form(program, fields_of(req));
    std::string action = req.get_param_value("aktion");
    bool list_action = apply_list_action(tree, action);
    // Every post is saved, also an incomplete case: nothing typed is lost.
    std::string yaml = yaml_from_tree(tree);
    store_.update_case(id, case_id_of(program, tree), yaml);
    event(*v, "Fall geändert", id);
    if (!list_action) record_check(*v, yaml);
    std::string to = "/faelle/" + std::to_string(id);
    if (list_action && action.rfind("neu:", 0) == 0) {
        // Jump to the new entry.
        std::string path = action.substr(4);
        std::size_t count = 0;
        YAML::Node node = tree;
        std::string rest = path;
        while (!rest.empty() && node) {
            std::size_t dot = rest.find('.');
            std::string part = rest.substr(0, dot);
            node = node.IsMap() ? node[part] : YAML::Node();
            rest = dot == std::string::npos ? "" : rest.substr(dot + 1);
        }
        if (node && node.IsSequence()) count = node.size();
        to += "#" + field_id(path + "." + std::to_string(count));
    } else if (list_action) {
        to += "#" + field_id(action.substr(4, action.rfind('.') - 4));
    } else {
        to += "?gespeichert=1";
    }
    redirect(res, to);
}

void Desk::case_fragment(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, true, false);
    if (!v) return;
    if (req.body.size() > kBodyLimit) return send_too_large(res, kBodyLimit);
    YAML::Node tree = tree_from_form(*rules_.cases, fields_of(req));
    std::string yaml = yaml_from_tree(tree);
    CheckRun run = check_cases(*rules_.cases, yaml, "Fall", std::nullopt, Detail::explained);
    res.set_content(result_panel(yaml, run, open_questions(yaml, run)), "text/html; charset=utf-8");
}

void Desk::case_export(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, true, false);
    if (!v) return;
    auto stored = store_.find_case(path_id(req));
    if (!stored) {
        res.status = 404;
        return;
    }
    event(*v, "Fall exportiert", stored->id);
    res.set_header("Content-Disposition", "attachment; filename=\"" + safe_file_name(stored->kennung) + ".yaml\"");
    res.set_content(stored->yaml, "application/yaml; charset=utf-8");
}

void Desk::case_import(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, true, false);
    if (!v) return;
    if (!csrf_ok(req, *v, res)) return;
    const Program& program = *rules_.cases;
    std::string name = req.has_file("datei") ? req.get_file_value("datei").filename : "";
    auto file = std::make_shared<const SourceFile>(name.empty() ? "Datei" : name,
                                                   req.has_file("datei") ? req.get_file_value("datei").content : "");
    // The same reading as every YAML file of klappt: German messages at file:line:column, an
    // alias bomb refused before the tree is copied, a quote left open named where it opens.
    std::string problem;
    std::vector<YAML::Node> cases;
    if (auto what = not_text_file(file->text())) {
        problem = not_text_file_error(file->name(), *what);
    } else {
        Diagnostics diagnostics;
        for (const yaml_support::Document& doc : yaml_support::split_documents(file->text()))
            if (auto root = yaml_support::parse(file, doc, diagnostics); root && root->IsMap()) cases.push_back(*root);
        problem = render(diagnostics);
    }
    if (problem.empty() && cases.empty()) problem = "Die Datei enthält keinen Fall (erwartet wird das Fallformat, ein Fall je YAML-Dokument).";
    if (!problem.empty()) {
        res.status = 400;
        return send_page(res, page(context(*v), "Import nicht möglich",
                                   "<div class=\"fehlerliste\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"fehlerliste-titel\"><h2 id=\"fehlerliste-titel\">Es gibt ein Problem</h2>"
                                   "<p>Nichts importiert: die Datei enthält Fehler.</p><pre>" + escape(problem) +
                                       "</pre></div><p><a href=\"/faelle\">Zurück zur Fallliste</a></p>", "faelle"));
    }
    std::int64_t last = 0;
    for (const auto& c : cases) {
        std::string yaml = yaml_from_tree(c);
        last = store_.add_case(case_id_of(program, c), yaml);
        event(*v, "Fall importiert", last);
        record_check(*v, yaml);
    }
    redirect(res, cases.size() == 1 ? "/faelle/" + std::to_string(last) : "/faelle?importiert=" + std::to_string(cases.size()));
}

void Desk::case_delete(const httplib::Request& req, httplib::Response& res) {
    auto visit = admit_to_case(req, res, kBackToCases);
    if (!visit) return;
    const auto& [v, stored] = *visit;
    std::int64_t id = stored.id;
    if (req.method == "GET") {
        std::string body = "<p>Der Fall „" + escape(stored.kennung) + "“ wird mit allen Angaben und Entscheidungen aus dieser Datenbank gelöscht; "
                           "im Prüfprotokoll bleiben nur Prüfsummen und ein Löschvermerk (Art. 17 DSGVO). "
                           "Das lässt sich nicht rückgängig machen.</p><form method=\"post\">" + csrf_field(v) +
                           "<button type=\"submit\" class=\"knopf warnung\">Endgültig löschen</button> <a href=\"/faelle/" + std::to_string(id) + "\">Abbrechen</a></form>";
        return send_page(res, page(context(v), "Fall löschen?", body, "faelle"));
    }
    if (!csrf_ok(req, v, res)) return;
    store_.delete_case(id);
    event(v, "Fall gelöscht", id);
    if (auto nr = erase_from_protokoll(v, stored.kennung)) event(v, "Prüfprotokoll: Falldaten gelöscht, Eintrag " + std::to_string(*nr), id);
    redirect(res, "/faelle?geloescht=1");
}

}  // namespace klappt::web
