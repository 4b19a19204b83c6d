// Verifying a Prüfprotokoll (or an auszug of it): the chain, every stored rule set,
// every seal.  Streams the records once, so 100 000 records take seconds, not minutes.
#include <date/date.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "engine/protokoll/seal_crypto.hpp"
#include "engine/protokoll/store_impl.hpp"
#include "engine/input/rule_set_hash.hpp"

namespace klappt::protokoll {

namespace {

constexpr std::size_t kMaxProblems = 20;  // the first are what matters; the rest would bury them

struct Problems {
    Verification& v;
    void add(std::int64_t nr, const std::string& text) {
        v.ok = false;
        if (!v.first_bad || nr < *v.first_bad) v.first_bad = nr;
        if (v.problems.size() < kMaxProblems) v.problems.push_back(text);
        else if (v.problems.size() == kMaxProblems) v.problems.push_back("… (weitere Abweichungen nicht aufgeführt)");
    }
};

std::string entry(std::int64_t nr) { return "Eintrag " + std::to_string(nr) + ": "; }

// A text column without copying it (the data of 100 000 records are gigabytes); valid until the next step.
std::string_view text_of(const SQLite::Column& column) {
    const char* text = column.getText();
    return {text, static_cast<std::size_t>(column.getBytes())};
}


// sha256(daten) of every record that has data, by nr — the bulk of verifying (gigabytes of
// facts, results and explanations), so it runs on its own connection beside the chain walk.
struct DataHashes {
    std::vector<std::pair<std::int64_t, std::string>> by_nr;  // ascending nr
    bool complete = false;                                     // false: compute the missing ones inline

    void compute(const std::filesystem::path& path) {
        try {
            SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
            db.setBusyTimeout(3000);
            SQLite::Statement q(db, "SELECT nr, daten FROM protokoll_eintraege WHERE daten IS NOT NULL ORDER BY nr");
            while (q.executeStep()) by_nr.emplace_back(q.getColumn(0).getInt64(), sha256_hex(text_of(q.getColumn(1))));
            complete = true;
        } catch (const std::exception&) {
            by_nr.clear();  // the chain walk reports what is wrong with the file
        }
    }
    const std::string* find(std::int64_t nr) const {
        auto it = std::lower_bound(by_nr.begin(), by_nr.end(), nr, [](const auto& p, std::int64_t n) { return p.first < n; });
        return it != by_nr.end() && it->first == nr ? &it->second : nullptr;
    }
};

}  // namespace

std::string seal_message(std::int64_t nr, const std::string& hash, const std::string& time) {
    return "klappt-protokoll-siegel/1\n" + std::to_string(nr) + "\n" + hash + "\n" + time + "\n";
}

Verification Store::verify(const std::optional<std::string>& public_key_pem) const {
    Verification v;
    v.is_export = impl_->is_export;
    Problems problems{v};
    SQLite::Database& db = *impl_->db;
    try {
        // Rule sets: each must reproduce the hash it is stored under.
        std::set<std::string> good_rule_sets, all_rule_sets;
        std::map<std::string, std::string> rule_set_problem;
        {
            SQLite::Statement q(db, "SELECT sha256 FROM protokoll_regelwerke ORDER BY sha256");
            std::vector<std::string> keys;
            while (q.executeStep()) keys.push_back(q.getColumn(0).getString());
            for (const auto& sha : keys) {
                ++v.rule_sets;
                all_rule_sets.insert(sha);
                std::string problem;
                if (impl_->rule_set_sources(sha, problem)) good_rule_sets.insert(sha);
                else rule_set_problem[sha] = problem;
            }
        }
        std::map<std::int64_t, std::vector<SealInfo>> seals_at;
        for (auto& s : seals()) seals_at[s.nr].push_back(s);

        DataHashes data_hashes;
        std::thread hasher;
        if (std::filesystem::is_regular_file(impl_->path)) hasher = std::thread([&] { data_hashes.compute(impl_->path); });
        struct JoinOnExit {
            std::thread& t;
            ~JoinOnExit() {
                if (t.joinable()) t.join();
            }
        } join_on_exit{hasher};
        std::vector<std::pair<std::int64_t, std::string>> data_to_check;  // nr, daten_sha256 from the kopf

        std::map<std::int64_t, std::int64_t> erased;                  // record → its loeschung record
        std::map<std::int64_t, std::set<std::int64_t>> erasures;      // loeschung record → records it names
        std::set<std::string> reported_rule_sets;
        std::int64_t expected = 1;
        std::string previous = genesis_hash();
        SQLite::Statement q(db, std::string("SELECT ") + Impl::kColumns + " FROM protokoll_eintraege ORDER BY nr");
        while (q.executeStep()) {
            std::int64_t nr = q.getColumn(0).getInt64();
            std::string kopf_sha = q.getColumn(6).getString();
            std::string stored_previous = q.getColumn(9).getString();
            std::string hash = q.getColumn(10).getString();
            ++v.records;
            // A changed store may hold any 64-bit number (also the smallest and the largest):
            // the number before and after are computed only where they exist.
            const std::string before = nr > std::numeric_limits<std::int64_t>::min() ? std::to_string(nr - 1) : "davor";
            if (nr != expected) {
                problems.add(expected, nr > expected
                                           ? entry(expected) + "fehlt (Einträge " + std::to_string(expected) + " bis " +
                                                 before + " gelöscht?)"
                                           : entry(nr) + "Nummer doppelt oder umsortiert");
            }
            if (stored_previous != previous)
                problems.add(nr, entry(nr) + "die Verkettung mit Eintrag " + before +
                                     " stimmt nicht (ein Eintrag davor fehlt, wurde umsortiert oder verändert)");
            if (hash != chain_hash(nr, stored_previous, kopf_sha))
                problems.add(nr, entry(nr) + "der Hash des Eintrags stimmt nicht (Eintrag verändert)");
            if (q.getColumn(5).isNull()) {
                ++v.omitted;
                if (!impl_->is_export) problems.add(nr, entry(nr) + "der Inhalt (kopf) fehlt");
            } else {
                std::string_view kopf_text = text_of(q.getColumn(5));
                if (sha256_hex(kopf_text) != kopf_sha) problems.add(nr, entry(nr) + "der Inhalt wurde verändert (kopf)");
                Json kopf = Json::parse(kopf_text.begin(), kopf_text.end(), nullptr, false);
                if (!kopf.is_object()) {
                    problems.add(nr, entry(nr) + "der Inhalt ist kein gültiges JSON");
                } else {
                    static const char* columns[] = {"art", "fall", "zeit", "bearbeiter"};
                    for (int c = 0; c < 4; ++c) {
                        const char* key = columns[c];
                        if (!kopf.contains(key) || !kopf[key].is_string() || kopf[key].get_ref<const std::string&>() != q.getColumn(c + 1).getString())
                            problems.add(nr, entry(nr) + "die Spalte „" + key + "“ passt nicht zum Inhalt (verändert)");
                    }
                    std::string kind = text_field(kopf, "art");
                    if (kopf.contains("daten_sha256")) {
                        if (!q.getColumn(7).isNull()) {
                            data_to_check.emplace_back(nr, text_field(kopf, "daten_sha256"));
                        } else if (q.getColumn(8).isNull()) {
                            problems.add(nr, entry(nr) + "die Daten fehlen, ohne dass eine Löschung eingetragen ist");
                        } else {
                            erased[nr] = q.getColumn(8).getInt64();
                        }
                    } else if (!q.getColumn(7).isNull()) {
                        problems.add(nr, entry(nr) + "enthält Daten, die der Kopf nicht kennt");
                    }
                    if (kind == "pruefung") {
                        std::string sha = text_field(object_field(kopf, "regeln"), "sha256");
                        if (!good_rule_sets.count(sha)) {
                            if (!all_rule_sets.count(sha)) problems.add(nr, entry(nr) + "das Regelwerk " + sha + " ist nicht gespeichert");
                            else problems.add(nr, entry(nr) + rule_set_problem[sha]);
                        }
                    } else if (kind == "loeschung") {
                        auto& names = erasures[nr];
                        if (kopf.contains("eintraege") && kopf["eintraege"].is_array())
                            for (const auto& n : kopf["eintraege"])
                                if (n.is_number_integer()) names.insert(n.get<std::int64_t>());
                    } else if (kind != "entscheidung") {
                        problems.add(nr, entry(nr) + "unbekannte Art „" + kind + "“");
                    }
                }
            }
            if (auto s = seals_at.find(nr); s != seals_at.end()) {
                for (const auto& seal : s->second) {
                    if (seal.hash != hash) {
                        problems.add(nr, "Siegel " + std::to_string(seal.id) + " über Eintrag " + std::to_string(nr) +
                                             ": der Eintrag hat nicht mehr den gesiegelten Hash (verändert)");
                        continue;
                    }
                    const std::string& key = public_key_pem ? *public_key_pem : seal.public_key_pem;
                    if (!ed25519_verify(key, seal_message(seal.nr, seal.hash, seal.time), seal.signature_hex))
                        problems.add(nr, "Siegel " + std::to_string(seal.id) + " über Eintrag " + std::to_string(nr) +
                                             ": die Signatur ist ungültig" +
                                             (public_key_pem ? " (mit dem angegebenen öffentlichen Schlüssel)" : ""));
                    else ++v.seals;
                }
                seals_at.erase(s);
            }
            previous = hash;
            expected = nr < std::numeric_limits<std::int64_t>::max() ? nr + 1 : nr;  // the largest is the last (nr is the key)
        }
        v.head_hash = previous;
        if (hasher.joinable()) hasher.join();
        for (const auto& [nr, expected_sha] : data_to_check) {
            const std::string* actual = data_hashes.find(nr);
            std::string inline_sha;
            if (!actual) {  // appended after the hasher's snapshot, or no second connection
                SQLite::Statement d(db, "SELECT daten FROM protokoll_eintraege WHERE nr = ?");
                d.bind(1, nr);
                if (d.executeStep() && !d.getColumn(0).isNull()) inline_sha = sha256_hex(text_of(d.getColumn(0)));
                actual = &inline_sha;
            }
            if (*actual != expected_sha)
                problems.add(nr, entry(nr) + "die Daten (Fakten, Ergebnis, Erklärung, Gründe) wurden verändert");
        }
        for (const auto& [nr, list] : seals_at)
            for (const auto& seal : list)
                problems.add(nr, "Siegel " + std::to_string(seal.id) + " nennt Eintrag " + std::to_string(nr) +
                                     ", den es nicht (mehr) gibt");
        for (const auto& [nr, by] : erased) {
            auto e = erasures.find(by);
            if (e == erasures.end() || !e->second.count(nr))
                problems.add(nr, entry(nr) + "die Daten fehlen; Eintrag " + std::to_string(by) + " ist keine Löschung dieses Eintrags");
        }
        for (const auto& unused : rule_set_problem) {
            // (named members, not a structured binding: clang 14, the fuzz build's compiler,
            // cannot capture a structured binding in a lambda)
            const auto& sha = unused.first;
            const auto& problem = unused.second;
            if (v.problems.size() < kMaxProblems && std::find_if(v.problems.begin(), v.problems.end(), [&](const std::string& p) {
                                                      return p.find(sha) != std::string::npos;
                                                  }) == v.problems.end()) {
                v.ok = false;
                v.problems.push_back(problem + " (von keinem Eintrag verwendet)");
            }
        }
    } catch (const SQLite::Exception& e) {
        throw sqlite_error(e, impl_->path, "Prüfen");
    }
    return v;
}

std::vector<SealInfo> Store::seals() const {
    std::vector<SealInfo> out;
    try {
        SQLite::Statement q(*impl_->db, "SELECT id, nr, hash, zeit, oeffentlicher_schluessel, signatur FROM protokoll_siegel ORDER BY id");
        while (q.executeStep())
            out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                           q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString()});
    } catch (const SQLite::Exception& e) {
        throw sqlite_error(e, impl_->path, "Lesen");
    }
    return out;
}

SealInfo Store::seal(const std::string& private_key_pem) {
    if (impl_->is_export || impl_->read_only)
        throw Error(Error::Kind::invalid_input, "Prüfprotokoll " + impl_->path.string() + ": ein Auszug oder eine nur lesbare Datei wird nicht gesiegelt");
    std::string public_pem = ed25519_public_of(private_key_pem);
    Verification v = verify();
    if (!v.ok)
        throw Error(Error::Kind::invalid_input, "Prüfprotokoll " + impl_->path.string() +
                                                    ": die Kette verifiziert nicht (erst „klappt protokoll pruefen“); es wird nicht gesiegelt");
    if (v.records == 0) throw Error(Error::Kind::invalid_input, "Prüfprotokoll " + impl_->path.string() + ": leer, nichts zu siegeln");
    try {
        SQLite::Transaction tx(*impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement head(*impl_->db, "SELECT nr, hash FROM protokoll_eintraege ORDER BY nr DESC LIMIT 1");
        head.executeStep();
        SealInfo s;
        s.nr = head.getColumn(0).getInt64();
        s.hash = head.getColumn(1).getString();
        auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
        s.time = date::format("%FT%TZ", now);
        s.public_key_pem = public_pem;
        s.signature_hex = ed25519_sign(private_key_pem, seal_message(s.nr, s.hash, s.time));
        SQLite::Statement insert(*impl_->db, "INSERT INTO protokoll_siegel (nr, hash, zeit, oeffentlicher_schluessel, signatur) VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, s.nr);
        insert.bind(2, s.hash);
        insert.bind(3, s.time);
        insert.bind(4, s.public_key_pem);
        insert.bind(5, s.signature_hex);
        insert.exec();
        s.id = impl_->db->getLastInsertRowid();
        tx.commit();
        return s;
    } catch (const SQLite::Exception& e) {
        throw sqlite_error(e, impl_->path, "Siegeln");
    }
}

std::pair<std::string, std::string> generate_key_pair() { return ed25519_generate(); }

}  // namespace klappt::protokoll
