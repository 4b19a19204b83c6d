// `klappt test --update`: the expected values of failed tests rewritten in place in the
// test file's text — only the value, so comments, order and the rest of the file stay.
#include <algorithm>
#include <string>

#include "engine/ruletest/rule_tests.hpp"

namespace klappt {

namespace {

// Whether `pos` is inside a flow collection ([…] or {…}) opened earlier on its line.
bool in_flow(std::string_view text, std::size_t pos) {
    std::size_t line_start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    int depth = 0;
    char quote = 0;
    for (std::size_t i = line_start; i < pos; ++i) {
        char c = text[i];
        if (quote) {
            if (c == '\\' && quote == '"') ++i;
            else if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') quote = c;
        else if (c == '[' || c == '{') ++depth;
        else if (c == ']' || c == '}') --depth;
        else if (c == '#' && i > line_start && text[i - 1] == ' ') break;
    }
    return depth > 0;
}

std::size_t value_end(std::string_view text, std::size_t begin) {
    if (begin >= text.size()) return begin;
    char first = text[begin];
    if (first == '"' || first == '\'') {
        for (std::size_t i = begin + 1; i < text.size() && text[i] != '\n'; ++i) {
            if (first == '"' && text[i] == '\\') ++i;
            else if (text[i] == first) return i + 1;
        }
        return begin;
    }
    if (first == '[') {
        int depth = 0;
        for (std::size_t i = begin; i < text.size(); ++i) {
            if (text[i] == '[') ++depth;
            else if (text[i] == ']' && --depth == 0) return i + 1;
        }
        return begin;
    }
    bool flow = in_flow(text, begin);
    std::size_t i = begin;
    while (i < text.size() && text[i] != '\n' && !(text[i] == '#' && i > begin && text[i - 1] == ' ') &&
           !(flow && (text[i] == ',' || text[i] == ']' || text[i] == '}')))
        ++i;
    while (i > begin && (text[i - 1] == ' ' || text[i - 1] == '\r')) --i;
    return i;
}

}  // namespace

std::string apply_expectation_updates(std::string_view text, std::vector<ExpectationUpdate> updates) {
    std::sort(updates.begin(), updates.end(), [](auto& a, auto& b) { return a.span.begin > b.span.begin; });
    std::string out(text);
    std::size_t last_begin = std::string::npos;
    for (const auto& u : updates) {
        if (u.span.begin == last_begin) continue;  // the same value (a vorlage shared by tests) once
        last_begin = u.span.begin;
        std::size_t end = value_end(out, u.span.begin);
        if (end <= u.span.begin) continue;
        out.replace(u.span.begin, end - u.span.begin, u.text);
    }
    return out;
}

}  // namespace klappt
