#include "web/store.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <ctime>

namespace klappt::web {

std::string now_iso() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

namespace {

// One prepared statement, finalised on every path.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
            throw StoreError(std::string("Datenbankfehler: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement& bind(int i, const std::string& text) {
        sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int i, std::int64_t n) {
        sqlite3_bind_int64(stmt_, i, n);
        return *this;
    }
    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw StoreError(std::string("Datenbankfehler: ") + sqlite3_errmsg(db_));
    }
    std::string text(int col) {
        const unsigned char* t = sqlite3_column_text(stmt_, col);
        return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
                 : std::string();
    }
    std::int64_t integer(int col) { return sqlite3_column_int64(stmt_, col); }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

StoredCase read_case(Statement& s) {
    return {s.integer(0), s.text(1), s.text(2), s.text(3), s.integer(4)};
}

Decision read_decision(Statement& s) {
    Decision d;
    d.id = s.integer(0);
    d.case_id = s.integer(1);
    d.kind = s.text(2);
    d.reason = s.text(3);
    d.note = s.text(4);
    d.user = s.text(5);
    d.time = s.text(6);
    d.result_json = s.text(7);
    d.case_yaml = s.text(8);
    d.record = s.text(9);
    return d;
}

// Every row of `s`, each read by `read`.
template <class Row>
std::vector<Row> all_rows(Statement& s, Row (*read)(Statement&)) {
    std::vector<Row> out;
    while (s.step()) out.push_back(read(s));
    return out;
}

constexpr const char* kCaseColumns = "id, kennung, yaml, geaendert, version";
constexpr const char* kDecisionColumns = "id, fall, art, begruendung, notiz, benutzer, zeit, ergebnis, falldaten, protokoll";

// The row of `table` with this id, its `columns` read by `read`.
template <class Row>
std::optional<Row> row_by_id(sqlite3* db, const char* table, const char* columns, std::int64_t id, Row (*read)(Statement&)) {
    Statement s(db, (std::string("SELECT ") + columns + " FROM " + table + " WHERE id = ?1").c_str());
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read(s);
}

}  // namespace

Store::Store(const std::filesystem::path& file) : file_(file) {
    std::error_code ec;
    bool existed = std::filesystem::exists(file.parent_path(), ec);
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) throw StoreError("Datenordner " + file.parent_path().string() + " lässt sich nicht anlegen: " + ec.message());
    // Only the owner may look into a data folder the desk creates (personal data of young refugees).
    if (!existed) std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
    // The file holds personal data: only its owner may read it (also the WAL and SHM files).
    mode_t old_mask = ::umask(077);
    int rc = sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                             nullptr);
    ::umask(old_mask);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "unbekannter Fehler";
        sqlite3_close(db_);
        db_ = nullptr;
        throw StoreError("Datendatei " + file.string() + " lässt sich nicht öffnen: " + message);
    }
    ::chmod(file.c_str(), 0600);
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
    exec("CREATE TABLE IF NOT EXISTS faelle (id INTEGER PRIMARY KEY, kennung TEXT NOT NULL, yaml TEXT NOT NULL,"
         " angelegt TEXT NOT NULL, geaendert TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1)");
    exec("CREATE TABLE IF NOT EXISTS benutzer (name TEXT PRIMARY KEY, rolle TEXT NOT NULL, hash TEXT NOT NULL,"
         " angelegt TEXT NOT NULL)");
    exec("CREATE TABLE IF NOT EXISTS entscheidungen (id INTEGER PRIMARY KEY, fall INTEGER NOT NULL REFERENCES faelle(id)"
         " ON DELETE CASCADE, art TEXT NOT NULL, begruendung TEXT NOT NULL, notiz TEXT NOT NULL, benutzer TEXT NOT NULL,"
         " zeit TEXT NOT NULL, ergebnis TEXT NOT NULL, falldaten TEXT NOT NULL, protokoll TEXT NOT NULL DEFAULT '')");
    exec("CREATE TABLE IF NOT EXISTS ereignisse (id INTEGER PRIMARY KEY, zeit TEXT NOT NULL, benutzer TEXT NOT NULL,"
         " ereignis TEXT NOT NULL, fall INTEGER NOT NULL DEFAULT 0)");
}

Store::~Store() { sqlite3_close(db_); }

void Store::exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : "unbekannter Fehler";
        sqlite3_free(error);
        throw StoreError("Datenbankfehler in " + file_.string() + ": " + message);
    }
}

std::vector<StoredCase> Store::cases(const std::string& search, std::size_t limit) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT id, kennung, yaml, geaendert, version FROM faelle WHERE kennung LIKE ?1 ESCAPE '\\'"
                     " ORDER BY geaendert DESC, id DESC LIMIT ?2");
    std::string pattern = "%";
    for (char c : search) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    pattern += "%";
    s.bind(1, pattern).bind(2, static_cast<std::int64_t>(limit));
    return all_rows(s, read_case);
}

std::vector<StoredCase> Store::all_cases() {
    std::lock_guard lock(mutex_);
    Statement s(db_, (std::string("SELECT ") + kCaseColumns + " FROM faelle ORDER BY id").c_str());
    return all_rows(s, read_case);
}

std::optional<StoredCase> Store::find_case(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return row_by_id(db_, "faelle", kCaseColumns, id, read_case);
}

std::int64_t Store::add_case(const std::string& kennung, const std::string& yaml) {
    std::lock_guard lock(mutex_);
    std::string now = now_iso();
    Statement s(db_, "INSERT INTO faelle (kennung, yaml, angelegt, geaendert) VALUES (?1, ?2, ?3, ?3)");
    s.bind(1, kennung).bind(2, yaml).bind(3, now);
    s.step();
    return sqlite3_last_insert_rowid(db_);
}

bool Store::update_case(std::int64_t id, const std::string& kennung, const std::string& yaml) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "UPDATE faelle SET kennung = ?1, yaml = ?2, geaendert = ?3, version = version + 1 WHERE id = ?4");
    s.bind(1, kennung).bind(2, yaml).bind(3, now_iso()).bind(4, id);
    s.step();
    return sqlite3_changes(db_) > 0;
}

bool Store::delete_case(std::int64_t id) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "DELETE FROM faelle WHERE id = ?1");
    s.bind(1, id);
    s.step();
    return sqlite3_changes(db_) > 0;
}

bool Store::has_users() { return user_count() > 0; }

std::size_t Store::user_count() {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT count(*) FROM benutzer");
    s.step();
    return static_cast<std::size_t>(s.integer(0));
}

void Store::add_user(const User& user) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "INSERT INTO benutzer (name, rolle, hash, angelegt) VALUES (?1, ?2, ?3, ?4)"
                     " ON CONFLICT(name) DO UPDATE SET rolle = excluded.rolle, hash = excluded.hash");
    s.bind(1, user.name).bind(2, user.role).bind(3, user.password_hash).bind(4, now_iso());
    s.step();
}

std::optional<User> Store::find_user(const std::string& name) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT name, rolle, hash FROM benutzer WHERE name = ?1");
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    return User{s.text(0), s.text(1), s.text(2)};
}

std::int64_t Store::add_decision(const Decision& d) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "INSERT INTO entscheidungen (fall, art, begruendung, notiz, benutzer, zeit, ergebnis, falldaten,"
                     " protokoll) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    s.bind(1, d.case_id).bind(2, d.kind).bind(3, d.reason).bind(4, d.note).bind(5, d.user).bind(6, d.time);
    s.bind(7, d.result_json).bind(8, d.case_yaml).bind(9, d.record);
    s.step();
    return sqlite3_last_insert_rowid(db_);
}

std::vector<Decision> Store::decisions(std::int64_t case_id) {
    std::lock_guard lock(mutex_);
    Statement s(db_, (std::string("SELECT ") + kDecisionColumns + " FROM entscheidungen WHERE fall = ?1 ORDER BY id DESC")
                         .c_str());
    s.bind(1, case_id);
    return all_rows(s, read_decision);
}

std::optional<Decision> Store::find_decision(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return row_by_id(db_, "entscheidungen", kDecisionColumns, id, read_decision);
}

void Store::log(const std::string& user, const std::string& event, std::int64_t case_id) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "INSERT INTO ereignisse (zeit, benutzer, ereignis, fall) VALUES (?1, ?2, ?3, ?4)");
    s.bind(1, now_iso()).bind(2, user).bind(3, event).bind(4, case_id);
    s.step();
}

std::vector<std::string> Store::log_lines(std::size_t limit) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT zeit, benutzer, ereignis, fall FROM ereignisse ORDER BY id DESC LIMIT ?1");
    s.bind(1, static_cast<std::int64_t>(limit));
    std::vector<std::string> out;
    while (s.step()) {
        std::string line = s.text(0) + " " + (s.text(1).empty() ? "-" : s.text(1)) + " " + s.text(2);
        if (s.integer(3)) line += " Fall-Nr. " + std::to_string(s.integer(3));
        out.push_back(line);
    }
    return out;
}

}  // namespace klappt::web
