// The SQLite side of the Prüfprotokoll: opening (and recognising) the file, the
// schema, appending records under the chain, reading them back.  Verification,
// export and seals are in their own files; they share Store::Impl (store_impl.hpp).
#include <date/date.h>
#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <limits>

#include "engine/protokoll/canonical.hpp"
#include "engine/protokoll/protokoll.hpp"
#include "engine/protokoll/store_impl.hpp"
#include "engine/input/rule_set_hash.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/base/hex.hpp"

#ifndef KLAPPT_VERSION
#define KLAPPT_VERSION "0.0.0"
#endif

namespace klappt::protokoll {

namespace fs = std::filesystem;

const char* decision_word(Decision d) { return d == Decision::adopted ? "übernommen" : "abweichend"; }

std::string chain_hash(std::int64_t nr, const std::string& previous, const std::string& kopf_sha256) {
    return sha256_hex("klappt-protokoll/1\n" + std::to_string(nr) + "\n" + previous + "\n" + kopf_sha256);
}

const std::string& genesis_hash() {
    static const std::string zeros(64, '0');
    return zeros;
}

Error sqlite_error(const SQLite::Exception& e, const fs::path& path, const std::string& doing, int system_errno) {
    const std::string where = "Prüfprotokoll " + path.string() + ": ";
    int code = e.getErrorCode();
    // A write that failed for lack of space (or a file-size limit) is a full disk to the user.
    // SQLite reports a short write (ENOSPC, EFBIG, EDQUOT) as SQLITE_FULL or SQLITE_IOERR_WRITE.
    if (code == SQLITE_IOERR && (system_errno == ENOSPC || system_errno == EFBIG || system_errno == EDQUOT ||
                                 e.getExtendedErrorCode() == SQLITE_IOERR_WRITE))
        code = SQLITE_FULL;
    switch (code) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Error(Error::Kind::locked, where + doing + " nicht möglich: die Datei ist gesperrt (ein anderer Prozess "
                                                      "schreibt gerade). Nichts wurde geschrieben; bitte später erneut versuchen.");
        case SQLITE_FULL:
            return Error(Error::Kind::disk_full, where + doing + " nicht möglich: die Datei ließ sich nicht schreiben "
                                                         "(Datenträger voll oder Größengrenze erreicht). Nichts wurde "
                                                         "geschrieben; bitte Platz schaffen und erneut versuchen.");
        case SQLITE_NOTADB:
            return Error(Error::Kind::not_ours, where + "das ist keine SQLite-Datenbank und damit kein klappt-Prüfprotokoll.");
        case SQLITE_CORRUPT:
            return Error(Error::Kind::not_ours, where + "die Datenbankdatei ist beschädigt (SQLite: " + e.what() + ").");
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_CANTOPEN:
            return Error(Error::Kind::io, where + doing + " nicht möglich: keine Schreib- oder Leseberechtigung (" + e.what() + ").");
        default:
            return Error(Error::Kind::io, where + doing + " nicht möglich (SQLite: " + e.what() + "). Nichts wurde geschrieben.");
    }
}

namespace {

constexpr const char* kFormat = "klappt-protokoll";

std::string now_utc() {
    auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    return date::format("%FT%TZ", now);
}

std::string random_salt() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw Error(Error::Kind::io, "Zufallszahlen nicht verfügbar (OpenSSL)");
    return lower_hex(bytes, sizeof bytes);
}

bool table_exists(SQLite::Database& db, const std::string& name) {
    SQLite::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    q.bind(1, name);
    return q.executeStep();
}

void create_schema(SQLite::Database& db) {
    db.exec(R"(
        CREATE TABLE protokoll_meta (schluessel TEXT PRIMARY KEY, wert TEXT NOT NULL);
        CREATE TABLE protokoll_eintraege (
            nr INTEGER PRIMARY KEY,
            art TEXT NOT NULL,
            fall TEXT NOT NULL,
            zeit TEXT NOT NULL,
            bearbeiter TEXT NOT NULL,
            kopf TEXT,
            kopf_sha256 TEXT NOT NULL,
            daten TEXT,
            geloescht_durch INTEGER,
            vorgaenger TEXT NOT NULL,
            hash TEXT NOT NULL);
        CREATE INDEX protokoll_eintraege_fall ON protokoll_eintraege (fall);
        CREATE TABLE protokoll_regelwerke (
            sha256 TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            dateien TEXT NOT NULL);
        CREATE TABLE protokoll_siegel (
            id INTEGER PRIMARY KEY,
            nr INTEGER NOT NULL,
            hash TEXT NOT NULL,
            zeit TEXT NOT NULL,
            oeffentlicher_schluessel TEXT NOT NULL,
            signatur TEXT NOT NULL);
        -- Records are never changed: only an Art.-17 deletion may empty `daten`.
        CREATE TRIGGER protokoll_eintraege_unveraenderlich BEFORE UPDATE OF
            nr, art, fall, zeit, bearbeiter, kopf, kopf_sha256, vorgaenger, hash ON protokoll_eintraege
            BEGIN SELECT RAISE(ABORT, 'Prüfprotokoll: Einträge werden nie geändert'); END;
        CREATE TRIGGER protokoll_eintraege_nicht_loeschen BEFORE DELETE ON protokoll_eintraege
            BEGIN SELECT RAISE(ABORT, 'Prüfprotokoll: Einträge werden nie gelöscht'); END;
    )");
    SQLite::Statement meta(db, "INSERT INTO protokoll_meta (schluessel, wert) VALUES (?, ?)");
    for (auto [k, v] : {std::pair<const char*, std::string>{"format", kFormat},
                        {"schema", std::to_string(kSchemaVersion)},
                        {"art", "protokoll"}}) {
        meta.bind(1, k);
        meta.bind(2, v);
        meta.exec();
        meta.reset();
    }
}

// Creates the file with mode 0600 before SQLite opens it (SQLite would use 0644 minus umask;
// its -wal and -shm files take the database file's mode).
void create_private_file(const fs::path& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return;
        throw Error(Error::Kind::io, "Prüfprotokoll " + path.string() + ": kann nicht angelegt werden (" +
                                         std::strerror(errno) + ")");
    }
    ::close(fd);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const fs::path& Store::path() const { return impl_->path; }

Store Store::open(const fs::path& path, Options options) {
    std::error_code ec;
    bool exists = fs::exists(path, ec);
    if (exists && fs::is_directory(path, ec))
        throw Error(Error::Kind::io, "Prüfprotokoll " + path.string() + ": ist ein Verzeichnis, keine Datei");
    if (!exists && options.mode == Mode::read)
        throw Error(Error::Kind::io, "Prüfprotokoll " + path.string() + ": Datei nicht gefunden");
    bool created = false;
    if (!exists) {
        create_private_file(path);
        created = true;
    }
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    try {
        try {
            impl->db = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READWRITE, options.busy_timeout_ms);
        } catch (const SQLite::Exception&) {
            if (options.mode != Mode::read) throw;
            // An auditor's copy on a read-only medium can still be verified.
            impl->db = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READONLY, options.busy_timeout_ms);
            impl->read_only = true;
        }
        SQLite::Database& db = *impl->db;
        // Any first read tells whether this is an SQLite file at all (SQLITE_NOTADB).
        int tables = db.execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'table'").getInt();
        if (!table_exists(db, "protokoll_meta")) {
            if (options.mode == Mode::read)
                throw Error(Error::Kind::not_ours, "Prüfprotokoll " + path.string() +
                                                       ": die Datenbank enthält kein klappt-Prüfprotokoll (keine Tabelle protokoll_meta).");
            if (tables > 0 && !options.share_database)
                throw Error(Error::Kind::not_ours, "Prüfprotokoll " + path.string() +
                                                       ": das ist eine fremde Datenbank (sie enthält andere Tabellen, aber kein "
                                                       "klappt-Prüfprotokoll); sie wird nicht verändert.");
            db.exec("PRAGMA journal_mode = WAL");
            SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
            if (!table_exists(db, "protokoll_meta")) create_schema(db);  // another process may have been first
            tx.commit();
        }
        std::string format, schema;
        {
            SQLite::Statement q(db, "SELECT schluessel, wert FROM protokoll_meta");
            while (q.executeStep()) {
                std::string key = q.getColumn(0).getString();
                if (key == "format") format = q.getColumn(1).getString();
                else if (key == "schema") schema = q.getColumn(1).getString();
                else if (key == "art") impl->is_export = q.getColumn(1).getString() == "auszug";
                else if (key == "fall") impl->export_case = q.getColumn(1).getString();
            }
        }
        if (format != kFormat)
            throw Error(Error::Kind::not_ours, "Prüfprotokoll " + path.string() + ": die Tabelle protokoll_meta gehört nicht "
                                                   "zu klappt (format = „" + format + "“ statt „" + kFormat + "“).");
        int version = 0;
        try {
            version = std::stoi(schema);
        } catch (...) {
            version = -1;
        }
        if (version > kSchemaVersion)
            throw Error(Error::Kind::newer_schema,
                        "Prüfprotokoll " + path.string() + ": geschrieben von einer neueren klappt-Version (Schema " + schema +
                            "); diese Version kennt nur Schema " + std::to_string(kSchemaVersion) +
                            ". Bitte klappt aktualisieren; die Datei wurde nicht verändert.");
        if (version < 1)
            throw Error(Error::Kind::not_ours, "Prüfprotokoll " + path.string() + ": unbekannte Schemaangabe „" + schema + "“.");
        if (!impl->read_only) {
            db.exec("PRAGMA journal_mode = WAL");
            // WAL + NORMAL: a committed record survives a crash of the process (the log is in the OS);
            // FULL adds an fsync per commit so that it also survives a power loss.
            db.exec(options.fsync_each_record ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            // Deleted personal data is overwritten in the file, not just unlinked.
            db.exec("PRAGMA secure_delete = ON");
        }
    } catch (const SQLite::Exception& e) {
        int system_errno = impl->db ? sqlite3_system_errno(impl->db->getHandle()) : 0;
        impl->db.reset();
        if (created) {
            std::error_code ignore;
            fs::remove(path, ignore);
        }
        throw sqlite_error(e, path, "Öffnen", system_errno);
    } catch (...) {
        impl->db.reset();
        if (created) {
            std::error_code ignore;
            fs::remove(path, ignore);
        }
        throw;
    }
    return Store(std::move(impl));
}

std::int64_t Store::head() const {
    return impl_->db->execAndGet("SELECT coalesce(max(nr), 0) FROM protokoll_eintraege").getInt64();
}

// ---------------------------------------------------------------------------------------------
// Appending

namespace {

struct Head {
    std::int64_t nr = 0;
    std::string hash = genesis_hash();
};

Head current_head(SQLite::Database& db) {
    Head head;
    SQLite::Statement q(db, "SELECT nr, hash FROM protokoll_eintraege ORDER BY nr DESC LIMIT 1");
    if (q.executeStep()) {
        head.nr = q.getColumn(0).getInt64();
        head.hash = q.getColumn(1).getString();
    }
    return head;
}

std::string rule_set_files_json(const Program& program) {
    if (!program.sources) throw Error(Error::Kind::invalid_input, "das Regelwerk wurde nicht aus Dateien geladen");
    const RuleSetSources& s = *program.sources;
    Json files = Json::array();
    auto add = [&](const SourceRef& f, const char* kind) {
        files.push_back({{"art", kind}, {"pfad", rule_set_file_name(*f, program.directory)}, {"inhalt", std::string(f->text())}});
    };
    if (s.manifest) add(s.manifest, "regelwerk");
    for (const auto& f : s.rule_files) add(f, "regeln");
    for (const auto& f : s.parameter_files) add(f, "parameter");
    return canonical(files, "eine Regeldatei");
}

void store_rule_set(SQLite::Database& db, const Program& program) {
    SQLite::Statement exists(db, "SELECT 1 FROM protokoll_regelwerke WHERE sha256 = ?");
    exists.bind(1, program.sha256);
    if (exists.executeStep()) return;
    std::string files = rule_set_files_json(program);
    // The stored files must reproduce the hash the result names, else a replay would lie.
    Json parsed = Json::parse(files);
    std::vector<std::pair<std::string, std::string_view>> named;
    for (const auto& f : parsed) named.emplace_back(f["pfad"].get<std::string>(), f["inhalt"].get_ref<const std::string&>());
    if (rule_set_sha256(named) != program.sha256)
        throw Error(Error::Kind::invalid_input, "das Regelwerk hat sich seit dem Laden geändert (sha256 stimmt nicht)");
    SQLite::Statement insert(db, "INSERT INTO protokoll_regelwerke (sha256, name, version, dateien) VALUES (?, ?, ?, ?)");
    insert.bind(1, program.sha256);
    insert.bind(2, program.manifest.name);
    insert.bind(3, program.manifest.version);
    insert.bind(4, files);
    insert.exec();
}

struct Referenced {
    std::string kind, case_id;
};

std::optional<Referenced> referenced(SQLite::Database& db, std::int64_t nr) {
    SQLite::Statement q(db, "SELECT art, fall FROM protokoll_eintraege WHERE nr = ?");
    q.bind(1, nr);
    if (!q.executeStep()) return std::nullopt;
    return Referenced{q.getColumn(0).getString(), q.getColumn(1).getString()};
}

void require_reference(SQLite::Database& db, std::int64_t nr, const char* kind, const std::string& case_id,
                       const std::string& role) {
    auto r = referenced(db, nr);
    if (!r) throw Error(Error::Kind::invalid_input, role + ": Eintrag " + std::to_string(nr) + " gibt es nicht");
    if (r->kind != kind)
        throw Error(Error::Kind::invalid_input, role + ": Eintrag " + std::to_string(nr) + " ist keine " +
                                                    (std::string(kind) == "pruefung" ? "Prüfung" : "Entscheidung") +
                                                    " (sondern „" + r->kind + "“)");
    if (!case_id.empty() && r->case_id != case_id)
        throw Error(Error::Kind::invalid_input, role + ": Eintrag " + std::to_string(nr) + " gehört zu Fall " + r->case_id +
                                                    ", nicht zu Fall " + case_id);
}

}  // namespace

std::int64_t Store::Impl::append(const std::string& kind, const std::string& case_id, const std::string& user, Json kopf,
                                 const std::optional<Json>& daten, const std::function<void(SQLite::Database&)>& before) {
    if (read_only) throw Error(Error::Kind::io, "Prüfprotokoll " + path.string() + ": nur lesbar, es kann nichts angefügt werden");
    if (is_export)
        throw Error(Error::Kind::invalid_input, "Prüfprotokoll " + path.string() + ": ein Auszug (export) wird nicht fortgeschrieben");
    int system_errno = 0;
    try {
        SQLite::Transaction tx(*db, SQLite::TransactionBehavior::IMMEDIATE);
        try {
        if (before) before(*db);
        Head head = current_head(*db);
        // Numbers count from 1 without gaps, so the largest one only occurs in a store changed
        // behind klappt's back (found by fuzz_protokoll); appending would overflow.
        if (head.nr == std::numeric_limits<std::int64_t>::max())
            throw Error(Error::Kind::invalid_input, "Prüfprotokoll " + path.string() + ": der letzte Eintrag trägt die Nummer " +
                                                        std::to_string(head.nr) + " – das Protokoll wurde verändert "
                                                        "(klappt protokoll pruefen); es wird nichts angefügt");
        std::int64_t nr = head.nr + 1;
        std::string time = now_utc();
        kopf["art"] = kind;
        kopf["fall"] = case_id;
        kopf["bearbeiter"] = user;
        kopf["zeit"] = time;
        std::optional<std::string> daten_text;
        if (daten) {
            daten_text = canonical(*daten, "Der Eintrag");
            kopf["daten_sha256"] = sha256_hex(*daten_text);
        }
        std::string kopf_text = canonical(kopf, "Der Eintrag");
        std::string kopf_sha = sha256_hex(kopf_text);
        SQLite::Statement insert(*db,
                                 "INSERT INTO protokoll_eintraege (nr, art, fall, zeit, bearbeiter, kopf, kopf_sha256, daten, "
                                 "vorgaenger, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind(1, nr);
        insert.bind(2, kind);
        insert.bind(3, case_id);
        insert.bind(4, time);
        insert.bind(5, user);
        insert.bind(6, kopf_text);
        insert.bind(7, kopf_sha);
        if (daten_text) insert.bind(8, *daten_text);
        else insert.bind(8);
        insert.bind(9, head.hash);
        insert.bind(10, chain_hash(nr, head.hash, kopf_sha));
        insert.exec();
        tx.commit();
        return nr;
        } catch (const SQLite::Exception&) {
            system_errno = sqlite3_system_errno(db->getHandle());  // before the rollback overwrites it
            throw;
        }
    } catch (const SQLite::Exception& e) {
        throw sqlite_error(e, path, "Eintrag speichern", system_errno);
    }
}

std::int64_t Store::append_check(const Program& program, const CheckInput& check) {
    if (check.case_id.empty()) throw Error(Error::Kind::invalid_input, "Prüfung ohne Fallnummer kann nicht protokolliert werden");
    if (check.user.empty()) throw Error(Error::Kind::invalid_input, "Bearbeiter fehlt (wer hat geprüft?)");
    Json kopf = {
        {"stichtag", check.check_date},
        {"stichtag_vorgegeben", check.check_date_given},
        {"regeln", {{"name", program.manifest.name}, {"version", program.manifest.version}, {"sha256", program.sha256}}},
        {"engine_version", KLAPPT_VERSION},
        {"erklaerung_format", check.explanation_format},
    };
    if (check.corrects) kopf["korrigiert"] = *check.corrects;
    Json daten = {{"salz", random_salt()},
                  {"fakten", check.facts},
                  {"ergebnis", check.result_json},
                  {"erklaerung", check.explanation}};
    return impl_->append("pruefung", check.case_id, check.user, std::move(kopf), daten, [&](SQLite::Database& db) {
        if (check.corrects) require_reference(db, *check.corrects, "pruefung", check.case_id, "Korrektur");
        store_rule_set(db, program);
    });
}

std::int64_t Store::append_decision(const DecisionInput& decision) {
    if (decision.user.empty()) throw Error(Error::Kind::invalid_input, "Bearbeiter fehlt (wer hat entschieden?)");
    if (decision.decision == Decision::deviating && decision.reason.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Error(Error::Kind::invalid_input,
                    "eine abweichende Entscheidung braucht einen Grund (§ 39 VwVfG: die wesentlichen Gründe schriftlich)");
    std::string case_id;
    {
        auto r = referenced(*impl_->db, decision.check_nr);
        if (!r) throw Error(Error::Kind::invalid_input, "Entscheidung: Eintrag " + std::to_string(decision.check_nr) + " gibt es nicht");
        case_id = r->case_id;
    }
    Json kopf = {{"bezieht_sich_auf", decision.check_nr}, {"entscheidung", decision_word(decision.decision)}};
    if (decision.corrects) kopf["korrigiert"] = *decision.corrects;
    Json daten = {{"salz", random_salt()}, {"grund", decision.reason}, {"hinweis", decision.note}};
    return impl_->append("entscheidung", case_id, decision.user, std::move(kopf), daten, [&](SQLite::Database& db) {
        require_reference(db, decision.check_nr, "pruefung", "", "Entscheidung");
        if (decision.corrects) {
            require_reference(db, *decision.corrects, "entscheidung", case_id, "Korrektur");
            auto earlier = Record{};
            SQLite::Statement q(db, "SELECT kopf FROM protokoll_eintraege WHERE nr = ?");
            q.bind(1, *decision.corrects);
            if (q.executeStep() && !q.getColumn(0).isNull()) {
                Json k = Json::parse(q.getColumn(0).getString(), nullptr, false);
                if (integer_field(k, "bezieht_sich_auf").value_or(0) != decision.check_nr)
                    throw Error(Error::Kind::invalid_input, "Korrektur: Entscheidung " + std::to_string(*decision.corrects) +
                                                                " betrifft eine andere Prüfung");
            }
        }
    });
}

std::int64_t Store::erase_case(const std::string& case_id, const std::string& reason, const std::string& user) {
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Error(Error::Kind::invalid_input, "Löschung braucht einen Grund (z. B. „Aufbewahrungsfrist abgelaufen“)");
    if (user.empty()) throw Error(Error::Kind::invalid_input, "Bearbeiter fehlt (wer löscht?)");
    std::vector<std::int64_t> concerned;
    {
        SQLite::Statement q(*impl_->db,
                            "SELECT nr FROM protokoll_eintraege WHERE fall = ? AND daten IS NOT NULL ORDER BY nr");
        q.bind(1, case_id);
        while (q.executeStep()) concerned.push_back(q.getColumn(0).getInt64());
    }
    if (concerned.empty())
        throw Error(Error::Kind::invalid_input, "Fall " + case_id + ": keine Einträge mit personenbezogenen Daten (schon gelöscht oder unbekannt)");
    Json kopf = {{"grund", reason}, {"eintraege", concerned}};
    std::int64_t nr = impl_->append("loeschung", case_id, user, std::move(kopf), std::nullopt, [&](SQLite::Database& db) {
        // Same transaction as the tombstone: either both or neither.
        SQLite::Statement erase(db, "UPDATE protokoll_eintraege SET daten = NULL, geloescht_durch = "
                                    "(SELECT coalesce(max(nr), 0) + 1 FROM protokoll_eintraege) WHERE nr = ?");
        for (auto n : concerned) {
            erase.bind(1, n);
            erase.exec();
            erase.reset();
        }
    });
    // Old page images may linger in the write-ahead log until a checkpoint.
    try {
        impl_->db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const SQLite::Exception&) {
        // A reader holds the log; the next checkpoint overwrites it.
    }
    return nr;
}

// ---------------------------------------------------------------------------------------------
// Reading

Record Store::Impl::read_record(SQLite::Statement& q) {
    // columns: nr, art, fall, zeit, bearbeiter, kopf, kopf_sha256, daten, geloescht_durch, vorgaenger, hash
    Record r;
    r.nr = q.getColumn(0).getInt64();
    r.kind = q.getColumn(1).getString();
    r.case_id = q.getColumn(2).getString();
    r.time = q.getColumn(3).getString();
    r.user = q.getColumn(4).getString();
    r.omitted = q.getColumn(5).isNull();
    r.kopf = q.getColumn(5).getString();
    if (!q.getColumn(8).isNull()) r.deleted_by = q.getColumn(8).getInt64();
    r.previous_hash = q.getColumn(9).getString();
    r.hash = q.getColumn(10).getString();
    if (r.omitted) return r;
    Json kopf = Json::parse(r.kopf, nullptr, false);
    if (kopf.is_discarded() || !kopf.is_object()) return r;
    auto text = [&](const Json& j, const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string(); };
    auto number = [&](const Json& j, const char* key) -> std::optional<std::int64_t> {
        if (j.contains(key) && j[key].is_number_integer()) return j[key].get<std::int64_t>();
        return std::nullopt;
    };
    r.check_date = text(kopf, "stichtag");
    r.check_date_given = flag_field(kopf, "stichtag_vorgegeben");
    if (kopf.contains("regeln") && kopf["regeln"].is_object()) {
        r.rules_name = text(kopf["regeln"], "name");
        r.rules_version = text(kopf["regeln"], "version");
        r.rules_sha256 = text(kopf["regeln"], "sha256");
    }
    r.engine_version = text(kopf, "engine_version");
    r.explanation_format = text(kopf, "erklaerung_format");
    r.refers_to = number(kopf, "bezieht_sich_auf");
    r.corrects = number(kopf, "korrigiert");
    r.decision = text(kopf, "entscheidung");
    r.data_sha256 = text(kopf, "daten_sha256");
    if (r.kind == "loeschung") {
        r.deletion_reason = text(kopf, "grund");
        if (kopf.contains("eintraege") && kopf["eintraege"].is_array())
            for (const auto& n : kopf["eintraege"])
                if (n.is_number_integer()) r.deleted_records.push_back(n.get<std::int64_t>());
    }
    if (!q.getColumn(7).isNull()) {
        Json daten = Json::parse(q.getColumn(7).getString(), nullptr, false);
        if (daten.is_object()) {
            r.facts = text(daten, "fakten");
            r.result_json = text(daten, "ergebnis");
            r.explanation = text(daten, "erklaerung");
            r.reason = text(daten, "grund");
            r.note = text(daten, "hinweis");
        }
    }
    return r;
}

const char* Store::Impl::kColumns =
    "nr, art, fall, zeit, bearbeiter, kopf, kopf_sha256, daten, geloescht_durch, vorgaenger, hash";

std::vector<Record> Store::records(const std::optional<std::string>& case_id) const {
    std::vector<Record> out;
    try {
        std::string sql = std::string("SELECT ") + Impl::kColumns + " FROM protokoll_eintraege" +
                          (case_id ? " WHERE fall = ?" : "") + " ORDER BY nr";
        SQLite::Statement q(*impl_->db, sql);
        if (case_id) q.bind(1, *case_id);
        while (q.executeStep()) out.push_back(Impl::read_record(q));
    } catch (const SQLite::Exception& e) {
        throw sqlite_error(e, impl_->path, "Lesen");
    }
    return out;
}

std::optional<Record> Store::record(std::int64_t nr) const {
    try {
        SQLite::Statement q(*impl_->db, std::string("SELECT ") + Impl::kColumns + " FROM protokoll_eintraege WHERE nr = ?");
        q.bind(1, nr);
        if (!q.executeStep()) return std::nullopt;
        return Impl::read_record(q);
    } catch (const SQLite::Exception& e) {
        throw sqlite_error(e, impl_->path, "Lesen");
    }
}

std::optional<RuleSetSources> Store::Impl::rule_set_sources(const std::string& sha256, std::string& problem) const {
    SQLite::Statement q(*db, "SELECT dateien FROM protokoll_regelwerke WHERE sha256 = ?");
    q.bind(1, sha256);
    if (!q.executeStep()) {
        problem = "Regelwerk " + sha256 + " ist nicht gespeichert";
        return std::nullopt;
    }
    Json files = Json::parse(q.getColumn(0).getString(), nullptr, false);
    if (!files.is_array()) {
        problem = "Regelwerk " + sha256 + ": gespeicherte Dateien sind unlesbar";
        return std::nullopt;
    }
    // Virtual paths under a folder named after the hash: messages point into the stored set.
    const std::string folder = "regelwerk-" + sha256.substr(0, 12);
    RuleSetSources sources;
    std::vector<std::pair<std::string, std::string_view>> named;
    for (const auto& f : files) {
        if (!f.is_object() || !f.contains("pfad") || !f.contains("inhalt") || !f.contains("art") || !f["pfad"].is_string() ||
            !f["inhalt"].is_string() || !f["art"].is_string()) {
            problem = "Regelwerk " + sha256 + ": gespeicherte Dateien sind unlesbar";
            return std::nullopt;
        }
        auto file = std::make_shared<const SourceFile>(folder + "/" + f["pfad"].get<std::string>(), f["inhalt"].get<std::string>());
        std::string kind = f["art"].get<std::string>();
        if (kind == "regelwerk") sources.manifest = file;
        else if (kind == "regeln") sources.rule_files.push_back(file);
        else sources.parameter_files.push_back(file);
        named.emplace_back(f["pfad"].get<std::string>(), file->text());
    }
    std::string actual = rule_set_sha256(named);
    if (actual != sha256) {
        problem = "Regelwerk " + sha256 + ": der Inhalt ergibt sha256 " + actual + " (verändert)";
        return std::nullopt;
    }
    return sources;
}

std::shared_ptr<const Program> Store::rule_set(const std::string& sha256) const {
    std::string problem;
    std::optional<RuleSetSources> sources;
    try {
        sources = impl_->rule_set_sources(sha256, problem);
    } catch (const SQLite::Exception& e) {
        throw sqlite_error(e, impl_->path, "Lesen");
    }
    if (!sources) throw Error(Error::Kind::invalid_input, "Prüfprotokoll " + impl_->path.string() + ": " + problem);
    LoadResult loaded = load_rule_set(*sources, "regelwerk-" + sha256.substr(0, 12));
    if (!loaded.program)
        throw Error(Error::Kind::invalid_input, "Prüfprotokoll " + impl_->path.string() + ": Regelwerk " + sha256 +
                                                    " lässt sich mit dieser klappt-Version nicht mehr laden");
    return loaded.program;
}

}  // namespace klappt::protokoll
