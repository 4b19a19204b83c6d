#include "engine/batch/batch.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <thread>

#include "dsl/file_kind.hpp"
#include "dsl/limits.hpp"
#include "engine/batch/row_chunks.hpp"
#include "engine/batch/worker_pool.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/input/csv_case_loader.hpp"
#include "engine/input/csv_reader.hpp"
#include "engine/render/case_output.hpp"

namespace klappt {

namespace {

using namespace batch_detail;

constexpr std::size_t kFlushBytes = 1 << 20;  // YAML results are handed on in blocks of about this size

class BatchRun {
public:
    BatchRun(const Program& program, const BatchOptions& options, BatchSink& sink)
        : program_(program), options_(options), sink_(sink), writer_(program, options.format, options.csv_bom) {
        unsigned threads = std::clamp(options.threads, 1u, batch_thread_limit());
        if (threads > 1) pool_.emplace(threads, program, writer_);
        else inline_.emplace(program);
        ring_.resize(threads > 1 ? 2 * threads + 2 : 1);
        if (options_.chunk_bytes == 0) options_.chunk_bytes = 1;
    }

    BatchSummary run(const std::vector<std::string>& files) {
        std::string header = writer_.header();
        if (!header.empty()) sink_.results(header);
        for (const std::string& path : files) {
            std::string extension = std::filesystem::path(path).extension().string();
            std::transform(extension.begin(), extension.end(), extension.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (extension == ".csv") run_csv(path);
            else run_yaml(path);
        }
        return summary_;
    }

private:
    void add(const BatchSummary& counts) {
        summary_.cases += counts.cases;
        summary_.invalid += counts.invalid;
        summary_.file_errors += counts.file_errors;
    }

    void file_error(const std::string& message) {
        ++summary_.file_errors;
        sink_.messages(message + "\n");
    }

    // ---- YAML: one document at a time, in this thread.
    void run_yaml(const std::string& path) {
        std::string error;
        SourceRef file = read_source_file(path, error);
        if (!file) {
            file_error(error);
            return;
        }
        WorkerState& state = yaml_state();
        Diagnostics file_diagnostics;
        std::string out, messages;
        BatchSummary counts;
        for_each_case_yaml(program_, file, file_diagnostics, [&](CaseDocument& doc, const Diagnostics& diagnostics) {
            ++counts.cases;
            messages += render(diagnostics);
            if (!doc.data) {
                ++counts.invalid;
                writer_.write_error(doc.id, doc.errors, out);
            } else {
                if (auto failed = evaluate_case(state.runner, writer_, *doc.data, out)) {
                    ++counts.invalid;
                    messages += file->name() + ": error: " + case_prefix(doc.data->id) + *failed + "\n";
                }
            }
            if (out.size() >= kFlushBytes || messages.size() >= kFlushBytes) {
                sink_.messages(messages);
                sink_.results(out);
                out.clear();
                messages.clear();
            }
        });
        messages += render(file_diagnostics);
        if (file_diagnostics.has_errors()) ++counts.file_errors;
        sink_.messages(messages);
        sink_.results(out);
        add(counts);
    }

    WorkerState& yaml_state() {
        if (!inline_) inline_.emplace(program_);
        return *inline_;
    }

    // ---- CSV: chunks of whole rows, evaluated by the workers, handed on in order.
    void run_csv(const std::string& path) {
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) {
            file_error(errno == ENOENT ? "Datei nicht gefunden: " + path
                                       : "Datei kann nicht gelesen werden: " + path + " (" + std::strerror(errno) + ")");
            return;
        }
        FileInput input(f);
        input.read_more(kFileKindProbeBytes);
        if (auto what = not_text_file(input.pending)) {
            file_error(not_text_file_error(path, *what));
            return;
        }

        // The header: the first row.
        std::size_t header_end = std::string::npos;
        while ((header_end = first_row_end(input.pending, input.eof)) == std::string::npos && !input.eof &&
               input.pending.size() <= limits::kMaxCsvRowBytes)
            input.read_more(options_.chunk_bytes);
        if (header_end == std::string::npos) header_end = std::min(input.pending.size(), limits::kMaxCsvRowBytes + 1);
        std::string_view header_text(input.pending.data(), header_end);
        CsvReader header_reader(header_text);
        std::vector<std::string_view> header;
        if (input.failed || !header_reader.next(header)) {
            file_error(input.failed ? path + ": Lesefehler (" + std::strerror(input.error) + ")"
                                    : path + ": leere Datei: keine Kopfzeile mit den Spaltennamen gefunden");
            return;
        }
        if (!header_reader.row_error().empty()) {
            file_error(path + ":" + std::to_string(header_reader.line()) + ": Kopfzeile: " + header_reader.row_error() +
                       "; die Datei wird nicht ausgewertet");
            return;
        }
        CsvCaseMapping mapping(program_, header);
        if (!mapping.problems().empty()) {
            std::string text;
            for (const std::string& p : mapping.problems())
                text += path + ":" + std::to_string(header_reader.line()) + ": " + p + "\n";
            text += path + ": die Spalten passen nicht zum Regelwerk; die Datei wird nicht ausgewertet\n";
            ++summary_.file_errors;
            sink_.messages(text);
            return;
        }
        CsvFile file{path, &mapping, header_reader.delimiter()};
        auto line = static_cast<std::uint32_t>(1 + std::count(header_text.begin(), header_text.end(), '\n'));
        input.pending.erase(0, header_end);
        try {
            run_csv_rows(file, input, line);
        } catch (...) {
            // Workers may still read chunks that point at `file` and `mapping`: let them finish first.
            while (written_ < submitted_) {
                Chunk& chunk = ring_[written_++ % ring_.size()];
                if (pool_) pool_->wait(chunk);
            }
            throw;
        }
    }

    // Cuts the rest of the file into chunks of whole rows of about chunk_bytes.
    void run_csv_rows(const CsvFile& file, FileInput& input, std::uint32_t line) {
        std::size_t target = options_.chunk_bytes;
        for (;;) {
            while (!input.eof && input.pending.size() < target) input.read_more(target - input.pending.size());
            if (input.failed) {
                file_error(file.name + ": Lesefehler (" + std::strerror(input.error) + ")");
                break;
            }
            if (input.pending.empty()) break;
            std::size_t cut = input.eof ? input.pending.size() : last_row_end(input.pending);
            if (cut == std::string::npos && input.pending.size() <= limits::kMaxCsvRowBytes) {
                target = input.pending.size() + options_.chunk_bytes;  // one row longer than a chunk
                continue;
            }
            bool too_long = cut == std::string::npos;  // a line longer than any row may be, not ended yet
            if (too_long) cut = limits::kMaxCsvRowBytes + 1;  // enough for the worker to see it is too long
            target = options_.chunk_bytes;
            Chunk& chunk = next_slot();
            chunk.file = &file;
            chunk.text.assign(input.pending, 0, cut);
            chunk.first_line = line;
            line += static_cast<std::uint32_t>(std::count(chunk.text.begin(), chunk.text.end(), '\n'));
            input.pending.erase(0, cut);
            submit(chunk);
            if (too_long && skip_line(input)) ++line;
        }
        drain();  // before `file` and its mapping end with run_csv
    }

    // Drops the rest of a too long line, up to and with its line break (read in blocks,
    // so memory stays bounded); false when the input ends first.
    bool skip_line(FileInput& input) {
        for (;;) {
            if (const void* nl = std::memchr(input.pending.data(), '\n', input.pending.size())) {
                input.pending.erase(0, static_cast<std::size_t>(static_cast<const char*>(nl) - input.pending.data()) + 1);
                return true;
            }
            input.pending.clear();
            if (input.eof) return false;
            input.read_more(options_.chunk_bytes);
        }
    }

    Chunk& next_slot() {
        if (submitted_ - written_ == ring_.size()) flush_one();
        return ring_[submitted_ % ring_.size()];
    }

    void submit(Chunk& chunk) {
        ++submitted_;
        chunk.failure = nullptr;
        if (pool_) {
            pool_->submit(chunk);
        } else {
            process_chunk(*inline_, writer_, chunk);
            chunk.done = true;
        }
    }

    void flush_one() {
        Chunk& chunk = ring_[written_ % ring_.size()];
        if (pool_) pool_->wait(chunk);
        ++written_;
        if (chunk.failure) std::rethrow_exception(chunk.failure);
        sink_.messages(chunk.messages);
        sink_.results(chunk.out);
        add(chunk.counts);
    }

    void drain() {
        while (written_ < submitted_) flush_one();
    }

    const Program& program_;
    BatchOptions options_;
    BatchSink& sink_;
    ResultWriter writer_;
    std::optional<WorkerState> inline_;
    std::vector<Chunk> ring_;
    std::optional<WorkerPool> pool_;  // declared last: its threads are joined before the chunks and the writer go
    std::size_t submitted_ = 0, written_ = 0;
    BatchSummary summary_;
};

}  // namespace

unsigned batch_thread_limit() {
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return std::min(limits::kMaxBatchThreads, cores * limits::kMaxBatchThreadsPerCore);
}

BatchSummary run_batch(const Program& program, const std::vector<std::string>& files, const BatchOptions& options,
                       BatchSink& sink) {
    BatchRun run(program, options, sink);
    return run.run(files);
}

}  // namespace klappt
