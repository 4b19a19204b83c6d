#include "engine/csv_reader.hpp"

#include <cerrno>
#include <cstring>

namespace klappt {

namespace {
constexpr std::size_t kChunk = 1 << 20;  // bytes read at a time
}

std::unique_ptr<CsvReader> CsvReader::open(const std::string& path, std::string& error) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        error = "Datei kann nicht gelesen werden: " + path + " (" + std::strerror(errno) + ")";
        return nullptr;
    }
    return std::unique_ptr<CsvReader>(new CsvReader(f));
}

CsvReader::CsvReader(std::string_view text) : buffer_(text), eof_(true) {}
CsvReader::CsvReader(std::string_view text, char delimiter, std::uint32_t first_line)
    : buffer_(text), eof_(true), started_(true), delimiter_(delimiter), line_(first_line) {}
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
    if (got < kChunk) eof_ = true;
    return got > 0;
}

void CsvReader::detect_dialect() {
    started_ = true;
    // Make sure the first line is in the buffer.
    while (buffer_.find('\n', pos_) == std::string::npos && fill()) {
    }
    if (buffer_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) {
        had_bom_ = true;
        pos_ += 3;
    }
    std::size_t semicolons = 0, commas = 0, tabs = 0;
    bool quoted = false;
    for (std::size_t i = pos_; i < buffer_.size() && (quoted || buffer_[i] != '\n'); ++i) {
        char c = buffer_[i];
        if (c == '"') quoted = !quoted;
        else if (!quoted && c == ';') ++semicolons;
        else if (!quoted && c == ',') ++commas;
        else if (!quoted && c == '\t') ++tabs;
    }
    delimiter_ = semicolons >= commas && semicolons >= tabs && semicolons > 0 ? ';' : tabs > commas ? '\t' : ',';
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
    if (!started_) detect_dialect();
    fields.clear();
    unquoted_.clear();
    for (;;) {
        // Find the end of the next row (a newline outside quotes), reading more input as needed.
        std::size_t i = pos_;
        bool quoted = false;
        std::size_t end = std::string::npos;
        std::uint32_t newlines = 0;
        for (;;) {
            for (; i < buffer_.size(); ++i) {
                char c = buffer_[i];
                if (c == '"') quoted = !quoted;
                else if (c == '\n') {
                    if (!quoted) {
                        end = i;
                        break;
                    }
                    ++newlines;
                }
            }
            if (end != std::string::npos) break;
            std::size_t offset = i - pos_;
            if (!fill()) break;
            i = pos_ + offset;
        }
        if (end == std::string::npos) {
            if (pos_ >= buffer_.size()) return false;
            if (quoted) {
                error_ = "Zeile " + std::to_string(line_) + ": Anführungszeichen nicht geschlossen";
                pos_ = buffer_.size();
                return false;
            }
            end = buffer_.size();
        }
        std::string_view row(buffer_.data() + pos_, end - pos_);
        row_line_ = line_;
        line_ += newlines + (end < buffer_.size() ? 1 : 0);
        pos_ = end < buffer_.size() ? end + 1 : end;
        if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
        if (row.empty()) continue;  // blank line

        // Split the row into fields.
        std::size_t k = 0;
        for (;;) {
            if (k < row.size() && row[k] == '"') {
                std::string value;
                std::size_t j = k + 1;
                for (; j < row.size(); ++j) {
                    if (row[j] == '"') {
                        if (j + 1 < row.size() && row[j + 1] == '"') {
                            value.push_back('"');
                            ++j;
                        } else {
                            break;
                        }
                    } else {
                        value.push_back(row[j]);
                    }
                }
                // Text after the closing quote up to the delimiter is kept (lenient, like Excel).
                std::size_t stop = row.find(delimiter_, j);
                if (j + 1 < row.size() && stop != j + 1)
                    value.append(row.substr(j + 1, (stop == std::string_view::npos ? row.size() : stop) - j - 1));
                unquoted_.push_back(std::move(value));
                fields.push_back(unquoted_.back());
                k = stop == std::string_view::npos ? row.size() + 1 : stop + 1;
            } else {
                std::size_t stop = row.find(delimiter_, k);
                fields.push_back(row.substr(k, stop == std::string_view::npos ? std::string_view::npos : stop - k));
                k = stop == std::string_view::npos ? row.size() + 1 : stop + 1;
            }
            if (k > row.size()) break;
        }
        return true;
    }
}

}  // namespace klappt
