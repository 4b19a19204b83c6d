// A streaming CSV reader for files exported from Excel or written by programs:
// `;`, `,` or tab as separator (detected from the header line), UTF-8 with or
// without BOM, quoted fields with doubled quotes and line breaks (RFC 4180),
// CRLF or LF.  Memory stays constant: rows are read from a fixed-size buffer,
// and fields are views that stay valid until the next call to next().
//
// Quotes: every `"` outside quotes opens a quoted part, `""` inside one is a
// quote character, a single `"` closes it; text around quoted parts belongs to
// the field (lenient, like Excel).  So a row ends at the first line break after
// an even number of quotes — the rule klappt batch uses to cut files into chunks.
//
// A row is at most limits::kMaxCsvRowBytes long.  A quote that is still open at that
// length (a stray `"`) or at the end of the input, or a line longer than that, makes
// the row an error of its own (row_error()) that ends at its first line break; the
// next row starts after it.  One stray quote costs one row, never the rest of the file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace klappt {

// Where the row that starts at `begin` in `text` ends (csv_row_extent).
struct CsvRowExtent {
    enum class Status : std::uint8_t {
        complete,        // a whole row: [begin, end), its line break included
        need_more,       // the row goes on past the end of `text` (read more, then ask again)
        unclosed_quote,  // a quote not closed within the row limit or before the end of the input
        too_long,        // a line longer than the row limit
    } status;
    std::size_t end;  // past the row (after its line break); for an error row past its first line
                      // break, or std::string_view::npos when `text` holds none yet (skip on to it)
};

// The one rule for where rows end, shared by CsvReader and klappt batch's chunking.
// `at_end`: nothing follows `text`.
CsvRowExtent csv_row_extent(std::string_view text, std::size_t begin, bool at_end);

class CsvReader {
public:
    // Reads from a file (opened and owned by the reader); nullptr and `error` when it cannot be
    // opened or is not text (dsl/file_kind.hpp).
    static std::unique_ptr<CsvReader> open(const std::string& path, std::string& error);
    // Reads from text in memory (tests, small inputs); the text must outlive the reader.
    explicit CsvReader(std::string_view text);
    // Reads rows from a piece of a larger input whose dialect is known (no BOM, no
    // detection); `first_line` is the line number of the piece's first row.  The
    // text must outlive the reader.
    CsvReader(std::string_view text, char delimiter, std::uint32_t first_line);
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // The next row; false at the end or on an error (see error()).  Empty lines are skipped.
    // A row that cannot be read (see row_error()) is returned with no fields.
    bool next(std::vector<std::string_view>& fields);
    // Why the row last returned by next() could not be read (German, without its line
    // number: line() has it), or "" when it was read.  Reading goes on with the next row.
    const std::string& row_error() const { return row_error_; }
    // 1-based line number where the row last returned by next() starts.
    std::uint32_t line() const { return row_line_; }
    char delimiter() const { return delimiter_; }
    bool had_bom() const { return had_bom_; }
    // Set when next() returned false because the input is malformed (e.g. an unterminated quote).
    const std::string& error() const { return error_; }

private:
    explicit CsvReader(std::FILE* file);
    bool fill();            // reads more input into the buffer; false at end of input
    void detect_dialect();  // BOM and delimiter, from the start of the input
    // Splits the whole row [pos_, row_end) (csv_row_extent found its end) and moves past it.
    void split_row(std::vector<std::string_view>& fields, std::size_t row_end);
    // Returns the row at pos_ as an error row (`extent` says why) and moves past it.
    void skip_bad_row(const CsvRowExtent& extent, std::vector<std::string_view>& fields);

    std::FILE* file_ = nullptr;
    std::string buffer_;     // file mode: the input read so far that is not yet consumed
    std::string_view data_;  // the input: buffer_ (file mode) or the caller's text
    std::size_t pos_ = 0;    // where the next row starts in data_
    bool eof_ = false;
    bool started_ = false;
    char delimiter_ = ',';
    bool had_bom_ = false;
    std::uint32_t line_ = 1, row_line_ = 0;
    std::string error_;
    std::string row_error_;
    bool skipping_line_ = false;  // dropping the rest of a too long line, up to its line break
    // Fields that needed unquoting are built here; fixups_ says which fields point into it.
    std::string scratch_;
    struct Fixup {
        std::size_t field, offset, size;
    };
    std::vector<Fixup> fixups_;
};

}  // namespace klappt
