#include "engine/render/output_names.hpp"

#include "engine/base/field_path.hpp"
#include "engine/runtime/value_text.hpp"

namespace klappt {

namespace {


std::uint32_t position_of(const std::string& part) {
    std::uint32_t n = 0;
    if (part.empty() || part.size() > 6) return 0;
    for (char c : part) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return n;
}

}  // namespace

std::string german_list(const std::vector<std::string>& items, std::size_t shown) {
    std::vector<std::string> parts(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(std::min(shown, items.size())));
    std::size_t more = items.size() - parts.size();
    if (more == 1) parts.push_back("eine weitere Angabe");
    else if (more > 1) parts.push_back(std::to_string(more) + " weitere Angaben");
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += i + 1 == parts.size() ? " und " : ", ";
        out += parts[i];
    }
    return out;
}

OutputNames::OutputNames(Evaluator& evaluator, std::function<bool(const Value*)> unknown)
    : ev_(evaluator), program_(evaluator.program()), unknown_(std::move(unknown)) {}

OutputName OutputNames::name(const std::string& path) {
    OutputName out = resolve(path);
    if (out.module != OutputName::kNone) {
        const Definition& def = program_.definition(out.module, out.definition);
        out.type = def.type;
        out.better = def.better;
    }
    return out;
}

OutputName OutputNames::resolve(const std::string& path) {
    const RuleSet& rules = program_.rules;
    OutputName out;
    auto parts = split_field_path(path);
    std::size_t top = rules.outputs.size();
    for (std::size_t i = 0; i < rules.outputs.size(); ++i)
        if (program_.definition(rules.outputs[i].module, rules.outputs[i].definition).name == parts[0]) top = i;
    if (top == rules.outputs.size()) {
        out.label = path;
        return out;
    }
    auto label_of = [](const Definition& d) { return d.label.empty() ? d.name : d.label; };
    const Definition* def = &program_.definition(rules.outputs[top].module, rules.outputs[top].definition);
    out.module = rules.outputs[top].module;
    out.definition = rules.outputs[top].definition;
    out.label = label_of(*def);
    TypeId type = def->type;
    // The value along the path, for naming instances by their arguments (absent when it
    // cannot be evaluated: the names then do without).
    Value value = Value::none();
    try {
        value = ev_.output(top);
    } catch (const EvaluationError&) {
    }
    std::string so_far = parts[0];
    std::string holder = out.label;  // label of the output holding the current value
    for (std::size_t i = 1; i < parts.size(); ++i) {
        TypeId t = rules.types.strip_optional(type);
        switch (rules.types.kind(t)) {
            case TypeKind::instance: {
                const Module& module = rules.modules[rules.types[t].ref];
                std::uint32_t d = 0;
                while (d < module.definitions.size() && module.definitions[d].name != parts[i]) ++d;
                if (d == module.definitions.size()) return out;
                if (out.container != so_far) {  // an instance on its own (not in a list)
                    out.container = so_far;
                    out.container_name = holder;
                }
                Value inner = Value::none();
                if (value.present && value.frame) try {
                        inner = ev_.force(value.frame, d);
                    } catch (const EvaluationError&) {
                    }
                value = inner;
                out.module = rules.types[t].ref;
                out.definition = d;
                out.label = label_of(module.definitions[d]);
                holder = out.label;
                type = module.definitions[d].type;
                so_far += "." + parts[i];
                break;
            }
            case TypeKind::list: {
                TypeId element = rules.types[t].ref;
                if (rules.types.kind(rules.types.strip_optional(element)) != TypeKind::instance) return out;
                if (parts[i] == "anzahl") {
                    out.label = "Anzahl: " + out.label;
                    out.module = out.definition = OutputName::kNone;
                    return out;
                }
                std::uint32_t position = position_of(parts[i]);
                if (position == 0) return out;
                so_far += "." + parts[i];
                Value item = Value::none();
                if (value.present && position <= value.list.size) item = value.list.items[position - 1];
                value = item;
                out.container = so_far;
                auto known = names_.find(so_far);
                if (known == names_.end())
                    known = names_.emplace(so_far, instance_name(value, position, holder)).first;
                out.container_name = known->second;
                type = element;
                break;
            }
            case TypeKind::record: {
                const RecordType& record = rules.records[rules.types[t].ref];
                std::size_t f = 0;
                while (f < record.fields.size() && record.fields[f].name != parts[i]) ++f;
                if (f == record.fields.size()) return out;
                const FieldType& field = record.fields[f];
                out.label += ": " + (field.label.empty() ? field.name : field.label);
                out.module = out.definition = OutputName::kNone;
                value = value.present && value.fields ? value.fields[f] : Value::none();
                type = field.type;
                so_far += "." + parts[i];
                break;
            }
            default: return out;
        }
    }
    return out;
}

// „Maßnahme 2 (F4)“: the label of the record the instance was made from (its first record
// argument), the position, and the code of that record's first enum field when it is known.
std::string OutputNames::instance_name(const Value& instance, std::uint32_t position, const std::string& fallback) {
    const RuleSet& rules = program_.rules;
    std::string number = " " + std::to_string(position);
    if (!instance.present || !instance.frame || !instance.frame->args) return fallback + number;
    const Module& module = rules.modules[instance.frame->module];
    for (std::size_t p = 0; p < module.params.size(); ++p) {
        TypeId t = rules.types.strip_optional(module.params[p].type);
        if (rules.types.kind(t) != TypeKind::record) continue;
        const RecordType& record = rules.records[rules.types[t].ref];
        std::string name = (record.label.empty() ? record.name : record.label) + number;
        const Value& arg = instance.frame->args[p];
        if (!arg.present || !arg.fields) return name;
        for (std::size_t f = 0; f < record.fields.size(); ++f) {
            TypeId ft = rules.types.strip_optional(record.fields[f].type);
            if (rules.types.kind(ft) != TypeKind::enumeration) continue;
            const Value* slot = &arg.fields[f];
            if (slot->present && !(unknown_ && unknown_(slot)))
                name += " (" + enum_value_name(program_, *slot, record.fields[f].type) + ")";
            break;
        }
        return name;
    }
    return fallback + number;
}

}  // namespace klappt
