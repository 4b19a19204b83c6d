// Lowering: parse tree (X3 types) → public AST.  Applies operator precedence,
// converts literal text to values and reports literal errors (overflow, too
// many decimals) and over-deep nesting as diagnostics.
#pragma once

#include "dsl/ast.hpp"
#include "dsl/diagnostic.hpp"
#include "dsl/grammar/parse_tree.hpp"

namespace klappt::dsl::grammar {

class Lowering {
public:
    Lowering(SourceRef source, Diagnostics& diagnostics, std::size_t max_depth)
        : source_(std::move(source)), diagnostics_(diagnostics), max_depth_(max_depth) {}

    ast::Item item(pt::item& item);
    void header(pt::module_header& header, ast::Module& module);

private:
    ast::ExprPtr expression(pt::expression& e, std::size_t depth);
    ast::ExprPtr unary(pt::unary_expr& u, std::size_t depth);
    ast::ExprPtr postfix(pt::postfix_expr& p, std::size_t depth);
    ast::ExprPtr primary(pt::primary& p, Span span, std::size_t depth);
    ast::ExprPtr number(const pt::number_lit& n);
    ast::ExprPtr error_expr(Span span);
    ast::TypeExpr type(pt::type_expr& t);
    // `definition`: the texts with placeholders (rechenweg, wenn_nicht, urteil, hinweis) are allowed.
    ast::Meta meta(boost::optional<pt::string_lit>& label, std::vector<pt::meta>& metas, bool definition = false);
    std::optional<ast::Template> template_text(pt::meta& entry);
    ast::FieldDecl field(pt::field_decl& f);
    std::optional<ast::DateLiteral> date(const pt::date_lit& d);
    bool check_depth(std::size_t depth, Span span);

    SourceRef source_;
    Diagnostics& diagnostics_;
    std::size_t max_depth_;
    bool depth_reported_ = false;
};

}  // namespace klappt::dsl::grammar
