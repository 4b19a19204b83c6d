#include "engine/batch/row_chunks.hpp"

#include <cstring>

#include "dsl/limits.hpp"
#include "engine/input/csv_reader.hpp"

namespace klappt::batch_detail {

std::size_t last_row_end(std::string_view text) {
    if (text.size() <= limits::kMaxCsvRowBytes && !std::memchr(text.data(), '"', text.size())) {
        const void* nl = ::memrchr(text.data(), '\n', text.size());
        return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1 : std::string_view::npos;
    }
    std::size_t last = std::string_view::npos;
    for (std::size_t pos = 0; pos < text.size();) {
        CsvRowExtent row = csv_row_extent(text, pos, false);
        if (row.status == CsvRowExtent::Status::need_more || row.end == std::string_view::npos) break;
        last = pos = row.end;
    }
    return last;
}

std::size_t first_row_end(std::string_view text, bool at_end) {
    CsvRowExtent row = csv_row_extent(text, 0, at_end);
    return row.status == CsvRowExtent::Status::need_more ? std::string_view::npos : row.end;
}

}  // namespace klappt::batch_detail
