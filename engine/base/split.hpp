// Text cut at a separator: form fields at '&', list cells at ',', words at ' ', paths at '.'.
#pragma once

#include <string_view>
#include <vector>

namespace klappt {

// The parts of `text` between the `separator`s, empty ones included, pointing into `text`:
// "a,,b" → {"a", "", "b"}; "" → {""}.
inline std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

}  // namespace klappt
