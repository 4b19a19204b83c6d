// `klappt web`: the KI desk in the browser.  One process serves the pages, their
// assets (compiled in) and the JSON API; the data lives in one SQLite file.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "dsl/limits.hpp"
#include "engine/runtime/program.hpp"
#include "engine/protokoll/protokoll.hpp"
#include "engine/report/report_spec.hpp"
#include "engine/fragen/interview.hpp"
#include "web/auth.hpp"
#include "web/checking.hpp"
#include "web/store.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace klappt::web {

struct DeskOptions {
    std::string bind = "127.0.0.1";
    int port = 8080;               // 0: any free port
    // Connections served at once; more wait.  The library serves a connection on one thread until
    // it closes, so an open browser holds a thread (up to 6 connections) even while it waits
    // for its next click, for up to the keep-alive time: 16 was used up by three browsers.
    std::size_t threads = 64;
    std::string log_file;          // the event log as text lines ("" = only in the database)
};

// What the desk serves from: the case rule set, the finance rule set, the report definition.
struct DeskRules {
    std::shared_ptr<const Program> cases;
    std::shared_ptr<const Program> finance;            // may be null: then the finance pages say so
    std::optional<ReportSpec> report;                  // may be missing: then the Zwischenbilanz says so
};

class Desk {
public:
    Desk(DeskOptions options, DeskRules rules, Store& store);
    ~Desk();

    // Binds; returns the port, or -1 (with `error` in German) when it cannot.
    int bind(std::string& error);
    // Serves until stop() (from another thread or a signal).
    void serve();
    void stop();

    // Bodies larger than these get 413 (a request body: dsl/limits.hpp, with every other limit).
    static constexpr std::size_t kUploadLimit = 10u << 20, kBodyLimit = limits::kMaxRequestBodyBytes;
    static constexpr int kListenBacklog = 1024;  // connections waiting to be accepted

    struct Visitor;  // who is asking (desk_support.hpp)
    struct CaseVisit;  // a caseworker asking about a stored case (desk_support.hpp)

private:
    void routes();
    std::optional<Visitor> admit(const httplib::Request& req, httplib::Response& res, bool cases, bool finance,
                                 bool api = false);
    bool csrf_ok(const httplib::Request& req, const Visitor& v, httplib::Response& res);
    void event(const Visitor& v, const std::string& what, std::int64_t case_id = 0);
    bool users_exist();

    // pages
    void case_list(const httplib::Request& req, httplib::Response& res);
    void case_page(const httplib::Request& req, httplib::Response& res);
    void case_post(const httplib::Request& req, httplib::Response& res);
    void case_new(const httplib::Request& req, httplib::Response& res);
    void case_fragment(const httplib::Request& req, httplib::Response& res);
    void case_export(const httplib::Request& req, httplib::Response& res);
    void case_import(const httplib::Request& req, httplib::Response& res);
    void case_delete(const httplib::Request& req, httplib::Response& res);
    void decision_page(const httplib::Request& req, httplib::Response& res);
    void decision_post(const httplib::Request& req, httplib::Response& res);
    void note_page(const httplib::Request& req, httplib::Response& res);
    void finance_page(const httplib::Request& req, httplib::Response& res);
    void finance_post(const httplib::Request& req, httplib::Response& res);
    void balance_page(const httplib::Request& req, httplib::Response& res);
    void rules_page(const httplib::Request& req, httplib::Response& res);
    void login_page(const httplib::Request& req, httplib::Response& res);
    void login_post(const httplib::Request& req, httplib::Response& res);
    void logout_post(const httplib::Request& req, httplib::Response& res);

    // API
    void api_check(const httplib::Request& req, httplib::Response& res);
    void api_timeline(const httplib::Request& req, httplib::Response& res);
    void api_forwarding(const httplib::Request& req, httplib::Response& res);
    void api_questions(const httplib::Request& req, httplib::Response& res);
    void api_rules(const httplib::Request& req, httplib::Response& res);

    // The Prüfprotokoll (issue 11) in the desk's data file: a check record for every saved
    // complete case (none when the facts and result equal the last record of that case), and
    // the check a decision is taken on.  Returns the record's nr and the explained result; nullopt when the case cannot
    // be evaluated (nothing to record).  Throws protokoll::Error when the file cannot be written.
    struct RecordedCheck {
        std::int64_t nr = 0;
        std::string explained_json;  // the result with its explanation, as `check --json --erklaerung`
    };
    std::optional<RecordedCheck> record_check(const Visitor& v, const std::string& yaml);
    // A decision on check record `check_nr`; returns its nr.
    std::int64_t record_decision(const Visitor& v, std::int64_t check_nr, bool deviating, const std::string& reason,
                                 const std::string& note);
    // Art. 17 DSGVO: a deleted case's facts leave the Prüfprotokoll too (a tombstone stays);
    // returns the nr of the deletion record, nullopt when the case was never recorded.
    std::optional<std::int64_t> erase_from_protokoll(const Visitor& v, const std::string& kennung);
    void open_protokoll();

    // The stored case the path names (/faelle/ID…); else a 404 page „Fall nicht gefunden“ with the
    // HTML `not_found` and nullopt.
    std::optional<StoredCase> case_in_path(const httplib::Request& req, httplib::Response& res, const Visitor& v,
                                           const std::string& not_found);
    // admit() for the case pages, then case_in_path(): nullopt once either has answered.
    std::optional<CaseVisit> admit_to_case(const httplib::Request& req, httplib::Response& res, const std::string& not_found);
    std::string case_body(const Visitor& v, std::int64_t id, const std::string& yaml, const std::string& notice, bool show_all = false);
    // The result beside the form, rendered from `run` (the check of `yaml`) and the case's timeline.
    // The column beside the form: the questions still open (the minimal interview), else the result.
    std::string result_panel(const std::string& yaml, const CheckRun& run, const std::optional<Interview>& asked);
    std::optional<Interview> open_questions(const std::string& yaml, const CheckRun& run);

    DeskOptions options_;
    DeskRules rules_;
    Store& store_;
    Sessions sessions_;
    std::unique_ptr<httplib::Server> server_;
    int listen_socket_ = -1;  // the socket bound last (see Desk::bind)
    std::atomic<bool> users_known_{false};
    std::atomic<long long> users_checked_{0};
    std::mutex log_mutex_;
    std::optional<protokoll::Store> protokoll_;  // one connection, used under protokoll_mutex_
    std::mutex protokoll_mutex_;
};

// The data directory when --daten is not given: $XDG_DATA_HOME/klappt or ~/.local/share/klappt.
std::filesystem::path default_data_directory();

}  // namespace klappt::web
