// Shared by the Prüfprotokoll tests: a fresh database path, the example case,
// raw SQL on the file (what an attacker or a broken disk would do).
#pragma once

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "engine/protokoll/protokoll.hpp"
#include "support/bundled_rules.hpp"
#include "support/golden.hpp"

namespace klappt::testing {

// A new, empty folder for one test.
inline std::filesystem::path fresh_folder(const std::string& name) {
    static std::atomic<int> counter{0};
    auto dir = std::filesystem::temp_directory_path() /
               ("klappt_protokoll_" + name + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

inline std::string example_case() { return read_file(source_dir() / "examples" / "io_beispiel.yaml"); }

// The example case under another case id.
inline std::string example_case(const std::string& id) {
    std::string text = example_case();
    auto at = text.find("fall: RKN-2021-0042");
    text.replace(at, std::string("fall: RKN-2021-0042").size(), "fall: " + id);
    return text;
}

// Runs SQL directly on the file, without klappt's triggers (dropped first).
inline void raw_sql(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    char* error = nullptr;
    std::string all = "DROP TRIGGER IF EXISTS protokoll_eintraege_unveraenderlich; "
                      "DROP TRIGGER IF EXISTS protokoll_eintraege_nicht_loeschen; " + sql;
    int rc = sqlite3_exec(handle, all.c_str(), nullptr, nullptr, &error);
    INFO((error ? error : ""));
    sqlite3_free(error);
    sqlite3_close(handle);
    REQUIRE(rc == SQLITE_OK);
}

inline std::int64_t record_example(protokoll::Store& store, const std::string& id, const std::string& user = "pruefer") {
    const Program& program = bundled_program();
    auto check = protokoll::evaluate_check(program, example_case(id), user);
    return store.append_check(program, check);
}

}  // namespace klappt::testing
