// Rows of a list input from a YAML list (`- {…}` entries), each element checked on its own.
#include "engine/finance/record_rows.hpp"

#include <algorithm>

#include "engine/finance/record_rows_support.hpp"
#include "engine/runtime/evaluator.hpp"

namespace klappt {

RecordRows read_rows_yaml(const Program& program, std::uint32_t input, const SourceRef& file, Case& kase,
                          Evaluator& checks) {
    RecordRows out;
    const RuleSet& rules = program.rules;
    TypeId element_type = 0;
    std::string problem;
    if (!element_record(program, input, element_type, problem)) {
        out.diagnostics.file_error(file, problem);
        return out;
    }
    const std::string& name = rules.inputs[input].field.name;
    YamlValue read = read_yaml_value(program, file, rules.types.strip_optional(rules.inputs[input].field.type), name,
                                     kase.arena);
    // Which element an error belongs to: „weiterleitungen.3.betrag“ → 3; 0 for the file as a whole.
    auto element_of = [&](const std::string& path) -> std::uint32_t {
        if (path.rfind(name + ".", 0) != 0) return 0;
        std::size_t start = name.size() + 1, end = path.find('.', start);
        std::string digits = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (digits.empty() || digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return 0;
        auto n = static_cast<std::uint32_t>(std::stoul(digits));
        return read.value && n <= read.value->list.size ? n : 0;  // 0: not an element of the list
    };
    bool whole_file = !read.value;
    for (const auto& e : read.errors)
        if (element_of(e.field) == 0) whole_file = true;
    if (whole_file) {
        for (const auto& e : read.errors)
            out.diagnostics.error(file, e.span, (e.field.empty() ? "" : e.field + ": ") + e.message);
        if (!out.diagnostics.has_errors()) out.diagnostics.file_error(file, "erwartet eine Liste von Weiterleitungen");
        return out;
    }
    const Value list = *read.value;
    out.rows = list.list.size;
    std::vector<std::vector<const FieldError*>> problems(list.list.size + 1);
    for (const auto& e : read.errors) problems[element_of(e.field)].push_back(&e);
    // Record checks of elements that read cleanly.
    std::vector<PendingCheck> pending;
    for (const auto& c : read.checks)
        if (std::uint32_t el = element_of(c.path); el > 0 && problems[el].empty()) {
            PendingCheck p = c;
            p.path = std::to_string(pending.size());
            pending.push_back(p);
        }
    auto failed = failed_checks(checks, kase, pending);
    std::vector<FieldError> check_errors;
    std::size_t k = 0;
    for (const auto& c : read.checks) {
        std::uint32_t el = element_of(c.path);
        if (el == 0 || !problems[el].empty()) continue;
        for (auto& e : failed[k]) {
            // „0.betrag“ (the pending entry and the field the check is about) → weiterleitungen.3.betrag
            std::size_t dot = e.field.find('.');
            e.field = c.path + (dot == std::string::npos ? "" : e.field.substr(dot));
            check_errors.push_back(e);
        }
        ++k;
    }
    for (const auto& e : check_errors) problems[element_of(e.field)].push_back(&e);

    std::vector<Value> valid;
    for (std::uint32_t i = 1; i <= list.list.size; ++i) {
        if (problems[i].empty()) {
            valid.push_back(list.list.items[i - 1]);
            continue;
        }
        ++out.rows_left_out;
        for (const FieldError* e : problems[i]) {
            std::uint32_t line = file->position(e->span.begin).line;
            out.diagnostics.error(file, e->span, e->field + ": " + e->message + " – der Eintrag wird nicht geprüft");
            out.left_out.push_back({line, e->field, e->message});
        }
    }
    Value* items = kase.arena.make_array<Value>(valid.size());
    std::copy(valid.begin(), valid.end(), items);
    out.list = Value::list_ref(items, static_cast<std::uint32_t>(valid.size()));
    out.usable = true;
    return out;
}

}  // namespace klappt
