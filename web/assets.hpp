// The desk's static files (styles, scripts), compiled into the binary from
// web/assets/ by web/embed_assets.cmake: one process, nothing from the internet.
#pragma once

#include <string_view>
#include <vector>

namespace klappt::web {

struct Asset {
    std::string_view name;  // file name, served as /assets/NAME
    std::string_view type;  // Content-Type
    std::string_view body;
};

const std::vector<Asset>& assets();

inline const Asset* find_asset(std::string_view name) {
    for (const Asset& a : assets())
        if (a.name == name) return &a;
    return nullptr;
}

}  // namespace klappt::web
