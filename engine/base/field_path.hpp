// Field and output paths as io.md, klappt fragen and the web form write them:
// person.geburtsdatum, massnahmen.2.eintritt (list positions count from 1).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/split.hpp"

namespace klappt {

// "massnahmen.2.eintritt" → {"massnahmen", "2", "eintritt"}; "" → {""}.
inline std::vector<std::string> split_field_path(const std::string& path) {
    std::vector<std::string> parts;
    for (std::string_view part : split(path, '.')) parts.emplace_back(part);
    return parts;
}

// Whether a part of a path is a list position (digits only).
inline bool is_list_position(std::string_view part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace klappt
