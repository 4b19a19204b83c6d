// The record checks of a case that was read already: its input records whose types have
// `check` conditions, found by walking the values (the loaders collect the same while reading).
#include "engine/input/case_loader.hpp"

namespace klappt {

namespace {

void collect(const RuleSet& rules, const Value& v, TypeId type, const std::string& path, std::vector<PendingCheck>& out) {
    TypeId t = rules.types.strip_optional(type);
    if (!v.present) return;
    switch (rules.types.kind(t)) {
        case TypeKind::record: {
            std::uint32_t r = rules.types[t].ref;
            const RecordType& record = rules.records[r];
            if (!record.checks.empty()) out.push_back({v, r, path, {}, {}});
            for (std::size_t f = 0; f < record.fields.size(); ++f)
                collect(rules, v.fields[f], record.fields[f].type, path + "." + record.fields[f].name, out);
            return;
        }
        case TypeKind::list:
            for (std::uint32_t i = 0; i < v.list.size; ++i)
                collect(rules, v.list.items[i], rules.types[t].ref, path + "." + std::to_string(i + 1), out);
            return;
        default: return;
    }
}

}  // namespace

std::vector<PendingCheck> pending_record_checks(const RuleSet& rules, const Case& kase) {
    std::vector<PendingCheck> out;
    for (std::size_t i = 0; i < rules.inputs.size() && i < kase.inputs.size(); ++i)
        collect(rules, kase.inputs[i], rules.inputs[i].field.type, rules.inputs[i].field.name, out);
    return out;
}

}  // namespace klappt
