// What the desk's page files share (internal to web/).
#pragma once

#include <httplib.h>

#include <string>

#include "web/desk.hpp"
#include "web/html.hpp"

namespace klappt::web {

struct Desk::Visitor {
    std::string session_id;
    Session session;
    bool login = false;  // users exist (a logout button is shown)
};

struct Desk::CaseVisit {
    Visitor visitor;
    StoredCase stored;
};

inline PageContext context(const Desk::Visitor& v) { return {v.session.user, v.session.role, v.session.csrf, v.login}; }

// The number in the path's `i`-th group, e.g. the case of /faelle/(ID)/… (the routes allow digits only).
inline std::int64_t path_id(const httplib::Request& req, std::size_t i = 1) { return std::stoll(req.matches[i].str()); }

// What the 404 page of a case (Desk::case_in_path) says: that it is gone, or only the way back.
inline const std::string kCaseGone = "<p>Diesen Fall gibt es nicht (mehr). <a href=\"/faelle\">Zur Fallliste</a></p>";
inline const std::string kBackToCases = "<p><a href=\"/faelle\">Zur Fallliste</a></p>";

inline std::string csrf_field(const Desk::Visitor& v) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(v.session.csrf) + "\">";
}

// `{"fehler": [{"feld": "", "meldung": "…"}]}` with the status.
void send_json_error(httplib::Response& res, int status, const std::string& message);
void send_too_large(httplib::Response& res, std::size_t limit);
inline void send_page(httplib::Response& res, const std::string& html) { res.set_content(html, "text/html; charset=utf-8"); }
inline void redirect(httplib::Response& res, const std::string& to) {
    res.status = 303;
    res.set_header("Location", to);
}

// GET /api/regeln: name, version and hash of the rule sets and their example values.
std::string rules_json(const Program& cases, const Program* finance);

// The check date of today (local time).
DayNumber today();

}  // namespace klappt::web
