// Calling a module with parameters (`zielgruppe(am: stichtag)`): a module value whose
// definitions are evaluated with those arguments.
#include "dsl/checker/checker_impl.hpp"

#include <algorithm>

namespace klappt::dsl::checking {

NodeId Checker::instantiate(std::uint32_t m, const ast::Call& c, const ast::Expr& e, Scope& s) {
    const Module& mod = rs_.modules[m];
    if (!module_visible(s.module, mod.name)) {
        error(s.module, c.callee.span, "Modul „" + mod.name + "“ ist nicht importiert; „import " + mod.name +
                                           "“ ergänzen");
        return emit_.error_node(e.span);
    }
    if (m == s.module) {
        error(s.module, c.callee.span, "ein Modul kann sich nicht selbst aufrufen");
        return emit_.error_node(e.span);
    }
    if (!mod.parametrised()) {
        error(s.module, e.span, "Modul „" + mod.name + "“ hat keine Parameter; seine Definitionen direkt mit " +
                                    mod.name + ".name verwenden");
        return emit_.error_node(e.span);
    }
    std::vector<NodeId> args(mod.params.size(), kNoNode);
    std::size_t positional = 0;
    for (auto& a : c.args) {
        std::size_t idx;
        if (a.name) {
            auto pos = std::find_if(mod.params.begin(), mod.params.end(),
                                    [&](auto& p) { return p.name == a.name->name; });
            if (pos == mod.params.end()) {
                std::vector<std::string> names;
                for (auto& p : mod.params) names.push_back(p.name);
                error(s.module, a.name->span, "Modul „" + mod.name + "“ hat keinen Parameter „" + a.name->name +
                                                  "“" + did_you_mean(a.name->name, names));
                return emit_.error_node(e.span);
            }
            idx = static_cast<std::size_t>(pos - mod.params.begin());
        } else {
            idx = positional++;
            if (idx >= mod.params.size()) {
                std::string names;
                for (auto& p : mod.params) names += (names.empty() ? "" : ", ") + p.name;
                error(s.module, a.span, "zu viele Argumente für Modul „" + mod.name + "“: es hat " +
                                            std::to_string(mod.params.size()) + " Parameter (" + names + ")");
                return emit_.error_node(e.span);
            }
        }
        if (args[idx] != kNoNode) {
            error(s.module, a.span, "Parameter „" + mod.params[idx].name + "“ ist doppelt angegeben");
            return emit_.error_node(e.span);
        }
        args[idx] = coerce(declared_value(*a.value, s, mod.params[idx].type), mod.params[idx].type, a.value->span,
                           "Parameter „" + mod.params[idx].name + "“");
    }
    for (std::size_t i = 0; i < args.size(); ++i)
        if (args[i] == kNoNode) {
            error(s.module, e.span, "Parameter „" + mod.params[i].name + "“ von Modul „" + mod.name + "“ fehlt");
            return emit_.error_node(e.span);
        }
    for (NodeId a : args)
        if (is_error(a)) return emit_.error_node(e.span);
    return emit_.nary(Op::instantiate, rs_.types.intern(TypeKind::instance, m), e.span, args, m);
}

}  // namespace klappt::dsl::checking
