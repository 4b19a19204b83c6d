// Splits a template string into literal text and placeholder expressions (see template.hpp).
// Its own translation unit: it runs the expression grammar, instantiated in expression.cpp.
#include "dsl/grammar/template.hpp"

#include <boost/spirit/home/x3.hpp>

#include "dsl/grammar/expression.hpp"

namespace klappt::dsl::grammar {

namespace {

// The placeholder's expression, parsed from the raw file text between the braces.
bool parse_placeholder(const SourceRef& source, std::uint32_t from, std::uint32_t to, pt::expression& out,
                       Diagnostics& diagnostics, std::size_t max_nesting) {
    const char* begin = source->text().data();
    const char* it = begin + from;
    const char* end = begin + to;
    parse_state state{begin, 0, max_nesting};
    try {
        bool ok = x3::phrase_parse(it, end, x3::with<state_tag>(std::ref(state))[expression()], skipper, out);
        if (ok && it == end) return true;
    } catch (const x3::expectation_failure<iterator_type>&) {
    } catch (const nesting_too_deep&) {
    }
    auto at = static_cast<std::uint32_t>(it - begin);
    diagnostics.error(source, Span{at, at + 1 > to ? to : at + 1},
                      "Platzhalter ist kein gültiger Ausdruck: „" +
                          std::string(source->text().substr(from, to - from)) +
                          "“ (erwartet z. B. {stunden}, {m.eintritt} oder {rechenweg(pauschale)})");
    return false;
}

}  // namespace

bool split_template(const SourceRef& source, std::uint32_t literal_begin, std::uint32_t literal_end,
                    std::vector<TemplatePiece>& pieces, Diagnostics& diagnostics, std::size_t max_nesting) {
    std::string_view text = source->text();
    // Inside the quotes.
    std::uint32_t i = literal_begin + 1, stop = literal_end > literal_begin + 1 ? literal_end - 1 : literal_begin + 1;
    TemplatePiece literal;
    literal.begin = i;
    auto flush = [&](std::uint32_t at) {
        literal.end = at;
        if (!literal.text.empty()) pieces.push_back(std::move(literal));
        literal = TemplatePiece{};
        literal.begin = at;
    };
    while (i < stop) {
        char c = text[i];
        if (c == '\\' && i + 1 < stop) {
            char next = text[i + 1];
            literal.text += next == 'n' ? '\n' : next;
            i += 2;
            continue;
        }
        if ((c == '{' || c == '}') && i + 1 < stop && text[i + 1] == c) {
            literal.text += c;
            i += 2;
            continue;
        }
        if (c == '}') {
            diagnostics.error(source, Span{i, i + 1}, "„}“ ohne „{“; als Zeichen „}}“ schreiben");
            return false;
        }
        if (c != '{') {
            literal.text += c;
            ++i;
            continue;
        }
        // A placeholder: to the matching brace (braces of sets inside count).
        std::uint32_t open = i, depth = 1, j = i + 1;
        for (; j < stop && depth > 0; ++j) {
            if (text[j] == '{') ++depth;
            if (text[j] == '}') --depth;
        }
        if (depth > 0) {
            diagnostics.error(source, Span{open, open + 1}, "Platzhalter „{“ wird nicht mit „}“ geschlossen");
            return false;
        }
        std::uint32_t close = j - 1;
        std::string_view inner = text.substr(open + 1, close - open - 1);
        if (inner.find_first_not_of(" \t") == std::string_view::npos) {
            diagnostics.error(source, Span{open, close + 1},
                              "leerer Platzhalter {}; in den Klammern steht ein Name, z. B. {betrag}");
            return false;
        }
        flush(open);
        TemplatePiece placeholder;
        placeholder.begin = open;
        placeholder.end = close + 1;
        pt::expression e;
        if (!parse_placeholder(source, open + 1, close, e, diagnostics, max_nesting)) return false;
        placeholder.value = std::move(e);
        pieces.push_back(std::move(placeholder));
        i = close + 1;
        literal.begin = i;
    }
    flush(stop);
    return true;
}

}  // namespace klappt::dsl::grammar
