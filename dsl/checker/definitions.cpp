// Phase 3: each definition is checked on demand, so that its type is known before it is
// used; a reference back into a definition still being checked is a cycle and is reported
// with the whole cycle named.  Also a definition's versions (`valid from`) and exceptions.
#include "dsl/checker/checker_impl.hpp"

#include <algorithm>

#include "dsl/limits.hpp"

namespace klappt::dsl::checking {

// Makes sure definition (m, d) is checked; returns its type (error inside a cycle).
TypeId Checker::ensure_checked(std::uint32_t m, std::uint32_t d, Span reference) {
    DefState state = def_state_[m][d];
    if (state == DefState::done) return rs_.modules[m].definitions[d].type;
    if (state == DefState::checking) {
        report_cycle(m, d);
        const auto* declared = def_ast_[m][d];
        if (declared->type) return resolve_type(*declared->type, m);
        if (declared->kind == ast::DefinitionKind::rule) return TypeTable::boolean;
        return TypeTable::error;
    }
    (void)reference;
    if (stack_.size() >= limits::kMaxEvaluationDepth / 2) {
        // Checking recurses once per definition in a chain; a chain this long is too deep
        // to evaluate anyway (check_evaluation_depth), so stop before the stack does.
        if (!chain_too_deep_reported_)
            error(m, def_ast_[m][d]->name.span,
                  "„" + rs_.qualified_name(m, d) + "“: zu lange Kette von Definitionen, die jeweils die nächste verwenden (mehr als " +
                      std::to_string(limits::kMaxEvaluationDepth / 2) + "); die Kette kürzer machen");
        chain_too_deep_reported_ = true;
        return TypeTable::error;
    }
    check_definition(m, d);
    return rs_.modules[m].definitions[d].type;
}

void Checker::report_cycle(std::uint32_t m, std::uint32_t d) {
    auto start = std::find_if(stack_.begin(), stack_.end(), [&](auto& e) { return e.first == m && e.second == d; });
    if (start == stack_.end()) return;
    std::string chain;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> members(start, stack_.end());
    for (auto& member : members) {
        if (cycle_reported_.count(member)) return;  // this cycle was already named
    }
    for (auto& [cm, cd] : members) chain += rs_.qualified_name(cm, cd) + " → ";
    chain += rs_.qualified_name(m, d);
    auto& diag = diags_.error(file_of(m), def_ast_[m][d]->name.span, "Zyklus in den Definitionen: " + chain);
    for (std::size_t i = 1; i < members.size(); ++i) {
        auto [cm, cd] = members[i];
        diag.notes.push_back({file_of(cm), def_ast_[cm][cd]->name.span,
                              rs_.qualified_name(cm, cd) + " ist Teil des Zyklus"});
    }
    for (auto& member : members) cycle_reported_.insert(member);
}

void Checker::check_definition(std::uint32_t m, std::uint32_t d) {
    def_state_[m][d] = DefState::checking;
    stack_.push_back({m, d});
    std::uint32_t saved_module = current_module_;
    current_module_ = m;
    const ast::Definition& ast = *def_ast_[m][d];

    TypeId declared = kNoType;
    if (ast.type) declared = resolve_type(*ast.type, m);
    bool wrong_rule_type = false;
    if (ast.kind == ast::DefinitionKind::rule) {
        if (declared != kNoType && declared != TypeTable::boolean && kind(declared) != TypeKind::error) {
            error(m, ast.type->span, "eine Regel (rule) ist immer bool; für andere Werte „let“ verwenden");
            wrong_rule_type = true;
        }
        declared = TypeTable::boolean;
    }
    Scope scope = scope_in(m);
    NodeId value = declared == kNoType ? expr(*ast.value, scope, TypeTable::error) : declared_value(*ast.value, scope, declared);
    TypeId type = declared == kNoType ? type_of(value) : declared;
    if (declared != kNoType && !wrong_rule_type)
        value = coerce(value, declared, ast.value->span, "Wert von „" + ast.name.name + "“");
    if (kind(type) == TypeKind::instance && rs_.modules[m].definitions[d].kind == DefinitionKind::output) {
        // allowed: an output may be a module value; it is written as an object of that module's outputs
    }

    Definition& def = rs_.modules[m].definitions[d];
    def.type = type;
    def.value = value;
    if (ast.versions.size() > limits::kMaxVersionsPerDefinition)
        error(m, ast.name.span, "„" + ast.name.name + "“ hat " + std::to_string(ast.versions.size()) +
                                    " Fassungen (valid from); höchstens " +
                                    std::to_string(limits::kMaxVersionsPerDefinition) + " sind erlaubt");
    if (ast.exceptions.size() > limits::kMaxExceptionsPerDefinition)
        error(m, ast.name.span, "„" + ast.name.name + "“ hat " + std::to_string(ast.exceptions.size()) +
                                    " Ausnahmen; höchstens " + std::to_string(limits::kMaxExceptionsPerDefinition) +
                                    " sind erlaubt (mehr Fälle besser mit einer Tabelle als Parameter oder einer Liste)");
    for (auto& v : ast.versions) {
        DefinitionVersion version;
        auto from = day_number(v.from);
        if (!from) error(m, v.from_span, "ungültiges Datum " + text_at(v.from_span) + ": " + why_no_such_day(v.from));
        version.from = from.value_or(0);
        if (v.to) {
            auto to = day_number(*v.to);
            if (!to) error(m, v.to_span, "ungültiges Datum " + text_at(v.to_span) + ": " + why_no_such_day(*v.to));
            version.to = to.value_or(kOpenEnd);
            if (to && from && *to < *from)
                error(m, v.to_span, "Fassung endet (to " + text_at(v.to_span) + ") vor ihrem Beginn (from " +
                                        text_at(v.from_span) + "); das Ende muss am oder nach dem Beginn liegen");
        }
        if (options_.check_date_input.empty())
            error(m, v.span, "Fassungen (valid from) brauchen einen Stichtag; das Regelwerk nennt keinen");
        Scope vs = scope_in(m);
        version.value = coerce(declared_value(*v.value, vs, type), type, v.value->span, "Fassung");
        rs_.modules[m].definitions[d].versions.push_back(version);
    }
    for (auto& e : ast.exceptions) {
        DefinitionException exception;
        exception.label = e.meta.label ? e.meta.label->value : "";
        exception.source = e.meta.source ? e.meta.source->value : "";
        exception.interpretation = e.meta.interpretation ? e.meta.interpretation->value : "";
        Scope es = scope_in(m);
        exception.condition = coerce(expr(*e.condition, es, TypeTable::boolean), TypeTable::boolean,
                                     e.condition->span, "Bedingung der Ausnahme");
        Scope vs = scope_in(m);
        narrowing_facts(*e.condition, true, text_of(m), vs.narrowed);
        exception.value = coerce(declared_value(*e.value, vs, type), type, e.value->span, "Wert der Ausnahme");
        rs_.modules[m].definitions[d].exceptions.push_back(exception);
    }
    current_module_ = saved_module;
    stack_.pop_back();
    def_state_[m][d] = DefState::done;
}

}  // namespace klappt::dsl::checking
