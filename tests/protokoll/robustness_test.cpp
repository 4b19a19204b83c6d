// The Prüfprotokoll under bad conditions: a process killed between appends, a file
// that is not klappt's, a newer schema, a locked file, a full disk.  Each time: a clear
// German message, and nothing half-written.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include "protokoll/protokoll_support.hpp"

using namespace klappt;
using namespace klappt::testing;
using protokoll::Error;
using protokoll::Store;
namespace fs = std::filesystem;

TEST_CASE("kill -9 between appends loses nothing reported as stored and leaves a verifiable chain", "[protokoll][crash]") {
    auto dir = fresh_folder("kill");
    const fs::path db = dir / "p.db";
    const Program& program = bundled_program();  // loaded before fork: the child only appends
    auto check = protokoll::evaluate_check(program, example_case("RKN-0"), "crash");
    std::set<std::int64_t> reported;
    for (int round = 0; round < 4; ++round) {
        int pipe_fds[2];
        REQUIRE(::pipe(pipe_fds) == 0);
        pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::close(pipe_fds[0]);
            try {
                Store store = Store::open(db, Store::Mode::create);
                auto c = check;
                for (int i = 0;; ++i) {
                    c.case_id = "RKN-" + std::to_string(round) + "-" + std::to_string(i);
                    std::int64_t nr = store.append_check(program, c);
                    // "reported as stored": only after append returned
                    if (::write(pipe_fds[1], &nr, sizeof nr) != sizeof nr) ::_exit(3);
                }
            } catch (...) {
                ::_exit(2);
            }
        }
        ::close(pipe_fds[1]);
        // Let the child append a while (a different moment each round), then kill it mid-stream.
        std::int64_t nr = 0;
        int seen = 0;
        while (seen < 5 + 7 * round && ::read(pipe_fds[0], &nr, sizeof nr) == sizeof nr) {
            reported.insert(nr);
            ++seen;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(300 * round));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        CHECK(WIFSIGNALED(status));
        while (::read(pipe_fds[0], &nr, sizeof nr) == sizeof nr) reported.insert(nr);
        ::close(pipe_fds[0]);

        Store store = Store::open(db);
        auto v = store.verify();
        INFO((v.problems.empty() ? "" : v.problems.front()));
        CHECK(v.ok);
        CHECK(store.head() >= *reported.rbegin());
        for (auto n : reported) CHECK(store.record(n));
    }
    CHECK(reported.size() >= 5 + 12 + 19 + 26);
}

TEST_CASE("a file that is not klappt's is refused and left unchanged", "[protokoll][bad]") {
    auto dir = fresh_folder("foreign");
    SECTION("a text file") {
        write_file(dir / "notiz.db", "Das ist keine Datenbank.\n");
        for (auto mode : {Store::Mode::read, Store::Mode::create})
            CHECK_THROWS_MATCHES(Store::open(dir / "notiz.db", mode), Error,
                                 Catch::Matchers::Predicate<Error>([](const Error& e) {
                                     return e.kind == Error::Kind::not_ours &&
                                            std::string(e.what()).find("keine SQLite-Datenbank") != std::string::npos;
                                 }));
        CHECK(read_file(dir / "notiz.db") == "Das ist keine Datenbank.\n");
    }
    SECTION("another program's SQLite database") {
        raw_sql(dir / "fremd.db", "CREATE TABLE kunden (name TEXT); INSERT INTO kunden VALUES ('x');");
        std::string before = read_file(dir / "fremd.db");
        CHECK_THROWS_WITH(Store::open(dir / "fremd.db", Store::Mode::create), Catch::Contains("fremde Datenbank"));
        CHECK_THROWS_WITH(Store::open(dir / "fremd.db"), Catch::Contains("kein klappt-Prüfprotokoll"));
        CHECK(read_file(dir / "fremd.db") == before);
    }
    SECTION("the web desk's own database: shared on request") {
        raw_sql(dir / "web.db", "CREATE TABLE web_faelle (id TEXT);");
        Store::Options options;
        options.mode = Store::Mode::create;
        options.share_database = true;
        Store store = Store::open(dir / "web.db", options);
        record_example(store, "RKN-1");
        CHECK(store.verify().ok);
        raw_sql(dir / "web.db", "INSERT INTO web_faelle VALUES ('RKN-1');");  // its tables untouched and usable
    }
    SECTION("a protocol table of somebody else") {
        raw_sql(dir / "anders.db", "CREATE TABLE protokoll_meta (schluessel TEXT, wert TEXT); "
                                   "INSERT INTO protokoll_meta VALUES ('format', 'irgendwas');");
        CHECK_THROWS_WITH(Store::open(dir / "anders.db"), Catch::Contains("gehört nicht zu klappt"));
    }
    SECTION("a missing file is not created when only reading") {
        CHECK_THROWS_WITH(Store::open(dir / "fehlt.db"), Catch::Contains("Datei nicht gefunden"));
        CHECK_FALSE(fs::exists(dir / "fehlt.db"));
    }
}

TEST_CASE("a newer schema is refused with the versions named", "[protokoll][bad]") {
    auto dir = fresh_folder("newer");
    { Store store = Store::open(dir / "p.db", Store::Mode::create); record_example(store, "RKN-1"); }
    raw_sql(dir / "p.db", "UPDATE protokoll_meta SET wert = '7' WHERE schluessel = 'schema'");
    std::string before = read_file(dir / "p.db");
    CHECK_THROWS_MATCHES(Store::open(dir / "p.db", Store::Mode::create), Error,
                         Catch::Matchers::Predicate<Error>([](const Error& e) {
                             std::string m = e.what();
                             return e.kind == Error::Kind::newer_schema && m.find("Schema 7") != std::string::npos &&
                                    m.find("nur Schema 1") != std::string::npos;
                         }));
    CHECK(read_file(dir / "p.db") == before);
}

TEST_CASE("a locked file: a clear message, nothing written, works once the lock is gone", "[protokoll][bad]") {
    auto dir = fresh_folder("locked");
    Store::Options options;
    options.mode = Store::Mode::create;
    options.busy_timeout_ms = 100;
    Store store = Store::open(dir / "p.db", options);
    record_example(store, "RKN-1");

    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open((dir / "p.db").c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK_THROWS_MATCHES(record_example(store, "RKN-2"), Error, Catch::Matchers::Predicate<Error>([](const Error& e) {
                             return e.kind == Error::Kind::locked && std::string(e.what()).find("gesperrt") != std::string::npos;
                         }));
    CHECK_THROWS_MATCHES(store.append_decision({1, protokoll::Decision::adopted, "", "", "m", std::nullopt}), Error,
                         Catch::Matchers::Predicate<Error>([](const Error& e) { return e.kind == Error::Kind::locked; }));
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    CHECK(store.head() == 1);
    CHECK(record_example(store, "RKN-2") == 2);
    CHECK(store.verify().ok);
}

TEST_CASE("a full disk: the record is not written, the chain stays verifiable", "[protokoll][bad]") {
    auto dir = fresh_folder("full");
    const fs::path db = dir / "p.db";
    const Program& program = bundled_program();
    { Store store = Store::open(db, Store::Mode::create); record_example(store, "RKN-1"); }
    auto big = protokoll::evaluate_check(program, example_case("RKN-2"), "m");
    big.facts += "\n# " + std::string(2'000'000, 'x') + "\n";  // facts as given: 2 MB of comment

    // A child process whose files may not grow beyond 256 KB: writes fail like on a full disk.
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{256 * 1024, 256 * 1024};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        try {
            Store store = Store::open(db);
            store.append_check(program, big);
            ::_exit(0);
        } catch (const Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            ::_exit(e.kind == Error::Kind::disk_full || e.kind == Error::Kind::io ? 10 : 11);
        } catch (...) {
            ::_exit(12);
        }
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 10);
    Store store = Store::open(db);
    CHECK(store.head() == 1);
    CHECK(store.verify().ok);
    CHECK(record_example(store, "RKN-3") == 2);
}
