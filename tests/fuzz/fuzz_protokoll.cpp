// libFuzzer entry point: the Prüfprotokoll reader (`klappt protokoll pruefen|zeigen`,
// `klappt replay`) on a store whose stored texts were changed behind klappt's back — by a
// person with the sqlite3 shell or by a broken disk.  A small store (checks, a decision, a
// seal, an Art.-17 deletion) is made once; each input picks a record and a column and gives
// its new bytes, written without klappt's triggers.  Then the store is verified, listed and
// replayed.  protokoll::Error is the expected answer; anything else escapes to libFuzzer.
#include <sqlite3.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/protokoll/protokoll.hpp"
#include "engine/protokoll/replay.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace klappt;
namespace fs = std::filesystem;

namespace {

fs::path work_folder() {
    fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    fs::path dir = base / ("klappt_fuzz_protokoll_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string template_bytes;  // the store every input starts from
fs::path store_file;

// Which stored text an input replaces (the first byte; the second picks the record).
const char* const kTargets[] = {
    "UPDATE protokoll_eintraege SET kopf = ?1 WHERE nr = ?2",
    "UPDATE protokoll_eintraege SET daten = ?1 WHERE nr = ?2",
    "UPDATE protokoll_eintraege SET hash = ?1 WHERE nr = ?2",
    "UPDATE protokoll_eintraege SET fall = ?1 WHERE nr = ?2",
    "UPDATE protokoll_regelwerke SET dateien = ?1",
    "UPDATE protokoll_siegel SET signatur = ?1",
    "UPDATE protokoll_meta SET wert = ?1 WHERE schluessel = 'schema'",
    "UPDATE protokoll_eintraege SET nr = CAST(?1 AS INTEGER) WHERE nr = ?2",
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::bundled() = fuzz::load_or_die(fuzz::rules_directory());
    const Program& program = *fuzz::bundled();
    fs::path dir = work_folder();
    fs::path made = dir / "vorlage.db";
    fs::remove(made);
    std::string facts = read_all(std::string(KLAPPT_SOURCE_DIR) + "/examples/io_beispiel.yaml");
    std::string other = read_all(std::string(KLAPPT_SOURCE_DIR) + "/examples/beschaeftigungsverbot.yaml");
    {
        auto store = protokoll::Store::open(made, protokoll::Store::Mode::create);
        std::int64_t first = store.append_check(program, protokoll::evaluate_check(program, facts, "pruefer"));
        store.append_decision({first, protokoll::Decision::deviating, "Grund", "Notiz", "pruefer", std::nullopt});
        store.append_check(program, protokoll::evaluate_check(program, other, "pruefer"));
        auto [priv, pub] = protokoll::generate_key_pair();
        store.seal(priv);
        store.erase_case("GT-2021-0212", "Fuzz", "pruefer");
    }
    template_bytes = read_all(made);
    fs::remove(made);
    store_file = dir / "protokoll.db";
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    fs::remove(store_file.string() + "-wal");
    fs::remove(store_file.string() + "-shm");
    { std::ofstream(store_file, std::ios::binary | std::ios::trunc) << template_bytes; }
    sqlite3* db = nullptr;
    if (sqlite3_open(store_file.c_str(), &db) != SQLITE_OK) std::abort();
    sqlite3_exec(db, "DROP TRIGGER IF EXISTS protokoll_eintraege_unveraenderlich; "
                     "DROP TRIGGER IF EXISTS protokoll_eintraege_nicht_loeschen;", nullptr, nullptr, nullptr);
    sqlite3_stmt* update = nullptr;
    const char* sql = kTargets[data[0] % (sizeof kTargets / sizeof kTargets[0])];
    if (sqlite3_prepare_v2(db, sql, -1, &update, nullptr) == SQLITE_OK) {
        const char* bytes = reinterpret_cast<const char*>(data + 2);
        int length = static_cast<int>(size - 2);
        if (data[0] & 0x80) sqlite3_bind_blob(update, 1, bytes, length, SQLITE_TRANSIENT);
        else sqlite3_bind_text(update, 1, bytes, length, SQLITE_TRANSIENT);
        sqlite3_bind_int(update, 2, data[1] % 6);
        sqlite3_step(update);
    }
    sqlite3_finalize(update);
    sqlite3_close(db);

    try {
        auto store = protokoll::Store::open(store_file, protokoll::Store::Mode::read);
        (void)store.verify();
        for (const auto& record : store.records()) {
            if (record.kind != "pruefung" || !(data[0] & 0x40)) continue;
            try {
                (void)protokoll::replay(store, record.nr);
            } catch (const protokoll::Error&) {
            }
        }
    } catch (const protokoll::Error&) {
    }
    return 0;
}
