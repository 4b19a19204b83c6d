// The one iterator and context type every X3 rule of the rule language is
// instantiated for (as in X3's calc9/rexpr examples), the skipper, the
// per-parse state, and the small custom parsers shared by both grammar TUs.
#pragma once

#include <boost/spirit/home/x3.hpp>
#include <cstddef>
#include <functional>
#include <type_traits>

#include "dsl/grammar/parse_tree.hpp"

namespace klappt::dsl::grammar {

namespace x3 = boost::spirit::x3;

using iterator_type = const char*;

// Whitespace and `# comments` to the end of the line.  Hand-written so that
// bytes >= 0x80 (UTF-8 in comments and strings) never reach <cctype>.
struct skipper_parser : x3::parser<skipper_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
        if (first == last) return false;
        char c = *first;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++first;
            return true;
        }
        if (c == '#') {
            while (first != last && *first != '\n') ++first;
            return true;
        }
        return false;
    }
};

inline constexpr skipper_parser skipper{};

struct parse_state {
    iterator_type begin = nullptr;
    std::size_t depth = 0;
    std::size_t max_depth = 256;
};

// Thrown when nesting exceeds the limit; the driver turns it into a diagnostic.
struct nesting_too_deep {
    iterator_type where;
};

struct state_tag;

using phrase_context_type = x3::phrase_parse_context<skipper_parser>::type;
using context_type = x3::context<state_tag, std::reference_wrapper<parse_state>, phrase_context_type>;

// Byte offsets for every parse-tree node that is `located`.
struct annotate {
    template <typename It, typename Attr, typename Ctx>
    void on_success(It first, It const& last, Attr& attr, Ctx const& ctx) const {
        if constexpr (std::is_base_of_v<pt::located, Attr>) {
            parse_state& state = x3::get<state_tag>(ctx).get();
            // X3 hands us the position before the pre-skip; move over blanks and comments.
            while (first != last) {
                It probe = first;
                x3::unused_type u;
                if (!skipper.parse(probe, last, u, u, u)) break;
                first = probe;
            }
            attr.span_begin = static_cast<std::uint32_t>(first - state.begin);
            attr.span_end = static_cast<std::uint32_t>(last - state.begin);
        }
    }
};

// depth_guard[p]: counts nesting on every recursive back edge of the grammar.
template <typename Subject>
struct depth_guard_directive : x3::unary_parser<Subject, depth_guard_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, depth_guard_directive<Subject>>;
    static bool const is_pass_through_unary = true;
    constexpr depth_guard_directive(Subject const& subject) : base_type(subject) {}

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
        parse_state& state = x3::get<state_tag>(ctx).get();
        if (state.depth >= state.max_depth) throw nesting_too_deep{first};
        ++state.depth;
        bool ok = this->subject.parse(first, last, ctx, rctx, attr);
        --state.depth;
        return ok;
    }
};

struct depth_guard_gen {
    template <typename Subject>
    constexpr depth_guard_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
        Subject const& subject) const {
        return {x3::as_parser(subject)};
    }
};

inline constexpr depth_guard_gen depth_guard{};

// Characters of names: ASCII only, chosen with explicit sets (never <cctype>).
inline auto const ident_first = x3::char_("a-zA-Z_");
inline auto const ident_char = x3::char_("a-zA-Z0-9_");
inline auto const digit = x3::char_("0-9");

// A keyword: the word, not followed by a name character.
inline auto kw(char const* word) { return x3::lexeme[x3::lit(word) >> !ident_char]; }
// The same, keeping the word as the attribute.
inline auto kw_s(char const* word) { return x3::lexeme[x3::string(word) >> !ident_char]; }

}  // namespace klappt::dsl::grammar
