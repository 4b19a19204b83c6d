// Instantiates the declaration grammar and offers the X3-free entry points of
// entry.hpp: parse one step, turn X3's expectation failures into diagnostics,
// lower the parse tree into the AST.
#include <boost/spirit/home/x3.hpp>
#include <vector>

#include "dsl/grammar/declarations_def.hpp"
#include "dsl/grammar/entry.hpp"
#include "dsl/grammar/lower.hpp"

namespace klappt::dsl::grammar {

namespace {

// X3 names what it expected: a rule's name („Ausdruck“), a character ('=') or a
// string ("=>").  Present all three the same way.
std::string expected_text(const std::string& which) {
    if (which.size() >= 3 && (which.front() == '\'' || which.front() == '"') && which.back() == which.front())
        return "„" + which.substr(1, which.size() - 2) + "“";
    if (which.find("boost") != std::string::npos || which.empty()) return "eine gültige Fortsetzung";
    return which;
}

std::string found_text(const SourceRef& source, std::uint32_t offset) {
    std::string_view text = source->text();
    if (offset >= text.size()) return "das Dateiende";
    std::size_t end = offset;
    auto is_word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    };
    if (is_word(text[offset])) {
        while (end < text.size() && is_word(text[end])) ++end;
    } else if (text[offset] == '\n' || text[offset] == '\r') {
        return "das Zeilenende";
    } else {
        end = offset + 1;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    }
    return "„" + std::string(text.substr(offset, std::min<std::size_t>(end - offset, 40))) + "“";
}

// The innermost bracket opened between `from` and `to` that is still open at `to`
// (strings and comments skipped), or npos: for "„)“ erwartet (zu „(“ in Zeile 3)".
std::size_t unclosed_bracket(std::string_view text, std::size_t from, std::size_t to) {
    std::vector<std::size_t> open;
    for (std::size_t i = from; i < to && i < text.size(); ++i) {
        char c = text[i];
        if (c == '#') {
            while (i < to && text[i] != '\n') ++i;
        } else if (c == '"') {
            for (++i; i < to && text[i] != '"' && text[i] != '\n'; ++i)
                if (text[i] == '\\') ++i;
        } else if (c == '(' || c == '[' || c == '{') {
            open.push_back(i);
        } else if ((c == ')' || c == ']' || c == '}') && !open.empty()) {
            open.pop_back();
        }
    }
    return open.empty() ? std::string_view::npos : open.back();
}

std::uint32_t skip_blanks(const SourceRef& source, std::uint32_t offset) {
    const char* begin = source->text().data();
    const char* it = begin + offset;
    const char* end = begin + source->text().size();
    x3::unused_type u;
    while (it != end && skipper.parse(it, end, u, u, u)) {
    }
    return static_cast<std::uint32_t>(it - begin);
}

template <typename Rule, typename Attribute>
StepOutcome run(const SourceRef& source, std::uint32_t& offset, Rule const& rule, Attribute& attribute,
                Diagnostics& diagnostics, const ParseLimits& limits, const char* what) {
    offset = skip_blanks(source, offset);
    const char* begin = source->text().data();
    const char* end = begin + source->text().size();
    if (begin + offset == end) return StepOutcome::at_end;
    const char* it = begin + offset;
    parse_state state{begin, 0, limits.max_nesting};
    try {
        bool ok = x3::phrase_parse(it, end, x3::with<state_tag>(std::ref(state))[rule], skipper, attribute);
        if (!ok) {
            diagnostics.error(source, Span{offset, offset + 1},
                              std::string("erwartet ") + what + ", gefunden " + found_text(source, offset));
            return StepOutcome::failed;
        }
    } catch (const x3::expectation_failure<iterator_type>& e) {
        auto at = static_cast<std::uint32_t>(e.where() - begin);
        // An unterminated string is reported where the line ends; anything else at the next token.
        if (e.which() != "'\"'") at = skip_blanks(source, at);
        Diagnostic& d = diagnostics.error(source, Span{at, at + 1},
                                          "erwartet " + expected_text(e.which()) + ", gefunden " + found_text(source, at));
        if (e.which() == "')'" || e.which() == "']'" || e.which() == "'}'") {
            std::size_t opener = unclosed_bracket(source->text(), offset, static_cast<std::size_t>(e.where() - begin));
            if (opener != std::string_view::npos) {
                auto o = static_cast<std::uint32_t>(opener);
                d.notes.push_back({source, Span{o, o + 1}, "zu dieser Klammer"});
            }
        }
        offset = at;
        return StepOutcome::failed;
    } catch (const nesting_too_deep& e) {
        auto at = static_cast<std::uint32_t>(e.where - begin);
        diagnostics.error(source, Span{at, at + 1},
                          "Ausdruck zu tief verschachtelt (höchstens " + std::to_string(limits.max_nesting) +
                              " Ebenen)");
        offset = at;
        return StepOutcome::failed;
    }
    offset = static_cast<std::uint32_t>(it - begin);
    return StepOutcome::parsed;
}

}  // namespace

StepOutcome parse_module_header(const SourceRef& source, std::uint32_t& offset, ast::Module& module,
                                Diagnostics& diagnostics, const ParseLimits& limits) {
    pt::module_header header;
    StepOutcome outcome = run(source, offset, decl_rules::header, header, diagnostics, limits,
                              "den Modulkopf „module name“");
    if (outcome == StepOutcome::parsed) Lowering(source, diagnostics, limits.max_nesting).header(header, module);
    return outcome;
}

StepOutcome parse_item(const SourceRef& source, std::uint32_t& offset, std::vector<ast::Item>& items,
                       Diagnostics& diagnostics, const ParseLimits& limits) {
    pt::item item;
    StepOutcome outcome =
        run(source, offset, decl_rules::item, item, diagnostics, limits,
            "eine Deklaration (let, rule, output, input, param, enum, record, import)");
    if (outcome == StepOutcome::parsed) items.push_back(Lowering(source, diagnostics, limits.max_nesting).item(item));
    return outcome;
}

}  // namespace klappt::dsl::grammar
