// The desk's frame: binding, the security headers every answer carries, body
// limits, who may see what (sessions, roles, CSRF), login and the JSON API.
// The case pages are in desk_cases.cpp, finance and Zwischenbilanz in desk_finance.cpp.
#include "web/desk.hpp"

#include <sys/socket.h>

#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "engine/render/case_output.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/fragen/interview.hpp"
#include "engine/input/partial_case.hpp"
#include "web/assets.hpp"
#include "web/checking.hpp"
#include "web/desk_support.hpp"
#include "web/html.hpp"

namespace klappt::web {

std::filesystem::path default_data_directory() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "klappt";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "share" / "klappt";
    return std::filesystem::current_path() / "klappt-daten";
}

Desk::Desk(DeskOptions options, DeskRules rules, Store& store)
    : options_(std::move(options)), rules_(std::move(rules)), store_(store), server_(std::make_unique<httplib::Server>()) {
    open_protokoll();
    routes();
}

Desk::~Desk() = default;

int Desk::bind(std::string& error) {
    // Debian's libcpp-httplib is compiled with a listen backlog of 5: when many browsers connect
    // at once, the kernel drops SYNs (a second's wait each) or resets connections.  listen() on a
    // listening socket only raises its backlog, so the socket is caught while it is created.
    // Its options: SO_REUSEADDR (restart at once after a stop) but not the library's default
    // SO_REUSEPORT, which would let a second desk on the same port take half the requests.
    server_->set_socket_options([this](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listen_socket_ = sock;
    });
    int port = options_.port == 0 ? server_->bind_to_any_port(options_.bind) : (server_->bind_to_port(options_.bind, options_.port) ? options_.port : -1);
    if (port < 0) error = "kann nicht auf " + options_.bind + ":" + std::to_string(options_.port) +
                          " lauschen (Adresse belegt oder ungültig; --port wählt einen anderen Port)";
    else if (listen_socket_ >= 0) ::listen(listen_socket_, kListenBacklog);
    return port;
}

void Desk::serve() { server_->listen_after_bind(); }

void Desk::stop() { server_->stop(); }

bool Desk::users_exist() {
    // Asked on every request; the database is asked at most once a second (a user
    // created with `klappt web benutzer anlegen` while the desk runs counts from then on).
    long long now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    if (users_known_.load()) return true;
    if (users_checked_.load() != now) {
        users_checked_ = now;
        if (store_.has_users()) users_known_ = true;
    }
    return users_known_.load();
}

void Desk::event(const Visitor& v, const std::string& what, std::int64_t case_id) {
    store_.log(v.session.user, what, case_id);
    if (options_.log_file.empty()) return;
    std::lock_guard lock(log_mutex_);
    std::ofstream log(options_.log_file, std::ios::app);
    log << now_iso() << " " << (v.session.user.empty() ? "-" : v.session.user) << " " << what;
    if (case_id) log << " Fall-Nr. " << case_id;
    log << "\n";
}

namespace {

std::string cookie_value(const httplib::Request& req, const std::string& name) {
    std::string cookies = req.get_header_value("Cookie");
    std::size_t pos = 0;
    while (pos < cookies.size()) {
        std::size_t end = cookies.find(';', pos);
        if (end == std::string::npos) end = cookies.size();
        std::string part = cookies.substr(pos, end - pos);
        while (!part.empty() && part.front() == ' ') part.erase(0, 1);
        if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
        pos = end + 1;
    }
    return "";
}

std::string percent_encoded(const std::string& text) {
    std::string out;
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.') out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

constexpr const char* kSessionCookie = "klappt_sitzung";

bool is_upload_route(const std::string& path) {
    return path == "/finanzen" || path == "/faelle/import" || path == "/api/weiterleitung";
}

}  // namespace

std::optional<Desk::Visitor> Desk::admit(const httplib::Request& req, httplib::Response& res, bool cases, bool finance,
                                         bool api) {
    std::string id = cookie_value(req, kSessionCookie);
    std::optional<Session> session = id.empty() ? std::nullopt : sessions_.find(id);
    bool login = users_exist();
    if (!session) {
        if (login) {
            if (api) {
                send_json_error(res, 401, "Anmeldung nötig: erst unter /anmelden anmelden");
            } else {
                res.status = 303;
                res.set_header("Location", "/anmelden?weiter=" + percent_encoded(req.path));
            }
            return std::nullopt;
        }
        // The single-user desk (127.0.0.1, no user created).  A script calling the API gets no
        // session: the API changes nothing that a CSRF token would have to protect, and a session
        // per call would pile up.
        if (api) return Visitor{"", Session{}, false};
        // A page gets a session without a name, for the CSRF token of its forms.
        id = sessions_.open("", "");
        session = sessions_.find(id);
        res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + id + "; Path=/; HttpOnly; SameSite=Strict");
    }
    if (login && session->user.empty()) {  // a single-user session from before the first user was created
        sessions_.close(id);
        res.status = 303;
        res.set_header("Location", "/anmelden");
        return std::nullopt;
    }
    const std::string& role = session->role;
    bool may_cases = role.empty() || role == "fallbearbeitung" || role == "verwaltung";
    bool may_finance = role.empty() || role == "finanzen" || role == "verwaltung";
    if ((cases && !may_cases) || (finance && !may_finance && !cases) || (cases && finance && !may_cases && !may_finance)) {
        if (api) {
            send_json_error(res, 403, "Ihre Rolle darf das nicht");
        } else {
            res.status = 403;
            PageContext ctx{session->user, role, session->csrf, login};
            res.set_content(page(ctx, "Kein Zugriff",
                                 "<p>Mit Ihrer Rolle („" + escape(role) + "“) können Sie diese Seite nicht öffnen.</p>"
                                 "<p><a href=\"/\">Zur Startseite</a></p>"),
                            "text/html; charset=utf-8");
        }
        return std::nullopt;
    }
    return Visitor{id, *session, login};
}

bool Desk::csrf_ok(const httplib::Request& req, const Visitor& v, httplib::Response& res) {
    std::string token = req.has_param("csrf") ? req.get_param_value("csrf")
                        : req.has_file("csrf") ? req.get_file_value("csrf").content
                                               : std::string();
    if (same_token(token, v.session.csrf)) return true;
    res.status = 403;
    res.set_content(page(context(v), "Sitzung abgelaufen",
                         "<p>Das Formular war nicht mehr gültig (Sicherheitsmerkmal fehlt oder ist veraltet). Bitte laden Sie "
                         "die Seite neu und senden Sie es noch einmal.</p><p><a href=\"/\">Zur Startseite</a></p>"),
                    "text/html; charset=utf-8");
    return false;
}

void Desk::routes() {
    httplib::Server& s = *server_;
    s.new_task_queue = [threads = options_.threads] { return new httplib::ThreadPool(threads); };
    s.set_payload_max_length(kUploadLimit);
    s.set_tcp_nodelay(true);  // answers leave at once (else Nagle and delayed ACKs add 40–90 ms per request)
    s.set_read_timeout(10, 0);
    s.set_write_timeout(10, 0);
    s.set_keep_alive_timeout(3);  // an idle browser connection gives its thread back after 3 s
    // A browser keeps its connection; closing it every 100 requests (the old setting) made
    // clients reconnect during bursts, and Debian's library listens with a backlog of only 5,
    // so a reconnect could wait a second for its SYN to be retried.
    s.set_keep_alive_max_count(10000);
    // Before the body is read: a body larger than the route allows is refused at once.
    s.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        std::size_t limit = is_upload_route(req.path) ? kUploadLimit : kBodyLimit;
        if (req.has_header("Content-Length")) {
            std::string length = req.get_header_value("Content-Length");
            if (length.size() > 12 || std::strtoull(length.c_str(), nullptr, 10) > limit) {
                send_too_large(res, limit);
                return httplib::Server::HandlerResponse::Handled;
            }
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    s.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        res.set_header("Content-Security-Policy",
                       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("X-Frame-Options", "DENY");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("Cross-Origin-Opener-Policy", "same-origin");
        if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
    });
    s.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unbekannter Fehler";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        std::cerr << "klappt web: interner Fehler bei " << req.method << " " << req.path << ": " << what << "\n";
        res.status = 500;
        res.set_content("Interner Fehler – die Eingabe ist nicht verloren; bitte erneut versuchen.", "text/plain; charset=utf-8");
    });
    s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        if (res.status == 404) res.set_content(page({}, "Seite nicht gefunden", "<p>Diese Seite gibt es nicht. <a href=\"/\">Zur Startseite</a></p>"), "text/html; charset=utf-8");
        else if (res.status == 413) send_too_large(res, kUploadLimit);
        else res.set_content("Fehler " + std::to_string(res.status), "text/plain; charset=utf-8");
    });

    s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain; charset=utf-8"); });
    s.Get(R"(/assets/([A-Za-z0-9._-]+))", [](const httplib::Request& req, httplib::Response& res) {
        const Asset* a = find_asset(req.matches[1].str());
        if (!a) {
            res.status = 404;
            return;
        }
        res.set_content(std::string(a->body), std::string(a->type).c_str());
        res.set_header("Cache-Control", "no-cache");
    });
    s.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
        auto v = admit(req, res, false, false);
        if (!v) return;
        res.status = 303;
        res.set_header("Location", v->session.role == "finanzen" ? "/finanzen" : "/faelle");
    });
    auto page_route = [this](void (Desk::*fn)(const httplib::Request&, httplib::Response&)) {
        return [this, fn](const httplib::Request& req, httplib::Response& res) { (this->*fn)(req, res); };
    };
    s.Get("/faelle", page_route(&Desk::case_list));
    s.Get("/faelle/neu", page_route(&Desk::case_new));
    s.Post("/faelle/neu", page_route(&Desk::case_new));
    s.Post("/faelle/import", page_route(&Desk::case_import));
    s.Get(R"(/faelle/(\d{1,15}))", page_route(&Desk::case_page));
    s.Post(R"(/faelle/(\d{1,15}))", page_route(&Desk::case_post));
    s.Post(R"(/faelle/(\d{1,15})/ergebnis)", page_route(&Desk::case_fragment));
    s.Post("/faelle/ergebnis", page_route(&Desk::case_fragment));
    s.Get(R"(/faelle/(\d{1,15})/fall\.yaml)", page_route(&Desk::case_export));
    s.Get(R"(/faelle/(\d{1,15})/loeschen)", page_route(&Desk::case_delete));
    s.Post(R"(/faelle/(\d{1,15})/loeschen)", page_route(&Desk::case_delete));
    s.Get(R"(/faelle/(\d{1,15})/entscheidung)", page_route(&Desk::decision_page));
    s.Post(R"(/faelle/(\d{1,15})/entscheidung)", page_route(&Desk::decision_post));
    s.Get(R"(/faelle/(\d{1,15})/vermerk/(\d{1,15}))", page_route(&Desk::note_page));
    s.Get("/finanzen", page_route(&Desk::finance_page));
    s.Post("/finanzen", page_route(&Desk::finance_post));
    s.Get("/bilanz", page_route(&Desk::balance_page));
    s.Get("/regeln", page_route(&Desk::rules_page));
    s.Get("/anmelden", page_route(&Desk::login_page));
    s.Post("/anmelden", page_route(&Desk::login_post));
    s.Post("/abmelden", page_route(&Desk::logout_post));
    s.Post("/api/check", page_route(&Desk::api_check));
    s.Post("/api/zeitachse", page_route(&Desk::api_timeline));
    s.Post("/api/weiterleitung", page_route(&Desk::api_forwarding));
    s.Post("/api/fragen", page_route(&Desk::api_questions));
    s.Get("/api/regeln", page_route(&Desk::api_rules));
}

// ---- login ---------------------------------------------------------------------------------

void Desk::login_page(const httplib::Request& req, httplib::Response& res) {
    if (!users_exist()) {
        res.status = 303;
        res.set_header("Location", "/");
        return;
    }
    // The login form needs a CSRF token too: an anonymous pre-login session carries it.
    std::string id = cookie_value(req, kSessionCookie);
    std::optional<Session> session = id.empty() ? std::nullopt : sessions_.find(id);
    if (!session) {
        id = sessions_.open("", "");
        session = sessions_.find(id);
        res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + id + "; Path=/; HttpOnly; SameSite=Strict");
    }
    std::string next = req.has_param("weiter") ? req.get_param_value("weiter") : "/";
    std::string problem = req.has_param("fehler") ? "<div class=\"fehlerliste\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"fehlerliste-titel\"><h2 id=\"fehlerliste-titel\">Es gibt ein Problem</h2><ul><li><a href=\"#name\">Name oder Passwort stimmen nicht.</a></li></ul></div>" : "";
    std::string body = problem +
        "<form method=\"post\" action=\"/anmelden\" class=\"schmal-form\">"
        "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(session->csrf) + "\">"
        "<input type=\"hidden\" name=\"weiter\" value=\"" + escape(next) + "\">"
        "<div class=\"feld\"><label for=\"name\">Benutzername</label><input type=\"text\" id=\"name\" name=\"name\" autocomplete=\"username\" required></div>"
        "<div class=\"feld\"><label for=\"passwort\">Passwort</label><input type=\"password\" id=\"passwort\" name=\"passwort\" autocomplete=\"current-password\" required></div>"
        "<button type=\"submit\" class=\"knopf\">Anmelden</button></form>";
    res.set_content(page({}, "Anmelden", body), "text/html; charset=utf-8");
}

void Desk::login_post(const httplib::Request& req, httplib::Response& res) {
    std::string id = cookie_value(req, kSessionCookie);
    std::optional<Session> pre = id.empty() ? std::nullopt : sessions_.find(id);
    if (!pre || !same_token(req.get_param_value("csrf"), pre->csrf)) {
        res.status = 403;
        res.set_content(page({}, "Sitzung abgelaufen", "<p>Bitte <a href=\"/anmelden\">laden Sie die Anmeldeseite neu</a>.</p>"),
                        "text/html; charset=utf-8");
        return;
    }
    std::string name = req.get_param_value("name");
    auto user = store_.find_user(name);
    if (!user || !verify_password(user->password_hash, req.get_param_value("passwort"))) {
        // The log says that a login failed, not with which name (a mistyped password in the name field stays out).
        store_.log("", "Anmeldung fehlgeschlagen");
        Visitor anonymous{"", Session{}, true};
        if (!options_.log_file.empty()) {
            std::lock_guard lock(log_mutex_);
            std::ofstream(options_.log_file, std::ios::app) << now_iso() << " - Anmeldung fehlgeschlagen\n";
        }
        res.status = 303;
        res.set_header("Location", "/anmelden?fehler=1");
        return;
    }
    sessions_.close(id);
    std::string session_id = sessions_.open(user->name, user->role);
    res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + session_id + "; Path=/; HttpOnly; SameSite=Strict");
    Visitor v{session_id, *sessions_.find(session_id), true};
    event(v, "Anmeldung");
    std::string next = req.get_param_value("weiter");
    // Only paths of this desk (no //host, no scheme): an open redirect would be a phishing aid.
    if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) next = "/";
    res.status = 303;
    res.set_header("Location", next);
}

void Desk::logout_post(const httplib::Request& req, httplib::Response& res) {
    auto v = admit(req, res, false, false);
    if (!v) return;
    if (!csrf_ok(req, *v, res)) return;
    event(*v, "Abmeldung");
    sessions_.close(v->session_id);
    res.set_header("Set-Cookie", std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    res.status = 303;
    res.set_header("Location", "/anmelden");
}

// ---- JSON API ------------------------------------------------------------------------------

void Desk::api_check(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res, true, false, true)) return;
    if (req.body.size() > kBodyLimit) return send_too_large(res, kBodyLimit);
    CheckRun run = check_cases(*rules_.cases, req.body, "Anfrage");
    if (!run.file_problem.empty()) return send_json_error(res, 400, run.file_problem);
    res.status = run.all_valid() ? 200 : 400;
    res.set_content(run.json_lines(), "application/json; charset=utf-8");
}

void Desk::api_timeline(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res, true, false, true)) return;
    if (req.body.size() > kBodyLimit) return send_too_large(res, kBodyLimit);
    TimelineRun run = timelines(*rules_.cases, req.body, "Anfrage");
    if (!run.file_problem.empty()) return send_json_error(res, 400, run.file_problem);
    res.status = run.all_valid ? 200 : 400;
    res.set_content(run.json_lines, "application/json; charset=utf-8");
}

// The minimal interview: io.md case(s) with unknown facts (`unbekannt`, or left out) in,
// exactly what `klappt fragen --json` prints out — the facts still to ask, each with why, or
// the result once it stands.
void Desk::api_questions(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res, true, false, true)) return;
    if (req.body.size() > kBodyLimit) return send_too_large(res, kBodyLimit);
    const Program& program = *rules_.cases;
    Diagnostics diagnostics;
    auto documents = load_partial_cases_yaml(program, std::make_shared<const SourceFile>("Anfrage", req.body), diagnostics);
    if (documents.empty()) {
        std::string problems = render(diagnostics);
        return send_json_error(res, 400, problems.empty() ? "keine Fälle gefunden" : problems);
    }
    Evaluator& evaluator = thread_evaluator(program);
    std::string out;
    bool all_valid = true;
    for (auto& doc : documents) {
        if (!doc.data) {
            all_valid = false;
            out += case_error_json(program, doc.id, doc.errors) + "\n";
            continue;
        }
        Interview result = interview(evaluator, *doc.data);
        all_valid = all_valid && result.valid;
        out += interview_json(result) + "\n";
    }
    res.status = all_valid ? 200 : 400;
    res.set_content(out, "application/json; charset=utf-8");
}

void Desk::api_rules(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res, false, false, true)) return;
    res.set_content(rules_json(*rules_.cases, rules_.finance.get()), "application/json; charset=utf-8");
}

}  // namespace klappt::web
