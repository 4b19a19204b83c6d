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

#include "engine/case_data.hpp"
#include "engine/evaluator.hpp"
#include "engine/program.hpp"

namespace klappt {

class GermanCsvTable;

enum class BatchFormat { jsonl, csv };

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

// Formats one result: a JSON line exactly as case_json (io.md), or a CSV row.
// Scalar outputs are written straight into the buffer; rule sets with compound
// outputs (lists, records, module results) go through case_json.
class ResultWriter {
public:
    ResultWriter(const Program& program, BatchFormat format, bool csv_bom = true);

    // The CSV header line (with its newline); "" for JSON Lines.
    std::string header() const;
    // Appends the result of the case the evaluator was started on, with a newline.  May throw EvaluationError.
    void write_case(Evaluator& evaluator, std::string& out) const;
    // Appends the `fehler` record of an invalid case, with a newline.
    void write_error(const std::string& id, const std::vector<FieldError>& errors, std::string& out) const;

private:
    struct Column {
        std::string key;  // `"name": ` for JSON
        TypeId type = 0;
        TypeKind kind = TypeKind::error;
        const std::vector<std::string>* enum_values = nullptr;
        std::vector<std::string> enum_json;  // each enum value as a JSON string
    };
    void write_scalar(const Column& column, const Value& v, std::string& out) const;
    char* write_bounded(const Column& column, const Value& v, char* p) const;
    void write_json_bounded(Evaluator& evaluator, std::string& out) const;
    void write_csv(Evaluator& evaluator, std::string& out) const;

    const Program& program_;
    BatchFormat format_;
    bool fast_ = true;     // every output, the id and the check date are scalars
    bool bounded_ = true;  // … of kinds whose JSON has a known longest length (no text)
    std::size_t max_line_ = 0;
    std::vector<Column> outputs_;
    std::string regeln_;  // `, "regeln": {…}` of io.md, or ""
    std::optional<Column> id_, check_date_;
    std::shared_ptr<const GermanCsvTable> csv_;  // --format csv (engine/batch_csv)
};

}  // namespace klappt
