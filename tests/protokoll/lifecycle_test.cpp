// Deletion (Art. 17 DSGVO), export for an auditor, seals.
#include <catch2/catch.hpp>

#include "engine/protokoll/replay.hpp"
#include "protokoll/protokoll_support.hpp"

using namespace klappt;
using namespace klappt::testing;
using protokoll::Store;
namespace fs = std::filesystem;

namespace {

std::string file_bytes(const fs::path& p) { return read_file(p); }

// A new protocol in `dir` with the example case as RKN-1 (record 1) and as `second` (record 2),
// and a decision by user „m“ on RKN-1's check (record 3).
Store two_cases_and_a_decision(const fs::path& dir, const std::string& second, protokoll::Decision decision,
                               const std::string& reason = "", const std::string& note = "") {
    Store store = Store::open(dir / "p.db", Store::Mode::create);
    record_example(store, "RKN-1");
    record_example(store, second);
    store.append_decision({1, decision, reason, note, "m", std::nullopt});
    return store;
}

}  // namespace

TEST_CASE("deleting a case's personal data keeps the chain verifiable", "[protokoll][loeschen]") {
    auto dir = fresh_folder("erase");
    Store store = two_cases_and_a_decision(dir, "RKN-2", protokoll::Decision::deviating, "persönlicher Grund XYZ",
                                           "Hinweis ABC");
    auto before = store.record(1);

    CHECK_THROWS_WITH(store.erase_case("RKN-1", "  ", "m"), Catch::Contains("braucht einen Grund"));
    std::int64_t nr = store.erase_case("RKN-1", "Aufbewahrungsfrist abgelaufen", "datenschutz");
    CHECK(nr == 4);
    auto tomb = store.record(4);
    CHECK(tomb->kind == "loeschung");
    CHECK(tomb->deletion_reason == "Aufbewahrungsfrist abgelaufen");
    CHECK(tomb->deleted_records == std::vector<std::int64_t>{1, 3});

    auto after = store.record(1);
    CHECK(after->facts.empty());
    CHECK(after->result_json.empty());
    CHECK(after->explanation.empty());
    CHECK(*after->deleted_by == 4);
    CHECK(after->data_sha256 == before->data_sha256);  // the hash of what was removed stays
    CHECK(after->hash == before->hash);
    CHECK(store.record(3)->reason.empty());
    CHECK_FALSE(store.record(2)->facts.empty());  // other cases untouched

    auto v = store.verify();
    INFO((v.problems.empty() ? "" : v.problems.front()));
    CHECK(v.ok);
    CHECK_THROWS_WITH(protokoll::replay(store, 1), Catch::Contains("gelöscht"));
    CHECK_THROWS_WITH(store.erase_case("RKN-1", "nochmal", "m"), Catch::Contains("keine Einträge"));

    // The facts are gone from the file itself, not only from the table.
    { Store close = std::move(store); }
    std::string bytes = file_bytes(dir / "p.db");
    // (facts are stored as a JSON string: the line break is escaped)
    CHECK(bytes.find("fall: RKN-1\\n") == std::string::npos);
    CHECK(bytes.find("persönlicher Grund XYZ") == std::string::npos);
    CHECK(bytes.find("fall: RKN-2\\n") != std::string::npos);

    // Removing data without a tombstone is tampering.
    raw_sql(dir / "p.db", "UPDATE protokoll_eintraege SET daten = NULL WHERE nr = 2");
    auto broken = Store::open(dir / "p.db").verify();
    CHECK_FALSE(broken.ok);
    CHECK(*broken.first_bad == 2);
}

TEST_CASE("an export holds one case, verifies on its own, and shows nothing of other cases", "[protokoll][export]") {
    auto dir = fresh_folder("export");
    Store store = two_cases_and_a_decision(dir, "RKN-GEHEIM", protokoll::Decision::adopted);
    auto [priv, pub] = protokoll::generate_key_pair();
    store.seal(priv);
    record_example(store, "RKN-3");

    store.export_case("RKN-1", dir / "auszug.db");
    CHECK_THROWS_WITH(store.export_case("UNBEKANNT", dir / "leer.db"), Catch::Contains("keine Einträge"));
    CHECK_FALSE(fs::exists(dir / "leer.db"));
    for (const auto& entry : fs::directory_iterator(dir))
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
    CHECK_FALSE(fs::exists(dir / "auszug.db-wal"));

    Store auszug = Store::open(dir / "auszug.db");
    auto v = auszug.verify(pub);
    INFO((v.problems.empty() ? "" : v.problems.front()));
    CHECK(v.ok);
    CHECK(v.is_export);
    CHECK(v.records == 4);
    CHECK(v.omitted == 2);
    CHECK(v.seals == 1);
    CHECK(auszug.records("RKN-1").size() == 2);
    CHECK(protokoll::replay(auszug, 1).identical);
    std::string bytes = file_bytes(dir / "auszug.db");
    CHECK(bytes.find("RKN-GEHEIM") == std::string::npos);

    // Tampering with the export is found like in the whole protocol.
    raw_sql(dir / "auszug.db", "UPDATE protokoll_eintraege SET daten = replace(daten, '9365.00', '9999.00') WHERE nr = 1");
    auto broken = Store::open(dir / "auszug.db").verify(pub);
    CHECK_FALSE(broken.ok);
    CHECK(*broken.first_bad == 1);
    // An export is not appended to.
    CHECK_THROWS_WITH(record_example(auszug, "RKN-1"), Catch::Contains("Auszug"));
}

TEST_CASE("seals: signed with the private key, checked with the public one", "[protokoll][siegel]") {
    auto dir = fresh_folder("seal");
    Store store = Store::open(dir / "p.db", Store::Mode::create);
    auto [priv, pub] = protokoll::generate_key_pair();
    CHECK_THROWS_WITH(store.seal(priv), Catch::Contains("leer"));
    record_example(store, "RKN-1");
    auto seal = store.seal(priv);
    CHECK(seal.nr == 1);
    record_example(store, "RKN-2");
    CHECK(store.seal(priv).nr == 2);
    auto v = store.verify(pub);
    CHECK(v.ok);
    CHECK(v.seals == 2);

    auto [other_priv, other_pub] = protokoll::generate_key_pair();
    auto wrong = store.verify(other_pub);
    CHECK_FALSE(wrong.ok);
    CHECK_THAT(wrong.problems.front(), Catch::Contains("Signatur ist ungültig"));
    CHECK_THROWS_WITH(store.seal(pub), Catch::Contains("kein privater Ed25519-Schlüssel"));

    // Re-signing a rewritten chain needs the private key: a seal with a forged signature fails.
    raw_sql(dir / "p.db", "UPDATE protokoll_siegel SET signatur = '00' || substr(signatur, 3) WHERE id = 1");
    auto forged = Store::open(dir / "p.db").verify(pub);
    CHECK_FALSE(forged.ok);
    CHECK(*forged.first_bad == 1);
}
