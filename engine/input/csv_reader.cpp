#include "engine/input/csv_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "dsl/file_kind.hpp"
#include "dsl/limits.hpp"
#include "dsl/source.hpp"

namespace klappt {

namespace {
constexpr std::size_t kChunk = 1 << 20;  // bytes read at a time
}

CsvRowExtent csv_row_extent(std::string_view text, std::size_t begin, bool at_end) {
    using Status = CsvRowExtent::Status;
    constexpr std::size_t npos = std::string_view::npos;
    const char* const base = text.data();
    const std::size_t size = text.size();
    const std::size_t limit_end = begin + limits::kMaxCsvRowBytes;  // a row reaching this is too long
    const std::size_t scan_end = std::min(size, limit_end);
    // The common row: no quote before its line break.
    if (const void* nl = std::memchr(base + begin, '\n', scan_end - begin)) {
        auto line_end = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
        if (!std::memchr(base + begin, '"', line_end - begin)) return {Status::complete, line_end + 1};
    }
    bool quoted = false;
    std::size_t first_break = npos;  // the row's first line break (inside quotes)
    for (std::size_t i = begin; i < scan_end; ++i) {
        char c = base[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (c == '\n') {
            if (!quoted) return {Status::complete, i + 1};
            if (first_break == npos) first_break = i;
        }
    }
    if (scan_end < limit_end) {  // the row may still end within the limit
        if (!at_end) return {Status::need_more, npos};
        if (!quoted) return {Status::complete, size};  // the last row, without a line break
    }
    // An error row: it ends at its first line break.
    if (first_break == npos)
        if (const void* nl = std::memchr(base + scan_end, '\n', size - scan_end))
            first_break = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
    std::size_t end = first_break != npos ? first_break + 1 : at_end ? size : npos;
    return {quoted ? Status::unclosed_quote : Status::too_long, end};
}

std::unique_ptr<CsvReader> CsvReader::open(const std::string& path, std::string& error) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        error = errno == ENOENT ? "Datei nicht gefunden: " + path
                                : "Datei kann nicht gelesen werden: " + path + " (" + std::strerror(errno) + ")";
        return nullptr;
    }
    std::unique_ptr<CsvReader> reader(new CsvReader(f));
    reader->fill();  // the first chunk, which the dialect is read from anyway
    if (auto what = not_text_file(reader->data_)) {
        error = not_text_file_error(path, *what);
        return nullptr;
    }
    return reader;
}

CsvReader::CsvReader(std::string_view text) : data_(text), eof_(true) {}
CsvReader::CsvReader(std::string_view text, char delimiter, std::uint32_t first_line)
    : data_(text), eof_(true), started_(true), delimiter_(delimiter), line_(first_line) {}
CsvReader::CsvReader(std::FILE* file) : file_(file) {}

CsvReader::~CsvReader() {
    if (file_) std::fclose(file_);
}

bool CsvReader::fill() {
    if (eof_) return false;
    // Keep the unread tail, append a new chunk.
    buffer_.erase(0, pos_);
    pos_ = 0;
    std::size_t old = buffer_.size();
    buffer_.resize(old + kChunk);
    std::size_t got = std::fread(buffer_.data() + old, 1, kChunk, file_);
    buffer_.resize(old + got);
    data_ = buffer_;
    if (got < kChunk) eof_ = true;
    return got > 0;
}

void CsvReader::detect_dialect() {
    started_ = true;
    // Make sure the first line is in the buffer.
    while (data_.find('\n', pos_) == std::string_view::npos && data_.size() - pos_ <= limits::kMaxCsvRowBytes && fill()) {
    }
    if (data_.substr(pos_, 3) == "\xEF\xBB\xBF") {
        had_bom_ = true;
        pos_ += 3;
    }
    std::size_t semicolons = 0, commas = 0, tabs = 0;
    bool quoted = false;
    for (std::size_t i = pos_; i < data_.size() && (quoted || data_[i] != '\n'); ++i) {
        char c = data_[i];
        if (c == '"') quoted = !quoted;
        else if (!quoted && c == ';') ++semicolons;
        else if (!quoted && c == ',') ++commas;
        else if (!quoted && c == '\t') ++tabs;
    }
    delimiter_ = semicolons >= commas && semicolons >= tabs && semicolons > 0 ? ';' : tabs > commas ? '\t' : ',';
}

// One pass over the row: fields without quotes are views into the input; a
// field that is exactly "…" without doubled quotes is viewed between its quotes;
// any other field with quotes is built in scratch_.
void CsvReader::split_row(std::vector<std::string_view>& fields, std::size_t row_end) {
    fields.clear();
    scratch_.clear();
    fixups_.clear();
    const char* const base = data_.data();
    const std::size_t size = row_end;
    const char delimiter = delimiter_;
    // The end of a field after a closing quote at `after`: the delimiter, a line break
    // (LF or CRLF) or the end of the input.
    auto field_ends = [&](std::size_t after) {
        if (after >= size) return true;
        char c = base[after];
        if (c == delimiter || c == '\n') return true;
        return c == '\r' && (after + 1 >= size || base[after + 1] == '\n');
    };
    std::size_t i = pos_, start = pos_;
    std::uint32_t newlines = 0;
    for (;;) {
        // Unquoted text of a field: up to the delimiter, the line break or a quote.
        while (i < size) {
            char c = base[i];
            if (c == delimiter || c == '\n' || c == '"') break;
            ++i;
        }
        if (i < size && base[i] == '"') {
            bool done = false;
            if (i == start) {
                // "…" exactly: a view between the quotes.
                const void* q = std::memchr(base + i + 1, '"', size - i - 1);
                if (q) {
                    auto close = static_cast<std::size_t>(static_cast<const char*>(q) - base);
                    if (field_ends(close + 1)) {
                        for (std::size_t k = i + 1; k < close; ++k) newlines += base[k] == '\n';
                        fields.emplace_back(base + i + 1, close - i - 1);
                        i = close + 1;
                        if (i < size && base[i] == '\r') ++i;  // CRLF (field_ends checked it)
                        done = true;
                    }
                }
            }
            if (!done) {
                // Quoted and unquoted parts, `""` inside quotes is a quote.
                std::size_t offset = scratch_.size();
                scratch_.append(base + start, i - start);
                bool quoted = false;
                std::size_t j = i;
                for (; j < size; ++j) {
                    char c = base[j];
                    if (quoted) {
                        if (c != '"') {
                            newlines += c == '\n';
                            scratch_.push_back(c);
                        } else if (j + 1 < size && base[j + 1] == '"') {
                            scratch_.push_back('"');
                            ++j;
                        } else {
                            quoted = false;
                        }
                    } else if (c == '"') {
                        quoted = true;
                    } else if (c == delimiter || c == '\n') {
                        break;
                    } else {
                        scratch_.push_back(c);
                    }
                }
                // (Never still quoted here: csv_row_extent ended the row after an even number of quotes.)
                // A CR right before the line break belongs to it (it was read outside quotes).
                if ((j >= size || base[j] == '\n') && base[j - 1] == '\r') scratch_.pop_back();
                fixups_.push_back({fields.size(), offset, scratch_.size() - offset});
                fields.emplace_back();
                i = j;
            }
        } else {
            std::size_t end = i;
            if ((i >= size || base[i] == '\n') && end > start && base[end - 1] == '\r') --end;
            fields.emplace_back(base + start, end - start);
        }
        if (i < size && base[i] == delimiter) {
            start = ++i;
            continue;
        }
        break;  // line break or end of input
    }
    for (const Fixup& f : fixups_) fields[f.field] = std::string_view(scratch_.data() + f.offset, f.size);
    row_line_ = line_;
    line_ += newlines + (i < size ? 1 : 0);
    pos_ = i < size ? i + 1 : size;
}

void CsvReader::skip_bad_row(const CsvRowExtent& extent, std::vector<std::string_view>& fields) {
    fields.clear();
    row_line_ = line_;
    row_error_ = extent.status == CsvRowExtent::Status::unclosed_quote
                     ? "Anführungszeichen nicht geschlossen (ein einzelnes \" ohne Gegenstück?); die Zeile wird übersprungen"
                     : "Zeile länger als " + size_text(limits::kMaxCsvRowBytes) + "; die Zeile wird übersprungen";
    if (extent.end == std::string_view::npos) {  // the line goes on past what is read: drop it up to its break
        pos_ = data_.size();
        skipping_line_ = true;
        return;
    }
    if (extent.end > pos_ && data_[extent.end - 1] == '\n') ++line_;
    pos_ = extent.end;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
    if (!started_) detect_dialect();
    row_error_.clear();
    for (;;) {
        if (!error_.empty()) return false;
        if (skipping_line_) {
            const void* nl = pos_ < data_.size() ? std::memchr(data_.data() + pos_, '\n', data_.size() - pos_) : nullptr;
            if (!nl) {
                pos_ = data_.size();
                if (fill()) continue;
                skipping_line_ = false;
                fields.clear();
                return false;
            }
            pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - data_.data()) + 1;
            ++line_;
            skipping_line_ = false;
            continue;
        }
        if (pos_ >= data_.size() && !fill()) {
            fields.clear();
            return false;
        }
        // Blank lines (LF, CRLF or a lone CR at the end) are skipped.
        if (data_[pos_] == '\n') {
            ++pos_;
            ++line_;
            continue;
        }
        if (data_[pos_] == '\r') {
            if (pos_ + 1 >= data_.size() && fill()) continue;  // what follows the CR decides
            if (pos_ + 1 >= data_.size()) {
                pos_ = data_.size();
                continue;
            }
            if (data_[pos_ + 1] == '\n') {
                pos_ += 2;
                ++line_;
                continue;
            }
        }
        CsvRowExtent extent = csv_row_extent(data_, pos_, eof_);
        if (extent.status == CsvRowExtent::Status::need_more) {
            if (fill()) continue;  // (fill moves the buffer: ask again)
            extent = csv_row_extent(data_, pos_, true);
        }
        if (extent.status != CsvRowExtent::Status::complete) {
            skip_bad_row(extent, fields);
            return true;
        }
        split_row(fields, extent.end);
        if (fields.size() > limits::kMaxCsvFields) {
            row_error_ = "mehr als " + std::to_string(limits::kMaxCsvFields) + " Felder; die Zeile wird übersprungen";
            fields.clear();
        }
        return true;
    }
}

}  // namespace klappt
