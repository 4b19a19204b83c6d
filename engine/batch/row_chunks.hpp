// How klappt batch cuts a CSV file into chunks of whole rows for its workers: a file
// read in blocks, and where its rows end — exactly where CsvReader ends them, so a
// stray quote costs one row and never a chunk.  Private to engine/batch.
#pragma once

#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "engine/batch/batch.hpp"
#include "engine/input/csv_case_loader.hpp"

namespace klappt::batch_detail {

struct CsvFile {
    std::string name;
    const CsvCaseMapping* mapping = nullptr;
    char delimiter = ',';
};

// Whole rows of one CSV file, evaluated by one worker.
struct Chunk {
    const CsvFile* file = nullptr;
    std::string text;
    std::uint32_t first_line = 0;
    std::string out, messages;
    BatchSummary counts;
    bool done = false;
    std::exception_ptr failure;  // an unexpected exception in the worker, rethrown in order
};

// A file read in blocks; `pending` holds what is read and not yet handed on.
struct FileInput {
    explicit FileInput(std::FILE* f) : file(f) {}
    FileInput(const FileInput&) = delete;
    FileInput& operator=(const FileInput&) = delete;

    std::FILE* file;
    std::string pending;
    bool eof = false, failed = false;
    int error = 0;

    ~FileInput() { std::fclose(file); }
    void read_more(std::size_t bytes) {
        std::size_t old = pending.size();
        pending.resize(old + bytes);
        std::size_t got = std::fread(pending.data() + old, 1, bytes, file);
        pending.resize(old + got);
        if (got < bytes) {
            eof = true;
            failed = std::ferror(file) != 0;
            error = errno;
        }
    }
};

// The end of the last whole row in `text` (just after its line break), or npos; a row
// that goes on past `text` is left for the next chunk.
std::size_t last_row_end(std::string_view text);

// The end of the header row, or npos when `text` does not hold all of it yet.
std::size_t first_row_end(std::string_view text, bool at_end);

}  // namespace klappt::batch_detail
