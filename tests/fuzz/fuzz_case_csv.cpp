// libFuzzer entry point: cases as CSV (klappt batch, klappt check x.csv) — the CSV reader,
// the header mapping, the row reader, the evaluator — and the same
// bytes through run_batch from a file, cut into very small chunks so that the chunking
// of rows (quotes across chunk borders, long rows) is exercised as well.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/batch/batch.hpp"
#include "engine/input/csv_case_loader.hpp"
#include "engine/input/csv_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace klappt;

namespace {

std::string temp_path;
// The rule sets whose case CSVs the repository holds (their files are the seeds): the
// batch test rules (records, lists, German Excel cells) and the throughput workload.
std::vector<std::shared_ptr<const Program>> programs;

struct DiscardSink : BatchSink {
    void results(std::string_view) override {}
    void messages(std::string_view) override {}
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    for (const char* dir : {"/tests/batch/regeln", "/bench/workload"})
        programs.push_back(fuzz::load_or_die(std::string(KLAPPT_SOURCE_DIR) + dir));
    temp_path = "/tmp/klappt-fuzz-case-csv-" + std::to_string(::getpid()) + ".csv";
    return 0;
}

namespace {

void read_in_memory(const Program& program, CaseRunner& runner, std::string_view text) {
    CsvReader reader(text);
    std::vector<std::string_view> header, cells;
    if (reader.next(header)) {
        CsvCaseMapping mapping(program, header);
        if (mapping.problems().empty()) {
            CsvCaseReader rows(mapping);
            Case kase;
            while (reader.next(cells)) {
                if (!rows.read(cells, reader.line(), kase, runner.evaluator())) {
                    (void)case_error_json(program, kase.id, rows.errors());
                    continue;
                }
                fuzz::render_case(runner, kase);
            }
        }
    }
}

void run_from_file(const Program& program) {
    DiscardSink sink;
    BatchOptions options;
    options.chunk_bytes = 61;
    for (BatchFormat format : {BatchFormat::jsonl, BatchFormat::csv}) {
        options.format = format;
        (void)run_batch(program, {temp_path}, options, sink);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static std::vector<std::unique_ptr<CaseRunner>> runners;
    if (runners.empty())
        for (auto& p : programs) runners.push_back(std::make_unique<CaseRunner>(*p));
    for (std::size_t i = 0; i < programs.size(); ++i)
        read_in_memory(*programs[i], *runners[i], std::string_view(reinterpret_cast<const char*>(data), size));
    if (std::FILE* f = std::fopen(temp_path.c_str(), "wb")) {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
        for (auto& p : programs) run_from_file(*p);
        std::remove(temp_path.c_str());
    }
    return 0;
}
