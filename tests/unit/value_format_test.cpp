// JSON strings are always valid UTF-8 JSON, whatever bytes a case file held.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "engine/render/value_json.hpp"

using klappt::JsonOut;

namespace {

std::string json_string(std::string_view s) {
    std::string out;
    JsonOut json(out);
    json.string(s);
    return out;
}

}  // namespace

TEST_CASE("JSON strings: escapes, UTF-8 kept, invalid bytes replaced by U+FFFD", "[json]") {
    CHECK(json_string("Schüler „A“\n\t\"x\"\\") == "\"Schüler „A“\\n\\t\\\"x\\\"\\\\\"");
    CHECK(json_string(std::string("a\x01" "b", 3)) == "\"a\\u0001b\"");
    // Windows-1252 "ü" (0xFC), a lone continuation byte, a truncated sequence, an overlong form, a surrogate.
    for (std::string bad : {std::string("M\xFCller"), std::string("\x80"), std::string("\xE2\x82"),
                            std::string("\xC0\xAF"), std::string("\xED\xA0\x80")}) {
        std::string out = json_string(bad);
        INFO(out);
        CHECK(out.find("\xEF\xBF\xBD") != std::string::npos);
        CHECK_NOTHROW(nlohmann::json::parse(out));
    }
    CHECK(json_string("M\xFCller") == "\"M\xEF\xBF\xBDller\"");
    CHECK(json_string("\xF0\x9F\x98\x80") == "\"\xF0\x9F\x98\x80\"");  // a 4-byte emoji stays
}
