#include "dsl/enum_lookup.hpp"

#include <algorithm>

#include "dsl/diagnostic.hpp"

namespace klappt {

std::string folded_key(std::string_view text, std::initializer_list<std::string_view> punctuation) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == 0xC3 && i + 1 < text.size()) {
            const char* replacement = nullptr;
            switch (static_cast<unsigned char>(text[i + 1])) {
                case 0xA4: case 0x84: replacement = "ae"; break;  // ä Ä
                case 0xB6: case 0x96: replacement = "oe"; break;  // ö Ö
                case 0xBC: case 0x9C: replacement = "ue"; break;  // ü Ü
                case 0x9F: replacement = "ss"; break;              // ß
                default: break;
            }
            if (replacement) {
                out += replacement;
                ++i;
                continue;
            }
        }
        if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(static_cast<char>(c));
        else if (c >= 0x80) out.push_back(static_cast<char>(c));  // other letters (and §) stay as they are
    }
    for (std::string_view drop : punctuation) {
        std::size_t at;
        while ((at = out.find(drop)) != std::string::npos) out.erase(at, drop.size());
    }
    return out;
}

std::string loose_key(std::string_view text) {
    // A non-breaking blank, typographic quotes and dashes are punctuation here.
    return folded_key(text, {"\xC2\xA0", "\xE2\x80\x9E", "\xE2\x80\x9C", "\xE2\x80\x93", "\xE2\x80\x99"});
}

std::vector<std::string> enum_value_forms(const EnumType& e, std::uint32_t i) {
    std::vector<std::string> forms{e.values[i]};
    const std::string& label = e.value_labels[i];
    if (!label.empty()) {
        forms.push_back(label);
        // „Duldung (§ 60a AufenthG)“ is also „Duldung“.
        std::size_t bracket = label.find(" (");
        if (bracket != std::string::npos && bracket > 0) forms.push_back(label.substr(0, bracket));
    }
    if (i < e.value_synonyms.size())
        for (const std::string& s : e.value_synonyms[i]) forms.push_back(s);
    return forms;
}

std::optional<std::uint32_t> find_enum_value(const EnumType& e, std::string_view text) {
    for (std::uint32_t i = 0; i < e.values.size(); ++i)
        if (e.values[i] == text) return i;
    std::string key = loose_key(text);
    if (key.empty()) return std::nullopt;
    std::optional<std::uint32_t> found;
    for (std::uint32_t i = 0; i < e.values.size(); ++i) {
        for (const std::string& form : enum_value_forms(e, i)) {
            if (loose_key(form) != key) continue;
            if (found && *found != i) return std::nullopt;
            found = i;
        }
    }
    return found;
}

std::string unknown_enum_value_message(const EnumType& e, std::string_view text) {
    std::string shown(text.substr(0, 60));
    std::string out = "unbekannter Wert „" + shown + (text.size() > 60 ? "…" : "") + "“; erlaubt: ";
    bool labels = false;
    for (std::size_t i = 0; i < e.values.size(); ++i) {
        out += (i ? ", " : "") + e.values[i];
        labels = labels || !e.value_labels[i].empty();
    }
    if (labels) out += " (oder ihre Bezeichnungen; Groß- und Kleinschreibung egal)";
    // The nearest value, by the keys of all its forms.
    std::vector<std::string> keys;
    std::vector<std::uint32_t> owner;
    for (std::uint32_t i = 0; i < e.values.size(); ++i)
        for (const std::string& form : enum_value_forms(e, i)) {
            keys.push_back(loose_key(form));
            owner.push_back(i);
        }
    std::string key = loose_key(text);
    std::string best = key.empty() ? std::string() : closest_name(key, keys);
    if (best.empty()) {
        // Also by the code as typed (the message before forgiving matching did this).
        std::string code = closest_name(std::string(text), e.values);
        if (code.empty()) return out;
        best = loose_key(code);
    }
    auto at = std::find(keys.begin(), keys.end(), best);
    std::uint32_t i = owner[static_cast<std::size_t>(at - keys.begin())];
    out += "; meinten Sie „" + e.values[i] + "“";
    if (!e.value_labels[i].empty() && e.value_labels[i] != e.values[i]) out += " (" + e.value_labels[i] + ")";
    return out + "?";
}

}  // namespace klappt
