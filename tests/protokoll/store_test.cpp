// The Prüfprotokoll store: records as given, the chain, decisions and corrections,
// and every kind of tampering named by the first record that fails.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_runner.hpp"
#include "protokoll/protokoll_support.hpp"

using namespace klappt;
using namespace klappt::testing;
using protokoll::Store;
namespace fs = std::filesystem;

TEST_CASE("a check record holds the facts, the rule set, the result exactly as klappt check --json renders it", "[protokoll]") {
    auto dir = fresh_folder("record");
    const Program& program = bundled_program();
    Store store = Store::open(dir / "p.db", Store::Mode::create);
    std::int64_t nr = record_example(store, "RKN-1", "mueller");
    CHECK(nr == 1);

    // The same evaluation the CLI does
    auto file = std::make_shared<SourceFile>("x.yaml", example_case("RKN-1"));
    CaseFile cases = load_cases_yaml(program, file);
    CaseRunner runner(program);
    ResultDetail detail;
    detail.technical_tree = true;
    const CaseResult& result = runner.run(*cases.cases[0].data, detail);
    REQUIRE(result.evaluated());

    auto r = store.record(1);
    REQUIRE(r);
    CHECK(r->kind == "pruefung");
    CHECK(r->case_id == "RKN-1");
    CHECK(r->user == "mueller");
    CHECK(r->facts == example_case("RKN-1"));
    CHECK(r->check_date == "2021-03-15");
    CHECK_FALSE(r->check_date_given);
    CHECK(r->rules_sha256 == program.sha256);
    CHECK(r->rules_version == program.manifest.version);
    CHECK(r->engine_version == std::string(KLAPPT_VERSION));
    CHECK(r->result_json == case_json(result));
    CHECK(r->explanation == result.technical_tree);
    CHECK(r->explanation_format == protokoll::kExplanationFormat);
    CHECK(r->time.size() == 24);  // 2026-03-14T09:30:00.123Z
    CHECK(r->previous_hash == std::string(64, '0'));
    CHECK(store.verify().ok);
}

TEST_CASE("the database file is created with mode 0600 and in WAL mode", "[protokoll]") {
    auto dir = fresh_folder("mode");
    ::umask(022);
    {
        Store store = Store::open(dir / "p.db", Store::Mode::create);
        record_example(store, "RKN-1");
    }
    struct stat st {};
    REQUIRE(::stat((dir / "p.db").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open((dir / "p.db").c_str(), &handle) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(handle, "PRAGMA journal_mode", -1, &q, nullptr);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, 0))) == "wal");
    sqlite3_finalize(q);
    sqlite3_close(handle);
}

TEST_CASE("decisions: a deviation needs a reason, a decision and a correction name their records", "[protokoll]") {
    auto dir = fresh_folder("decision");
    Store store = Store::open(dir / "p.db", Store::Mode::create);
    record_example(store, "RKN-1");
    record_example(store, "RKN-2");

    protokoll::DecisionInput d{1, protokoll::Decision::deviating, "", "", "mueller", std::nullopt};
    CHECK_THROWS_WITH(store.append_decision(d), Catch::Contains("braucht einen Grund"));
    CHECK(store.head() == 2);  // nothing written

    d.reason = "Einzelfallausnahme Alter (Nr. 2.3 Satz 2)";
    d.note = "Ausbildungsvertrag liegt vor";
    CHECK(store.append_decision(d) == 3);
    auto r = store.record(3);
    CHECK(r->kind == "entscheidung");
    CHECK(r->case_id == "RKN-1");
    CHECK(r->decision == "abweichend");
    CHECK(*r->refers_to == 1);
    CHECK(r->reason == d.reason);
    CHECK(r->note == d.note);

    // A correction of the decision names it; it must be about the same check.
    protokoll::DecisionInput fix{1, protokoll::Decision::adopted, "", "", "schulz", 3};
    CHECK(store.append_decision(fix) == 4);
    CHECK(*store.record(4)->corrects == 3);
    protokoll::DecisionInput wrong{2, protokoll::Decision::adopted, "", "", "schulz", 3};
    CHECK_THROWS_WITH(store.append_decision(wrong), Catch::Contains("gehört zu Fall RKN-1"));
    protokoll::DecisionInput unknown{99, protokoll::Decision::adopted, "", "", "schulz", std::nullopt};
    CHECK_THROWS_WITH(store.append_decision(unknown), Catch::Contains("Eintrag 99 gibt es nicht"));
    protokoll::DecisionInput on_decision{3, protokoll::Decision::adopted, "", "", "schulz", std::nullopt};
    CHECK_THROWS_WITH(store.append_decision(on_decision), Catch::Contains("ist keine Prüfung"));

    // A corrected check names the one it corrects.
    auto check = protokoll::evaluate_check(bundled_program(), example_case("RKN-2"), "schulz");
    check.corrects = 2;
    CHECK(store.append_check(bundled_program(), check) == 5);
    CHECK(*store.record(5)->corrects == 2);
    check.corrects = 1;
    CHECK_THROWS_WITH(store.append_check(bundled_program(), check), Catch::Contains("gehört zu Fall RKN-1"));

    CHECK(store.records("RKN-1").size() == 3);
    CHECK(store.verify().ok);
}

namespace {

fs::path chain_of(std::int64_t n, const std::string& name) {
    auto dir = fresh_folder(name);
    Store store = Store::open(dir / "p.db", Store::Mode::create);
    for (std::int64_t i = 1; i <= n; ++i) {
        record_example(store, "RKN-" + std::to_string(i));
        if (i % 3 == 0)
            store.append_decision({i, protokoll::Decision::deviating, "Grund " + std::to_string(i), "", "mueller", std::nullopt});
    }
    return dir / "p.db";
}

std::int64_t first_bad(const fs::path& db) {
    auto v = Store::open(db).verify();
    INFO((v.problems.empty() ? std::string() : v.problems.front()));
    REQUIRE_FALSE(v.ok);
    return *v.first_bad;
}

}  // namespace

TEST_CASE("tampering with a record is found and the record named", "[protokoll]") {
    auto db = chain_of(6, "tamper");  // records 1..8 (decisions after every third check)
    auto copy = [&](const std::string& name) {
        fs::path c = db.parent_path() / name;
        { Store s = Store::open(db); }  // checkpoint the log into the file on close
        fs::copy_file(db, c);
        return c;
    };
    REQUIRE(Store::open(db).verify().ok);
    // A copy changed by `sql`, and what verify() says of it (which must be a finding).
    auto tampered = [&](const std::string& name, const std::string& sql) {
        auto c = copy(name);
        raw_sql(c, sql);
        auto v = Store::open(c).verify();
        REQUIRE_FALSE(v.ok);
        return std::pair{c, v};
    };

    // Each change made behind the store's back, and the first record verify() must name.
    struct Tampering {
        const char* what;
        std::int64_t first_bad;
        const char* sql;
    };
    const Tampering tamperings[] = {
        {"one byte of the kopf", 5,
         "UPDATE protokoll_eintraege SET kopf = replace(kopf, 'RKN-4', 'RKN-5') WHERE nr = 5"},
        {"one byte of the facts", 2,
         "UPDATE protokoll_eintraege SET daten = replace(daten, '2001-05-17', '2001-05-18') WHERE nr = 2"},
        {"one byte of the result", 7,
         "UPDATE protokoll_eintraege SET daten = replace(daten, '9365.00', '9366.00') WHERE nr = 7"},
        {"a decision's reason", 4,
         "UPDATE protokoll_eintraege SET daten = replace(daten, 'Grund 3', 'Grund 4') WHERE nr = 4"},
        {"the decision word in the kopf", 4,
         "UPDATE protokoll_eintraege SET kopf = replace(kopf, 'abweichend', 'übernommen') WHERE nr = 4"},
        {"a column copied out of the kopf", 3,
         "UPDATE protokoll_eintraege SET bearbeiter = 'x' WHERE nr = 3"},
        // The first hex digit changed to another one (one hash in 16 starts with 0 already).
        {"a stored hash", 6,
         "UPDATE protokoll_eintraege SET hash = (CASE substr(hash, 1, 1) WHEN '0' THEN '1' ELSE '0' END)"
         " || substr(hash, 2) WHERE nr = 6"},
        {"a deleted record", 3,
         "DELETE FROM protokoll_eintraege WHERE nr = 3"},
        {"two records swapped", 2,
         "UPDATE protokoll_eintraege SET nr = -1 WHERE nr = 2; UPDATE protokoll_eintraege SET nr = 2 WHERE nr = 3;"
         " UPDATE protokoll_eintraege SET nr = 3 WHERE nr = -1"},
    };
    for (std::size_t i = 0; i < std::size(tamperings); ++i) {
        const Tampering& t = tamperings[i];
        DYNAMIC_SECTION(t.what) {
            auto c = copy("tampered_" + std::to_string(i) + ".db");
            raw_sql(c, t.sql);
            CHECK(first_bad(c) == t.first_bad);
        }
    }
    // Numbers at the ends of 64 bits (fuzz_protokoll found an overflow in verify with the largest).
    SECTION("the last record renumbered to the largest 64-bit number: named, and nothing more is appended") {
        auto [c, v] = tampered("largest_nr.db", "UPDATE protokoll_eintraege SET nr = 9223372036854775807 WHERE nr = 8");
        CHECK(*v.first_bad == 8);
        CHECK_THAT(v.problems.front(), Catch::Contains("fehlt (Einträge 8 bis 9223372036854775806 gelöscht?)"));
        Store store = Store::open(c);
        CHECK_THROWS_WITH(record_example(store, "RKN-9"),
                          Catch::Contains("der letzte Eintrag trägt die Nummer 9223372036854775807 – das Protokoll wurde verändert"));
    }
    SECTION("the first record renumbered to the smallest 64-bit number") {
        auto [c, v] = tampered("smallest_nr.db", "UPDATE protokoll_eintraege SET nr = -9223372036854775808 WHERE nr = 1");
        CHECK(*v.first_bad == -9223372036854775807 - 1);
        CHECK_THAT(v.problems.front(), Catch::Contains("Nummer doppelt oder umsortiert"));
    }
    SECTION("the last record deleted is the previous head: found by a seal") {
        auto [priv, pub] = protokoll::generate_key_pair();
        { Store s = Store::open(db); s.seal(priv); }
        auto c = copy("delete_last.db");
        raw_sql(c, "DELETE FROM protokoll_eintraege WHERE nr = 8");
        CHECK(first_bad(c) == 8);
    }
    SECTION("one byte of a stored rule set") {
        auto [c, v] = tampered("regeln.db",
                               "UPDATE protokoll_regelwerke SET dateien = replace(dateien, 'wert: 37.50', 'wert: 37.51')");
        CHECK(*v.first_bad == 1);
        CHECK_THAT(v.problems.front(), Catch::Contains("Regelwerk") && Catch::Contains("verändert"));
        CHECK_THROWS_WITH(Store::open(c).rule_set(Store::open(c).record(1)->rules_sha256), Catch::Contains("verändert"));
    }
}

TEST_CASE("every single byte flipped in a record's row is found", "[protokoll]") {
    auto db = chain_of(3, "flip");
    { Store s = Store::open(db); }
    const char* columns[] = {"art", "fall", "zeit", "bearbeiter", "kopf", "kopf_sha256", "daten", "vorgaenger", "hash"};
    std::int64_t head = Store::open(db).head();
    for (std::int64_t nr = 1; nr <= head; ++nr) {
        for (const char* column : columns) {
            // Flip the byte in the middle of the value (XOR with 1 keeps it printable ASCII or UTF-8 continuation).
            fs::path c = db.parent_path() / ("flip_" + std::to_string(nr) + "_" + column + ".db");
            fs::copy_file(db, c, fs::copy_options::overwrite_existing);
            std::string col = column;
            std::string mid = "(length(" + col + ") / 2)";
            raw_sql(c, "UPDATE protokoll_eintraege SET " + col + " = substr(" + col + ", 1, " + mid + ") || "
                       "char((unicode(substr(" + col + ", " + mid + " + 1, 1)) | 1) - (unicode(substr(" + col + ", " + mid + " + 1, 1)) & 1)) || substr(" + col + ", " + mid + " + 2) "
                       "WHERE nr = " + std::to_string(nr) + " AND " + col + " IS NOT NULL");
            INFO("record " << nr << ", column " << column);
            CHECK(first_bad(c) == nr);
        }
    }
}

TEST_CASE("a chain of 10 000 records verifies", "[protokoll][slow]") {
    auto dir = fresh_folder("ten_thousand");
    const Program& program = bundled_program();
    Store store = Store::open(dir / "p.db", Store::Mode::create);
    auto check = protokoll::evaluate_check(program, example_case("RKN-1"), "mueller");
    for (int i = 1; i <= 10000; ++i) {
        check.case_id = "RKN-" + std::to_string(i);
        store.append_check(program, check);
    }
    auto v = store.verify();
    CHECK(v.ok);
    CHECK(v.records == 10000);
    CHECK(v.rule_sets == 1);
}
