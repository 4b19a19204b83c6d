// Bulk evaluation (`klappt batch`): many cases from YAML or CSV files, results
// as JSON Lines or CSV, in input order, with any number of threads.
//
// CSV files stream: the reading thread cuts the input into chunks of whole
// rows, each worker thread parses, evaluates and formats a chunk with its own
// Evaluator and reused Case, and the results are handed on chunk by chunk in
// input order.  At most a fixed number of chunks is in flight, so memory stays
// the same however many rows a file has.  YAML files are read one document at
// a time (for_each_case_yaml) and evaluated in the reading thread.
//
// A bad row or document is reported (`file:line: Spalte „…“: message`) and
// becomes a `fehler` record in its place (io.md); the others are still evaluated.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime/case_data.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/runtime/program.hpp"
#include "engine/batch/result_writer.hpp"

namespace klappt {

struct BatchOptions {
    BatchFormat format = BatchFormat::jsonl;
    bool csv_bom = true;  // --format csv: a UTF-8 BOM first, so Excel reads the umlauts right
    unsigned threads = 1;                  // worker threads; 1 evaluates in the calling thread
    std::size_t chunk_bytes = 256 * 1024;  // CSV input handed to a worker at a time
};

// Receives results and messages in input order, in blocks.
class BatchSink {
public:
    virtual ~BatchSink() = default;
    virtual void results(std::string_view block) = 0;
    virtual void messages(std::string_view block) = 0;
};

struct BatchSummary {
    std::uint64_t cases = 0;        // rows and documents read
    std::uint64_t invalid = 0;      // of these: invalid input or evaluation error (a `fehler` record)
    std::uint64_t file_errors = 0;  // files that could not be read or whose header does not fit the rules
    bool ok() const { return invalid == 0 && file_errors == 0; }
};

// The most worker threads a batch uses on this machine (limits.hpp: two per core, at most
// 64): more only add memory — each keeps up to two chunks of input and output in flight.
// BatchOptions::threads above it are lowered to it.
unsigned batch_thread_limit();

// Evaluates every case of `files` (by extension: .csv is CSV, anything else YAML).
BatchSummary run_batch(const Program& program, const std::vector<std::string>& files, const BatchOptions& options,
                       BatchSink& sink);

}  // namespace klappt
