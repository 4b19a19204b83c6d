#include "dsl/source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "dsl/file_kind.hpp"

namespace klappt {

SourceFile::SourceFile(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
    line_starts_.push_back(0);
    for (std::uint32_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

std::uint32_t SourceFile::line_start(std::uint32_t line) const {
    if (line == 0) return 0;
    if (line > line_starts_.size()) return static_cast<std::uint32_t>(text_.size());
    return line_starts_[line - 1];
}

LineColumn SourceFile::position(std::uint32_t offset) const {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
    std::uint32_t column = 1;
    for (std::uint32_t i = line_starts_[line - 1]; i < offset; ++i)
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;  // skip UTF-8 continuation bytes
    return {line, column};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    std::uint32_t begin = line_starts_[line - 1];
    std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
    std::string_view s(text_.data() + begin, end - begin);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> text_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (eol == text.size()) break;
        pos = eol + 1;
    }
    return lines;
}

std::string size_text(std::size_t bytes) {
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " Bytes";
}

SourceRef read_source_file(const std::string& path, std::string& error, std::size_t max_bytes) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        error = "„" + path + "“ ist ein Ordner; erwartet eine Datei (z. B. " + path + "/fall.yaml)";
        return nullptr;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        int e = errno;
        if (e == ENOENT) error = "Datei nicht gefunden: " + path;
        else if (e == EACCES || e == EPERM) error = "Datei kann nicht gelesen werden: " + path + " (keine Berechtigung)";
        else error = "Datei kann nicht gelesen werden: " + path + " (" + std::strerror(e) + ")";
        return nullptr;
    }
    // In blocks, stopping past the limit: a device or a huge file is not read to its end.
    std::string text;
    char block[1 << 16];
    while (in.read(block, sizeof block) || in.gcount() > 0) {
        text.append(block, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes) {
            error = "Datei zu groß: " + path + " (höchstens " + size_text(max_bytes) + ")";
            return nullptr;
        }
    }
    if (in.bad()) {
        error = "Fehler beim Lesen von " + path;
        return nullptr;
    }
    if (auto what = not_text_file(text)) {
        error = not_text_file_error(path, *what);
        return nullptr;
    }
    return std::make_shared<SourceFile>(path, std::move(text));
}

}  // namespace klappt
