// The texts people read: rechenweg, wenn_nicht, urteil, hinweis — where each may stand,
// and their placeholders (`{betrag}`, `{rechenweg(x)}`, `{gruende(r)}`, `{code(wert)}`).
#include "dsl/checker/checker_impl.hpp"

namespace klappt::dsl::checking {

void Checker::check_templates() {
    for (std::uint32_t m = 0; m < modules_.size(); ++m) {
        for (std::uint32_t d = 0; d < def_ast_[m].size(); ++d) {
            const ast::Definition& ast = *def_ast_[m][d];
            Definition& def = rs_.modules[m].definitions[d];
            current_module_ = m;
            bool rule = def.kind == DefinitionKind::rule;
            auto misplaced = [&](const std::vector<ast::Template>& t, const char* what, const char* why) {
                if (!t.empty()) error(m, t.front().span, std::string("„") + what + "“ " + why);
            };
            if (rule) misplaced(ast.meta.rechenweg, "rechenweg", "gehört an einen Wert (let, output), nicht an eine Regel");
            bool verdict_of_bool =
                !rule && !ast.meta.urteil.empty() && type_of_definition(m, d) == TypeTable::boolean;
            if (!rule && !verdict_of_bool)
                misplaced(ast.meta.wenn_nicht, "wenn_nicht",
                          "gehört an eine Regel (rule) oder an eine bool-Ausgabe mit „urteil“");
            if (!rule) misplaced(ast.meta.hinweis, "hinweis", "gehört an eine Regel (rule): er erscheint, wenn sie erfüllt ist");
            if (rule || verdict_of_bool) def.wenn_nicht = templates(ast.meta.wenn_nicht, m);
            if (!rule) def.rechenweg = templates(ast.meta.rechenweg, m);
            def.urteil = templates(ast.meta.urteil, m);
            if (rule) def.hinweis = templates(ast.meta.hinweis, m);
        }
    }
}

TextTemplates Checker::templates(const std::vector<ast::Template>& alternatives, std::uint32_t m) {
    TextTemplates out;
    for (const ast::Template& t : alternatives) {
        TextTemplate text = template_parts(t, m);
        if (t.condition) {
            Scope s = scope_in(m);
            text.condition = coerce(expr(*t.condition, s, TypeTable::boolean), TypeTable::boolean,
                                    t.condition->span, "Bedingung (when)");
        }
        out.push_back(std::move(text));
    }
    return out;
}

// The module and definition a reference node names, if it is one.
std::optional<std::pair<std::uint32_t, std::uint32_t>> Checker::referenced_definition(NodeId n) const {
    const Node& node = rs_.nodes[n];
    if (node.op == Op::definition || node.op == Op::own_definition) return std::pair{node.a, node.b};
    if (node.op == Op::instance_member)
        return std::pair{rs_.types[rs_.types.strip_optional(type_of(node.a))].ref, node.b};
    return std::nullopt;
}

TextTemplate Checker::template_parts(const ast::Template& t, std::uint32_t m) {
    TextTemplate out;
    out.span = t.span;
    for (const ast::TemplatePart& part : t.parts) {
        if (!part.value) {
            out.parts.push_back({part.text, kNoNode, PlaceholderUse::value});
            continue;
        }
        const ast::Expr& e = *part.value;
        Scope s = scope_in(m);
        auto* call = std::get_if<ast::Call>(&e.node);
        if (call && call->callee.name == "code") {
            if (call->args.size() != 1 || call->args[0].name || call->args[0].where || call->args[0].body) {
                error(m, e.span, "code(…) erwartet genau einen Wert einer Aufzählung");
                continue;
            }
            NodeId n = expr(*call->args[0].value, s, TypeTable::error);
            if (is_error(n)) continue;
            if (kind(rs_.types.strip_optional(type_of(n))) != TypeKind::enumeration) {
                error(m, call->args[0].value->span, "code(…) braucht einen Wert einer Aufzählung, gefunden " +
                                                        tname(type_of(n)));
                continue;
            }
            out.parts.push_back({"", n, PlaceholderUse::code});
            continue;
        }
        if (call && (call->callee.name == "rechenweg" || call->callee.name == "gruende")) {
            bool calculation = call->callee.name == "rechenweg";
            if (call->args.size() != 1 || call->args[0].name || call->args[0].where || call->args[0].body) {
                error(m, e.span, call->callee.name + "(…) erwartet genau einen Namen einer Definition");
                continue;
            }
            NodeId n = expr(*call->args[0].value, s, TypeTable::error);
            if (is_error(n)) continue;
            auto target = referenced_definition(n);
            if (!target) {
                error(m, call->args[0].value->span, call->callee.name + "(…) braucht den Namen einer Definition");
                continue;
            }
            if (!calculation && type_of(n) != TypeTable::boolean) {
                error(m, call->args[0].value->span, "gruende(…) braucht eine Regel (bool), gefunden " + tname(type_of(n)));
                continue;
            }
            out.parts.push_back({"", n, calculation ? PlaceholderUse::calculation : PlaceholderUse::reasons});
            continue;
        }
        NodeId n = expr(e, s, TypeTable::error);
        if (is_error(n)) continue;
        TypeKind k = kind(rs_.types.strip_optional(type_of(n)));
        if (k == TypeKind::list || k == TypeKind::record || k == TypeKind::instance) {
            error(m, e.span, "ein Platzhalter zeigt einen einzelnen Wert, nicht " + tname(type_of(n)));
            continue;
        }
        out.parts.push_back({"", n, PlaceholderUse::value});
    }
    return out;
}

}  // namespace klappt::dsl::checking
