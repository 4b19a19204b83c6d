// Narrowing: inside `if x is set then …`, after `x is set and …` and in an exception whose
// condition says so, `x` has its non-optional type.  What is set is keyed by the expression's
// source text without blanks: expressions are pure, so the same text in the same definition
// has the same value.
#include "dsl/checker/checker_impl.hpp"

#include <algorithm>
#include <cctype>

namespace klappt::dsl::checking {

std::string path_of(const ast::Expr& e, std::string_view text) {
    if (e.span.end > text.size() || e.span.begin >= e.span.end) return "";
    std::string key;
    for (char c : text.substr(e.span.begin, e.span.end - e.span.begin))
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') key.push_back(c);
    return key;
}

// Whether a narrowing key (source text without blanks) uses `name` as a whole word.
bool mentions(const std::string& key, const std::string& name) {
    auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (std::size_t at = key.find(name); at != std::string::npos; at = key.find(name, at + 1)) {
        bool starts = at == 0 || (!is_word(key[at - 1]) && key[at - 1] != '.');
        bool ends = at + name.size() == key.size() || !is_word(key[at + name.size()]);
        if (starts && ends) return true;
    }
    return false;
}

// Paths that are set when `cond` evaluates to `when`.
void narrowing_facts(const ast::Expr& cond, bool when, std::string_view text, std::vector<std::string>& out) {
    if (auto* is = std::get_if<ast::IsSet>(&cond.node)) {
        if (is->negated != when) {
            std::string p = path_of(*is->operand, text);
            if (!p.empty()) out.push_back(p);
        }
        return;
    }
    if (auto* b = std::get_if<ast::Binary>(&cond.node)) {
        if (when && b->op == ast::BinaryOp::logical_and) {
            narrowing_facts(*b->lhs, true, text, out);
            narrowing_facts(*b->rhs, true, text, out);
        } else if (!when && b->op == ast::BinaryOp::logical_or) {
            narrowing_facts(*b->lhs, false, text, out);
            narrowing_facts(*b->rhs, false, text, out);
        }
        return;
    }
    if (auto* u = std::get_if<ast::Unary>(&cond.node); u && u->op == ast::UnaryOp::logical_not)
        narrowing_facts(*u->operand, !when, text, out);
}

bool Checker::narrowed(const Scope& s, const std::string& path) const {
    return !path.empty() && std::find(s.narrowed.begin(), s.narrowed.end(), path) != s.narrowed.end();
}

TypeId Checker::maybe_narrow(const Scope& s, const ast::Expr& e, TypeId t) {
    return narrowed(s, path_of(e, text_of(s.module))) ? rs_.types.strip_optional(t) : t;
}

}  // namespace klappt::dsl::checking
