// Template part of value_json.hpp.
#pragma once

namespace klappt {

template <typename InstanceWriter>
void json_value(JsonOut& out, const Program& program, const Value& v, TypeId type, InstanceWriter&& instance) {
    const RuleSet& rules = program.rules;
    if (!v.present) {
        out.raw("null");
        return;
    }
    TypeId t = rules.types.strip_optional(type);
    switch (rules.types.kind(t)) {
        case TypeKind::list: {
            TypeId element = rules.types[t].ref;
            out.raw("[");
            for (std::uint32_t i = 0; i < v.list.size; ++i) {
                if (i) out.raw(", ");
                json_value(out, program, v.list.items[i], element, instance);
            }
            out.raw("]");
            return;
        }
        case TypeKind::record: {
            // Optional fields that are not set are left out (io.md: new fields are optional).
            const RecordType& record = rules.records[rules.types[t].ref];
            out.raw("{");
            bool first = true;
            for (std::size_t i = 0; i < record.fields.size(); ++i) {
                if (!v.fields[i].present && rules.types.is_optional(record.fields[i].type)) continue;
                if (!first) out.raw(", ");
                first = false;
                out.key(record.fields[i].name);
                out.raw(" ");
                json_value(out, program, v.fields[i], record.fields[i].type, instance);
            }
            out.raw("}");
            return;
        }
        case TypeKind::instance: instance(out, v); return;
        default: out.raw(json_scalar(program, v, t)); return;
    }
}

}  // namespace klappt
