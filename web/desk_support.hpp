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

inline PageContext context(const Desk::Visitor& v) { return {v.session.user, v.session.role, v.session.csrf, v.login}; }

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
