#include "engine/finance/record_rows_support.hpp"

#include "engine/runtime/evaluator.hpp"

namespace klappt {

Value default_of(const FieldType& field, Arena& arena) {
    return field.default_value ? constant_value(*field.default_value, &arena) : Value::none();
}

const RecordType* element_record(const Program& program, std::uint32_t input, TypeId& element, std::string& error) {
    const RuleSet& rules = program.rules;
    TypeId list = rules.types.strip_optional(rules.inputs[input].field.type);
    if (rules.types.kind(list) == TypeKind::list) {
        element = rules.types.strip_optional(rules.types[list].ref);
        if (rules.types.kind(element) == TypeKind::record) return &rules.records[rules.types[element].ref];
    }
    error = "die Eingabe „" + rules.inputs[input].field.name + "“ ist keine Liste von Datensätzen";
    return nullptr;
}

std::vector<std::vector<FieldError>> failed_checks(Evaluator& checks, const Case& kase,
                                                   const std::vector<PendingCheck>& pending) {
    std::vector<std::vector<FieldError>> out(pending.size());
    if (pending.empty()) return out;
    std::vector<FieldError> errors;
    std::vector<std::size_t> owner;
    run_record_checks(checks, kase, pending, errors, &owner);
    for (std::size_t i = 0; i < errors.size(); ++i) out[owner[i]].push_back(std::move(errors[i]));
    return out;
}

}  // namespace klappt
