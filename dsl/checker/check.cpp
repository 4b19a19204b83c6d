// The checker's phases, in order.  Each stops nothing; diagnostics accumulate:
//   1. declare: modules, enums, records, inputs, parameters, definitions — duplicates
//      reported with both places (declarations.cpp);
//   2. resolve declared types (declarations.cpp);
//   3. check every definition, on demand so that a definition's type is known before it is
//      used; a reference back into a definition still being checked is a cycle and is
//      reported with the whole cycle named (definitions.cpp);
//   4. the texts people read, `besser` and `hebel`, the records' checks; the depth one
//      evaluation may reach; the outputs and the case's id and check-date inputs.
// The rule set is only returned when there are no errors.
#include "dsl/checker/checker_impl.hpp"

#include "dsl/evaluation_depth.hpp"
#include "dsl/limits.hpp"

namespace klappt::dsl {

namespace checking {

RuleSet Checker::run() {
    declare_builtin_records();
    declare_modules();
    declare_types();
    resolve_record_fields();
    declare_inputs_and_params();
    declare_definitions();
    for (std::uint32_t m = 0; m < modules_.size(); ++m)
        for (std::uint32_t d = 0; d < def_ast_[m].size(); ++d) ensure_checked(m, d, def_ast_[m][d]->name.span);
    check_templates();
    check_better();
    check_levers();
    check_record_checks();
    // Only a rule set without errors (and so without cycles) has a meaningful depth.
    if (!diags_.has_errors()) check_evaluation_depth(rs_, limits::kMaxEvaluationDepth, diags_);
    collect_outputs();
    resolve_case_inputs();
    return std::move(rs_);
}

}  // namespace checking

CheckResult check(const std::vector<ast::Module>& modules, const CheckOptions& options) {
    CheckResult result;
    checking::Checker checker(modules, options, result.diagnostics);
    RuleSet checked = checker.run();
    // With errors the rule set is incomplete, but its declarations (types, parameters) are
    // still good enough to check the parameter files in the same run.
    if (result.diagnostics.has_errors()) result.partial_rule_set = std::move(checked);
    else result.rule_set = std::move(checked);
    return result;
}

}  // namespace klappt::dsl
