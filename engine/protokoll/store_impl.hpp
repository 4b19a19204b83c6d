// What the parts of the Prüfprotokoll (store, verification, export, seals) share.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/protokoll/canonical.hpp"
#include "engine/protokoll/protokoll.hpp"
#include "engine/input/rule_set_loader.hpp"

namespace klappt::protokoll {

struct Store::Impl {
    std::filesystem::path path;
    std::unique_ptr<SQLite::Database> db;
    bool read_only = false;
    bool is_export = false;
    std::string export_case;

    // One transaction: `before` (checks, rule set, deletions), then the record under the chain.
    std::int64_t append(const std::string& kind, const std::string& case_id, const std::string& user, Json kopf,
                        const std::optional<Json>& daten, const std::function<void(SQLite::Database&)>& before);

    static const char* kColumns;
    static Record read_record(SQLite::Statement& q);

    // The stored files of a rule set, checked against their hash; nullopt with `problem` otherwise.
    std::optional<RuleSetSources> rule_set_sources(const std::string& sha256, std::string& problem) const;
};

// hash(nr) of the chain (see protokoll.hpp).
std::string chain_hash(std::int64_t nr, const std::string& previous, const std::string& kopf_sha256);
const std::string& genesis_hash();
// The message a seal signs.
std::string seal_message(std::int64_t nr, const std::string& hash, const std::string& time);

// `system_errno`: sqlite3_system_errno() of the connection, to tell a full disk from other I/O errors.
Error sqlite_error(const SQLite::Exception& e, const std::filesystem::path& path, const std::string& doing,
                   int system_errno = 0);

}  // namespace klappt::protokoll
