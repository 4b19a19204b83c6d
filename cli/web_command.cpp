// `klappt web`: the KI desk in the browser — one process, one SQLite file.
//   klappt web [--port 8080] [--bind 127.0.0.1] [--daten DIR] [--rules DIR]
//   klappt web benutzer anlegen NAME --rolle fallbearbeitung|finanzen|verwaltung   (password from stdin)
// Bound to 127.0.0.1 by default; while no user exists it is a single-user desk without
// login, and any other --bind refuses to start.  SIGINT/SIGTERM stop it cleanly: requests
// in progress finish (every answered save is in the database), then it exits.
#include <pthread.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <thread>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "engine/report/report_spec.hpp"
#include "web/auth.hpp"
#include "web/desk.hpp"
#include "web/store.hpp"

namespace klappt::cli {

namespace {

struct WebOptions {
    int port = 8080;
    std::string bind = "127.0.0.1";
    std::string data_dir, rules_dir;
    std::size_t threads = 64;
    // benutzer anlegen
    std::string user, role;
};

std::filesystem::path data_directory(const WebOptions& o) {
    return o.data_dir.empty() ? web::default_data_directory() : std::filesystem::path(o.data_dir);
}

bool is_loopback(const std::string& address) {
    return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

std::string read_password() {
    std::string password;
    if (::isatty(STDIN_FILENO)) {
        termios old{};
        tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        std::cerr << "Passwort: " << std::flush;
        std::getline(std::cin, password);
        std::string again;
        std::cerr << "\nPasswort wiederholen: " << std::flush;
        std::getline(std::cin, again);
        std::cerr << "\n";
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        if (again != password) return "\x01";
    } else {
        std::getline(std::cin, password);
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
}

int run_add_user(const WebOptions& o) {
    if (!web::is_role(o.role)) {
        std::cerr << "klappt web benutzer anlegen: --rolle muss fallbearbeitung, finanzen oder verwaltung sein\n";
        return kInvalidInput;
    }
    if (o.user.empty() || o.user.size() > 64 || o.user.find_first_of(" \t\r\n") != std::string::npos) {
        std::cerr << "klappt web benutzer anlegen: der Name darf nicht leer sein, keine Leerzeichen enthalten und höchstens 64 Zeichen haben\n";
        return kInvalidInput;
    }
    std::string password = read_password();
    if (password == "\x01") {
        std::cerr << "klappt web benutzer anlegen: die beiden Passwörter stimmen nicht überein\n";
        return kInvalidInput;
    }
    if (password.size() < 10) {
        std::cerr << "klappt web benutzer anlegen: das Passwort ist zu kurz (mindestens 10 Zeichen; es wird von der Standardeingabe gelesen)\n";
        return kInvalidInput;
    }
    try {
        web::Store store(data_directory(o) / "klappt.sqlite");
        store.add_user({o.user, o.role, web::hash_password(password)});
        store.log(o.user, "Benutzer angelegt oder geändert (Rolle " + o.role + ")");
        std::cout << "Benutzer „" << o.user << "“ (" << o.role << ") angelegt in " << store.file().string() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "klappt web benutzer anlegen: " << e.what() << "\n";
        return kInvalidInput;
    }
    return kOk;
}

int run_web(const WebOptions& o) {
    if (o.port < 0 || o.port > 65535) {
        std::cerr << "klappt web: --port muss zwischen 0 und 65535 liegen\n";
        return kInvalidInput;
    }
    std::filesystem::path rules_dir = rules_directory(o.rules_dir);
    auto cases = load_rules("web", rules_dir);
    if (!cases) return kInvalidInput;
    web::DeskRules rules;
    rules.cases = cases;
    std::filesystem::path finance_dir = rules_dir / "finanzen";
    if (std::filesystem::is_directory(finance_dir)) {
        rules.finance = load_rules("web", finance_dir);
        if (!rules.finance) return kInvalidInput;
    }
    std::string error;
    if (SourceRef spec_file = read_source_file((rules_dir / "bericht.yaml").string(), error)) {
        Diagnostics d;
        rules.report = load_report_spec(*cases, spec_file, d);
        std::cerr << render(d);
    }
    std::filesystem::path data = data_directory(o);
    std::unique_ptr<web::Store> store;
    try {
        store = std::make_unique<web::Store>(data / "klappt.sqlite");
    } catch (const std::exception& e) {
        std::cerr << "klappt web: " << e.what() << "\n";
        return kInvalidInput;
    }
    bool users = store->has_users();
    if (!is_loopback(o.bind) && !users) {
        std::cerr << "klappt web: --bind " << o.bind << " macht den Desk von anderen Rechnern aus erreichbar; dafür muss es zuerst "
                     "mindestens einen Benutzer geben:\n  klappt web benutzer anlegen NAME --rolle fallbearbeitung|finanzen|verwaltung"
                  << (o.data_dir.empty() ? "" : " --daten " + o.data_dir) << "\n";
        return kInvalidInput;
    }
    // SIGINT/SIGTERM go to one waiting thread (blocked everywhere else, also in the server's threads).
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    web::DeskOptions options;
    options.bind = o.bind;
    options.port = o.port;
    options.threads = o.threads;
    options.log_file = (data / "ereignisse.log").string();
    web::Desk desk(options, rules, *store);
    int port = desk.bind(error);
    if (port < 0) {
        std::cerr << "klappt web: " << error << "\n";
        return kInvalidInput;
    }
    std::string host = o.bind.find(':') != std::string::npos ? "[" + o.bind + "]" : o.bind;
    std::cout << "klappt web: der KI-Desk läuft unter http://" << host << ":" << port << "/\n"
              << (is_loopback(o.bind) ? "  erreichbar nur auf diesem Rechner (" + o.bind + ")\n"
                                      : "  erreichbar von anderen Rechnern über " + o.bind + " – nur mit Anmeldung\n")
              << "  Daten: " << store->file().string() << "\n"
              << "  Ereignisprotokoll (ohne personenbezogene Daten): " << options.log_file << "\n"
              << (users ? "  Anmeldung nötig (Benutzer sind angelegt)\n"
                        : "  Einzelplatz ohne Anmeldung (noch kein Benutzer; anlegen mit: klappt web benutzer anlegen NAME --rolle …)\n")
              << "  Beenden mit Strg+C\n"
              << std::flush;
    std::thread waiter([&] {
        int received = 0;
        sigwait(&signals, &received);
        desk.stop();
    });
    desk.serve();
    // serve() also returns when listening failed; wake the waiter then.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    std::cout << "klappt web: beendet\n";
    return kOk;
}

}  // namespace

Command add_web_command(CLI::App& app) {
    auto options = std::make_shared<WebOptions>();
    CLI::App* cmd = add_command(app, "web", "der KI-Desk im Browser: Fälle prüfen und speichern, Prüfvermerk, Weiterleitungen, Zwischenbilanz");
    cmd->add_option("--port", options->port, "Port (Vorgabe: 8080; 0 wählt einen freien)")->type_name("PORT");
    cmd->add_option("--bind", options->bind, "Adresse (Vorgabe: 127.0.0.1, nur dieser Rechner)")->type_name("ADRESSE");
    cmd->add_option("--daten", options->data_dir, "Datenordner (Vorgabe: $XDG_DATA_HOME/klappt oder ~/.local/share/klappt)")
        ->type_name("VERZEICHNIS");
    add_rules_option(*cmd, options->rules_dir);
    cmd->add_option("--threads", options->threads, "höchstens so viele Verbindungen zugleich; jeder offene Browser hält bis zu 6 (Vorgabe: 64)")
        ->type_name("N")
        ->check(CLI::Range(1, 256));
    cmd->require_subcommand(0, 1);
    CLI::App* users = add_command(*cmd, "benutzer", "Benutzer des Desks verwalten");
    users->require_subcommand(1);
    CLI::App* add = add_command(*users, "anlegen", "einen Benutzer anlegen (oder Passwort und Rolle ändern); Passwort von der Standardeingabe");
    add->add_option("NAME", options->user, "Benutzername")->required()->type_name("NAME");
    add->add_option("--rolle", options->role, "fallbearbeitung, finanzen oder verwaltung")->required()->type_name("ROLLE");
    add->add_option("--daten", options->data_dir, "Datenordner (wie bei klappt web)")->type_name("VERZEICHNIS");
    return {cmd, [options, add]() { return add->parsed() ? run_add_user(*options) : run_web(*options); }};
}

}  // namespace klappt::cli
