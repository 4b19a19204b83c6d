// An auszug: one case's records in full, every other record as its hash only (so the
// chain and every seal still verify), the rule sets the case used, all seals — in a
// new SQLite file that `klappt protokoll pruefen` accepts like the whole protocol.
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "engine/protokoll/store_impl.hpp"

namespace klappt::protokoll {

namespace fs = std::filesystem;

void Store::export_case(const std::string& case_id, const fs::path& out) const {
    SQLite::Database& source = *impl_->db;
    std::error_code ec;
    if (fs::is_directory(out, ec)) throw Error(Error::Kind::invalid_input, out.string() + ": ist ein Verzeichnis");
    fs::path folder = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    std::string pattern = (folder / ("." + out.filename().string() + ".tmp-XXXXXX")).string();
    int fd = mkstemp(pattern.data());  // mode 0600
    if (fd < 0)
        throw Error(Error::Kind::io, out.string() + ": kann nicht geschrieben werden (" + std::string(std::strerror(errno)) + ")");
    ::close(fd);
    const fs::path temporary = pattern;
    auto discard = [&]() {
        std::error_code ignore;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(temporary.string() + suffix, ignore);
    };
    try {
        std::int64_t own = 0;
        {
            Store target = Store::open(temporary, Mode::create);
            SQLite::Database& db = *target.impl_->db;
            SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
            db.exec("UPDATE protokoll_meta SET wert = 'auszug' WHERE schluessel = 'art'");
            SQLite::Statement meta(db, "INSERT INTO protokoll_meta (schluessel, wert) VALUES ('fall', ?)");
            meta.bind(1, case_id);
            meta.exec();
            std::set<std::string> rule_sets;
            SQLite::Statement rows(source, "SELECT nr, art, fall, zeit, bearbeiter, kopf, kopf_sha256, daten, geloescht_durch, "
                                           "vorgaenger, hash FROM protokoll_eintraege ORDER BY nr");
            SQLite::Statement insert(db, "INSERT INTO protokoll_eintraege (nr, art, fall, zeit, bearbeiter, kopf, kopf_sha256, "
                                         "daten, geloescht_durch, vorgaenger, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            while (rows.executeStep()) {
                bool mine = rows.getColumn(2).getString() == case_id && !rows.getColumn(5).isNull();
                for (int c = 0; c < 11; ++c) {
                    const SQLite::Column column = rows.getColumn(c);
                    bool keep = mine || c == 0 || c == 6 || c == 9 || c == 10;
                    if (!keep) {
                        if (c >= 1 && c <= 4) insert.bind(c + 1, c == 1 ? "ausgelassen" : "");
                        else insert.bind(c + 1);
                    } else if (column.isNull()) {
                        insert.bind(c + 1);
                    } else if (c == 0 || c == 8) {
                        insert.bind(c + 1, column.getInt64());
                    } else {
                        insert.bind(c + 1, column.getString());
                    }
                }
                insert.exec();
                insert.reset();
                if (mine) {
                    ++own;
                    Json kopf = Json::parse(rows.getColumn(5).getString(), nullptr, false);
                    if (std::string sha = text_field(object_field(kopf, "regeln"), "sha256"); !sha.empty())
                        rule_sets.insert(sha);
                }
            }
            if (own == 0)
                throw Error(Error::Kind::invalid_input, "Prüfprotokoll " + impl_->path.string() + ": keine Einträge für Fall " + case_id);
            SQLite::Statement sets(source, "SELECT sha256, name, version, dateien FROM protokoll_regelwerke WHERE sha256 = ?");
            SQLite::Statement put_set(db, "INSERT INTO protokoll_regelwerke (sha256, name, version, dateien) VALUES (?, ?, ?, ?)");
            for (const auto& sha : rule_sets) {
                sets.bind(1, sha);
                if (sets.executeStep()) {
                    for (int c = 0; c < 4; ++c) put_set.bind(c + 1, sets.getColumn(c).getString());
                    put_set.exec();
                    put_set.reset();
                }
                sets.reset();
            }
            SQLite::Statement seal_rows(source, "SELECT id, nr, hash, zeit, oeffentlicher_schluessel, signatur FROM protokoll_siegel ORDER BY id");
            SQLite::Statement put_seal(db, "INSERT INTO protokoll_siegel (id, nr, hash, zeit, oeffentlicher_schluessel, signatur) VALUES (?, ?, ?, ?, ?, ?)");
            while (seal_rows.executeStep()) {
                put_seal.bind(1, seal_rows.getColumn(0).getInt64());
                put_seal.bind(2, seal_rows.getColumn(1).getInt64());
                for (int c = 2; c < 6; ++c) put_seal.bind(c + 1, seal_rows.getColumn(c).getString());
                put_seal.exec();
                put_seal.reset();
            }
            tx.commit();
            // One self-contained file for the funding file: no -wal/-shm beside it.
            db.exec("PRAGMA journal_mode = DELETE");
        }
        if (::rename(temporary.c_str(), out.c_str()) != 0)
            throw Error(Error::Kind::io, out.string() + ": kann nicht geschrieben werden (" + std::string(std::strerror(errno)) + ")");
    } catch (const SQLite::Exception& e) {
        discard();
        throw sqlite_error(e, out, "Auszug schreiben");
    } catch (...) {
        discard();
        throw;
    }
}

}  // namespace klappt::protokoll
