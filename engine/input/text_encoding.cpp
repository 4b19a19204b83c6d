#include "engine/input/text_encoding.hpp"

#include <algorithm>

namespace klappt {

std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || (n == 2 && c < 0xC2) || i + n > s.size()) return i;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        if (n == 3) {
            auto d = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d >= 0xA0)) return i;  // overlong, surrogate
        }
        if (n == 4) {
            auto d = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xF0 && d < 0x90) || c > 0xF4 || (c == 0xF4 && d >= 0x90)) return i;
        }
        i += n;
    }
    return std::nullopt;
}

bool mostly_utf8(std::string_view s) {
    std::size_t sequences = 0, bad = 0, i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        // The sequence starting here, checked on its own (at most four bytes).
        std::string_view piece = s.substr(i, 4);
        auto invalid = first_invalid_utf8(piece);
        if (invalid && *invalid == 0) {
            ++bad;
            ++i;
            continue;
        }
        auto c = static_cast<unsigned char>(s[i]);
        ++sequences;
        i += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    }
    return sequences > bad;
}

std::string from_windows_1252(std::string_view s) {
    static const char16_t high[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                      0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        char32_t u = c < 0x80 ? c : c < 0xA0 ? high[c - 0x80] : c;
        if (u < 0x80) {
            out.push_back(static_cast<char>(u));
        } else if (u < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (u >> 6)));
            out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xE0 | (u >> 12)));
            out.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
        }
    }
    return out;
}

std::string text_problem(std::string_view value) {
    // The common value is plain ASCII without NUL: one cheap pass.
    bool plain = true;
    for (char c : value) plain &= static_cast<unsigned char>(c - 1) < 0x7F;
    if (plain) return "";
    if (value.find('\0') != std::string_view::npos)
        return "enthält ein NUL-Zeichen (Byte 0); erlaubt ist nur Text – ist die Datei beschädigt oder keine Textdatei?";
    if (value.find(kUtf8Bom) != std::string_view::npos)
        return "enthält eine Byte-Order-Markierung (BOM, U+FEFF) mitten in der Datei – wurden zwei Dateien "
               "aneinandergehängt? Die Markierung ist nur ganz am Anfang einer Datei erlaubt";
    if (auto bad = first_invalid_utf8(value)) {
        // Show the value as it reads in Windows-1252, the usual other encoding, so the
        // person can find it; the message itself stays valid UTF-8.
        std::string shown = from_windows_1252(value.substr(0, std::min<std::size_t>(value.size(), 60)));
        if (first_invalid_utf8(shown)) shown.clear();
        if (!shown.empty() && value.size() > 60) shown += "…";
        return "kein gültiges UTF-8 (" + (shown.empty() ? "" : "als Windows-1252 gelesen „" + shown + "“, ") +
               "ungültiges Byte an Stelle " + std::to_string(*bad + 1) +
               "); erlaubt ist nur UTF-8 – die Datei in UTF-8 speichern (Excel: „CSV UTF-8“)";
    }
    return "";
}

}  // namespace klappt
