// A source text (rule file, case file, parameter file) and positions in it.
//
// Every diagnostic points into a SourceFile through a Span of byte offsets;
// offsets become line:column only when a message is rendered, so the parser
// and the checker carry two integers per node and nothing else.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/limits.hpp"

namespace klappt {

// Half-open byte range [begin, end) in one SourceFile.
struct Span {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

struct LineColumn {
    std::uint32_t line = 1;    // 1-based
    std::uint32_t column = 1;  // 1-based, counted in code points, not bytes
};

class SourceFile {
public:
    SourceFile(std::string name, std::string text);

    const std::string& name() const { return name_; }
    std::string_view text() const { return text_; }

    LineColumn position(std::uint32_t offset) const;
    // The text of the 1-based line, without its line break.
    std::string_view line_text(std::uint32_t line) const;
    std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }
    // Byte offset of the first character of a 1-based line (clamped to the text).
    std::uint32_t line_start(std::uint32_t line) const;

private:
    std::string name_;
    std::string text_;
    std::vector<std::uint32_t> line_starts_;
};

using SourceRef = std::shared_ptr<const SourceFile>;

// Reads a whole file; returns nullptr and fills `error` (German) when it cannot, also when
// it is longer than `max_bytes` (it is not read further: `/dev/zero` ends at once) or is
// not text (a workbook, a PDF, binary data: dsl/file_kind.hpp).
SourceRef read_source_file(const std::string& path, std::string& error,
                           std::size_t max_bytes = limits::kMaxInputFileBytes);

// The lines of a text, without their line ends (\n or \r\n); a text ending in \n has an
// empty last line.
std::vector<std::string_view> text_lines(std::string_view text);

// "256 MiB", "4 MiB", "512 KiB": a limit in bytes for messages.
std::string size_text(std::size_t bytes);

}  // namespace klappt
