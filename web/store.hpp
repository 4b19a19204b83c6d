// The desk's one data file: an SQLite database under --daten holding the KI's
// cases (as io.md YAML, so a case can go on by file), the users, the decisions
// and the event log.  Every write is one transaction with synchronous=FULL in
// WAL mode: a save that was answered with success survives a crash (kill -9).
// One connection, used under a mutex (the desk has a handful of users).
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace klappt::web {

// A problem with the data file, in German.
struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct StoredCase {
    std::int64_t id = 0;
    std::string kennung;  // the case's id (io.md `fall`), for the list and the search
    std::string yaml;     // the case as io.md YAML
    std::string changed;  // ISO date and time (UTC) of the last save
    std::int64_t version = 0;
};

struct User {
    std::string name, role, password_hash;
};

struct Decision {
    std::int64_t id = 0, case_id = 0;
    std::string kind;        // uebernommen | abweichend
    std::string reason;      // required for abweichend
    std::string note;        // further circumstances
    std::string user, time;  // who and when (UTC, ISO)
    std::string result_json; // the result the decision was made on
    std::string case_yaml;   // the facts it was made on
    std::string record;      // Prüfprotokoll reference, when one was written
};

class Store {
public:
    explicit Store(const std::filesystem::path& file);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::filesystem::path& file() const { return file_; }

    std::vector<StoredCase> cases(const std::string& search = "", std::size_t limit = 500);
    std::vector<StoredCase> all_cases();
    std::optional<StoredCase> find_case(std::int64_t id);
    std::int64_t add_case(const std::string& kennung, const std::string& yaml);
    bool update_case(std::int64_t id, const std::string& kennung, const std::string& yaml);
    bool delete_case(std::int64_t id);  // with its decisions

    bool has_users();
    std::size_t user_count();
    void add_user(const User& user);  // replaces the password and role of an existing name
    std::optional<User> find_user(const std::string& name);

    std::int64_t add_decision(const Decision& decision);
    std::vector<Decision> decisions(std::int64_t case_id);
    std::optional<Decision> find_decision(std::int64_t id);

    // The event log: what happened, by whom, to which case number — never personal data.
    void log(const std::string& user, const std::string& event, std::int64_t case_id = 0);
    std::vector<std::string> log_lines(std::size_t limit = 200);

private:
    void exec(const char* sql);
    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
    std::mutex mutex_;
};

// Now (UTC) as "2026-11-30T04:17:43Z".
std::string now_iso();

}  // namespace klappt::web
