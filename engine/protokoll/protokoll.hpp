// The Prüfprotokoll: an append-only, hash-chained record of every check and every
// decision a person takes on it, in SQLite, so that an auditor can verify years
// later what was decided, on which facts, under which rules, by whom — and replay it.
//
// Layout (all tables prefixed `protokoll_`, so the web desk can keep its own tables
// in the same file; the format is described for auditors in docs/protokoll.md):
//   protokoll_meta        key/value: format = klappt-protokoll, schema = 1, art = protokoll|auszug
//   protokoll_eintraege   one row per record, nr 1, 2, 3 … (never updated, except that
//                         an Art.-17 deletion empties `daten` and sets `geloescht_durch`)
//   protokoll_regelwerke  every rule set a record used, content-addressed by its sha256
//   protokoll_siegel      Ed25519 signatures over a chain head
//
// Every record has a `kopf` (canonical JSON, part of the chain) and `daten` (canonical
// JSON with the personal part: facts, result, explanation, reasons — and a random salt);
// the kopf holds sha256(daten), so daten can be deleted while the chain still verifies.
//   hash(nr) = sha256("klappt-protokoll/1\n" + nr + "\n" + hash(nr-1) + "\n" + sha256(kopf))
// with hash(0) = 64 × "0".
//
// Thread safety: one Store per thread (SQLite connection); several processes may append
// to the same file (appends are serialised by SQLite's write lock).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result/case_result.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {
class Evaluator;
}

namespace klappt::protokoll {

inline constexpr int kSchemaVersion = 1;
// How `Record::explanation` is rendered: the text of `klappt check --explain` (explanation_text).
inline constexpr const char* kExplanationFormat = "klappt-erklaerung-text/1";

// Every failure carries a complete German message (what, which file/record, what to do).
class Error : public std::runtime_error {
public:
    enum class Kind {
        not_ours,       // the file is no SQLite database, or one without a Prüfprotokoll
        newer_schema,   // written by a newer klappt
        locked,         // another process holds the write lock (after the busy timeout)
        disk_full,      // SQLITE_FULL / no space: nothing was written
        io,             // cannot open/read/write the file
        invalid_input,  // a bad argument: unknown record, missing reason, …
    };
    Error(Kind kind, const std::string& message) : std::runtime_error(message), kind(kind) {}
    Kind kind;
};

// What a person decided on a check (§ 35a VwVfG: klappt proposes, a person decides).
enum class Decision { adopted, deviating };
const char* decision_word(Decision d);  // "übernommen", "abweichend"

// One check to be recorded.  `result_json` and `explanation` are exactly what was shown.
struct CheckInput {
    std::string case_id;        // fall
    std::string facts;          // the case document as given (YAML text; JSON is YAML too)
    std::string check_date;     // ISO date the case was checked on (stichtag)
    bool check_date_given = false;  // true when the date replaced the case's own (--stichtag)
    std::string result_json;    // one line, as `klappt check --json` renders it (without newline)
    std::string explanation;    // as rendered, see explanation_format
    std::string explanation_format = kExplanationFormat;
    std::string user;           // bearbeiter (login name of the web desk, or --bearbeiter)
    std::optional<std::int64_t> corrects;  // nr of an earlier check of the same case this one corrects
};

// Evaluates one case document under `program` (with the trace) and renders it the way
// `klappt check --json` / `--explain` do.  `check_date` replaces the case's own date when
// given.  Throws Error(invalid_input) with the case's field errors when it cannot be evaluated.
CheckInput evaluate_check(const Program& program, std::string_view facts_yaml, const std::string& user,
                          std::optional<DayNumber> check_date = std::nullopt);

// The same for a case just run with its technical tree (ResultDetail::technical_tree), so a
// caller that shows the result renders it once and records exactly that.  The result must
// be evaluated (CaseResult::evaluated).
CheckInput record_of(const CaseResult& result, std::string facts, const std::string& user, bool check_date_given);

struct DecisionInput {
    std::int64_t check_nr = 0;  // the check record decided on
    Decision decision = Decision::adopted;
    std::string reason;         // required for Decision::deviating (§ 39 VwVfG)
    std::string note;           // optional: further circumstances (§ 24 Abs. 1 S. 3 VwVfG)
    std::string user;
    std::optional<std::int64_t> corrects;  // nr of an earlier decision on the same check
};

// A record as read back.  The personal part is empty once deleted (see `deleted_by`).
struct Record {
    std::int64_t nr = 0;
    std::string kind;            // "pruefung", "entscheidung", "loeschung"
    std::string case_id, time, user;  // time: UTC, 2026-03-14T09:30:00.123Z
    // pruefung
    std::string check_date;
    bool check_date_given = false;
    std::string rules_name, rules_version, rules_sha256, engine_version, explanation_format;
    // entscheidung: the check decided on; pruefung/entscheidung: the record corrected
    std::optional<std::int64_t> refers_to, corrects;
    std::string decision;        // "übernommen" / "abweichend" (entscheidung)
    // loeschung
    std::string deletion_reason;
    std::vector<std::int64_t> deleted_records;
    // the personal part (daten)
    std::string facts, result_json, explanation, reason, note;
    std::string data_sha256;     // sha256(daten) as kept in the kopf
    std::optional<std::int64_t> deleted_by;  // nr of the loeschung record when daten was removed
    bool omitted = false;        // only in an export (auszug): a record of another case, kopf hash only
    std::string kopf, previous_hash, hash;
};

// The result of verifying a store (klappt protokoll pruefen).
struct Verification {
    bool ok = true;
    std::optional<std::int64_t> first_bad;  // the first record that does not verify
    std::vector<std::string> problems;      // German, one line each; empty when ok
    std::int64_t records = 0, omitted = 0, rule_sets = 0, seals = 0;
    bool is_export = false;
    std::string head_hash;
};

struct SealInfo {
    std::int64_t id = 0, nr = 0;
    std::string hash, time, public_key_pem, signature_hex;
};

class Store {
public:
    enum class Mode {
        read,    // must exist and hold a Prüfprotokoll
        create,  // created (mode 0600) when missing; an existing empty database gets the tables
    };
    struct Options {
        Mode mode = Mode::read;
        // Add the Prüfprotokoll to a database that already holds other tables (the web desk's
        // own file).  Without it such a file is refused as "not klappt's".
        bool share_database = false;
        int busy_timeout_ms = 3000;
        // false (default): a record is durable once append returns against a crash or kill of the
        // process (WAL, synchronous=NORMAL; ~0.2 ms per record).  true: also against a power loss
        // (synchronous=FULL: an fsync per record, ~10 ms on this machine's disk).
        bool fsync_each_record = false;
    };

    static Store open(const std::filesystem::path& path, Options options);
    static Store open(const std::filesystem::path& path, Mode mode = Mode::read) { return open(path, Options{mode}); }
    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    const std::filesystem::path& path() const;

    // Appends one check record (and the rule set, once per sha256) in one transaction; returns its nr.
    // `program` must be the rule set the result was computed with (its sha256 is recorded).
    std::int64_t append_check(const Program& program, const CheckInput& check);
    // Appends a decision on check record `decision.check_nr`; returns its nr.
    std::int64_t append_decision(const DecisionInput& decision);
    // Art. 17 DSGVO: removes the personal part of every record of `case_id` and appends a
    // loeschung record (tombstone with date, reason, user and the records concerned); returns its nr.
    std::int64_t erase_case(const std::string& case_id, const std::string& reason, const std::string& user);

    std::vector<Record> records(const std::optional<std::string>& case_id = std::nullopt) const;
    std::optional<Record> record(std::int64_t nr) const;
    std::int64_t head() const;  // the last nr, 0 when empty

    // The rule set stored under `sha256`, loaded (throws Error when missing or broken).
    std::shared_ptr<const Program> rule_set(const std::string& sha256) const;

    // Verifies the chain, every stored rule set and every seal (with `public_key_pem` when
    // given, else with the key stored in each seal).
    Verification verify(const std::optional<std::string>& public_key_pem = std::nullopt) const;

    // Signs the current chain head with an Ed25519 private key (PEM); returns the seal.
    SealInfo seal(const std::string& private_key_pem);
    std::vector<SealInfo> seals() const;

    // Writes one case's records, the hashes of all others, the rule sets they use and every
    // seal into a new database at `out` (an auszug that verify() accepts).  Written under a
    // temporary name and renamed, so `out` never exists half-written.
    void export_case(const std::string& case_id, const std::filesystem::path& out) const;

    struct Impl;

private:
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Creates an Ed25519 key pair (PEM: private, public).
std::pair<std::string, std::string> generate_key_pair();

}  // namespace klappt::protokoll
