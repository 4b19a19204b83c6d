#include "engine/batch/batch_csv.hpp"

#include <algorithm>

#include "engine/render/csv_writer.hpp"
#include "engine/base/money.hpp"
#include "engine/runtime/value_text.hpp"

namespace klappt {

namespace {

constexpr char kDelimiter = ';';
constexpr const char* kLineEnd = "\r\n";
constexpr const char* kBom = "\xEF\xBB\xBF";

bool compound(TypeKind k) { return k == TypeKind::record || k == TypeKind::instance; }

}  // namespace

GermanCsvTable::GermanCsvTable(const Program& program, bool bom) : program_(program), bom_(bom) {
    const RuleSet& rules = program.rules;
    for (std::uint32_t i = 0; i < rules.outputs.size(); ++i) {
        const OutputRef& ref = rules.outputs[i];
        const Definition& def = program.definition(ref.module, ref.definition);
        add_columns(def.label.empty() ? def.name : def.label, def.type, {{Step::Kind::output, i}}, false);
    }
}

void GermanCsvTable::add_columns(const std::string& title, TypeId type, std::vector<Step> path, bool per_entry) {
    const RuleSet& rules = program_.rules;
    TypeId t = rules.types.strip_optional(type);
    TypeKind kind = rules.types.kind(t);
    auto prefixed = [&](const std::string& part) { return title + ": " + part; };
    if (kind == TypeKind::record) {
        const RecordType& record = rules.records[rules.types[t].ref];
        if (rules.types[t].ref != rules.reason_record) {
            for (std::uint32_t k = 0; k < record.fields.size(); ++k) {
                const FieldType& f = record.fields[k];
                auto inner = path;
                inner.push_back({Step::Kind::field, k});
                add_columns(prefixed(f.label.empty() ? f.name : f.label), f.type, inner, per_entry);
            }
            return;
        }
    }
    if (kind == TypeKind::instance) {
        const Module& module = rules.modules[rules.types[t].ref];
        for (std::uint32_t d : module.outputs) {
            const Definition& def = program_.definition(rules.types[t].ref, d);
            auto inner = path;
            inner.push_back({Step::Kind::member, d});
            add_columns(prefixed(def.label.empty() ? def.name : def.label), def.type, inner, per_entry);
        }
        return;
    }
    if (kind == TypeKind::list && !per_entry && !row_list_ && path.size() == 1) {
        TypeId element = rules.types[t].ref;
        TypeKind ek = rules.types.kind(element);
        bool reasons = ek == TypeKind::record && rules.types[element].ref == rules.reason_record;
        if (compound(ek) && !reasons) {
            // The first list of records or module values: one row per entry.
            row_list_ = path.front().index;
            row_list_records_ = ek == TypeKind::record;
            Column number;
            number.title = prefixed("Nr.");
            number.per_entry = true;
            number.is_number = true;
            columns_.push_back(number);
            add_columns(title, element, {}, true);
            return;
        }
    }
    Column c;
    c.title = title;
    c.path = std::move(path);
    c.type = type;
    c.per_entry = per_entry;
    columns_.push_back(std::move(c));
}

std::string GermanCsvTable::header() const {
    const RuleSet& rules = program_.rules;
    std::string out = bom_ ? kBom : "";
    bool first = true;
    auto add = [&](const std::string& title) {
        if (!first) out.push_back(kDelimiter);
        first = false;
        append_csv_cell(out, title, kDelimiter);
    };
    auto input_title = [&](std::uint32_t i) {
        const FieldType& f = rules.inputs[i].field;
        return f.label.empty() ? f.name : f.label;
    };
    if (rules.case_id_input) add(input_title(*rules.case_id_input));
    if (rules.check_date_input) add(input_title(*rules.check_date_input));
    for (const Column& c : columns_) add(c.title);
    add("Fehler");
    out += kLineEnd;
    return out;
}

Value GermanCsvTable::resolve(const CaseResult& result, Value v, const std::vector<Step>& path, std::size_t from) {
    for (std::size_t i = from; i < path.size(); ++i) {
        const Step& s = path[i];
        if (s.kind != Step::Kind::output && !v.present) return v;
        switch (s.kind) {
            case Step::Kind::output: v = result.outputs[s.index]; break;
            case Step::Kind::field: v = v.fields[s.index]; break;
            case Step::Kind::member: v = CaseResult::member(v, s.index); break;
        }
    }
    return v;
}

std::string GermanCsvTable::cell(const Value& v, TypeId type) const {
    const RuleSet& rules = program_.rules;
    if (!v.present) return "";
    TypeId t = rules.types.strip_optional(type);
    switch (rules.types.kind(t)) {
        case TypeKind::money: return money::german_cell(v.i);  // no thousands dots: Excel reads a number
        case TypeKind::list: {
            TypeId element = rules.types[t].ref;
            bool reasons = rules.types.kind(element) == TypeKind::record && rules.types[element].ref == rules.reason_record;
            std::string out;
            for (std::uint32_t k = 0; k < v.list.size; ++k) {
                const Value& item = v.list.items[k];
                if (k) out += " | ";
                if (reasons) {
                    const RecordType& grund = rules.records[rules.reason_record];
                    std::string text;
                    bool holds = false;
                    for (std::size_t f = 0; f < grund.fields.size(); ++f) {
                        if (grund.fields[f].name == "erfuellt") holds = item.fields[f].present && item.fields[f].b;
                        if (grund.fields[f].name == "text" && item.fields[f].present) text = std::string(item.fields[f].str());
                    }
                    out += (holds ? "✓ " : "✗ ") + text;
                } else {
                    out += cell(item, element);
                }
            }
            return out;
        }
        default: return german_value(program_, v, type);  // ja/nein, 14.03.2023, decimal commas, enum labels, durations
    }
}

void GermanCsvTable::write_case(const CaseResult& result, std::string& out) const {
    const RuleSet& rules = program_.rules;
    const Case& kase = *result.facts;
    // The case's own cells first (evaluated once), then one row per entry of the row list.
    std::vector<std::string> own(columns_.size());
    for (std::size_t i = 0; i < columns_.size(); ++i)
        if (!columns_[i].per_entry) {
            const Column& c = columns_[i];
            own[i] = cell(resolve(result, Value(), c.path, 0), c.type);
        }
    std::string lead;
    for (const std::optional<std::uint32_t>& input : {rules.case_id_input, rules.check_date_input}) {
        if (!input) continue;
        append_csv_cell(lead, cell(kase.inputs[*input], rules.inputs[*input].field.type), kDelimiter);
        lead.push_back(kDelimiter);
    }
    Value list = row_list_ ? result.outputs[*row_list_] : Value();
    std::uint32_t rows = list.present && list.list.size > 0 ? list.list.size : 1;
    for (std::uint32_t r = 0; r < rows; ++r) {
        out += lead;
        bool has_entry = list.present && r < list.list.size;
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            const Column& c = columns_[i];
            if (!c.per_entry) {
                append_csv_cell(out, own[i], kDelimiter);
            } else if (has_entry) {
                if (c.is_number) out += std::to_string(r + 1);
                else append_csv_cell(out, cell(resolve(result, list.list.items[r], c.path, 0), c.type), kDelimiter);
            }
            out.push_back(kDelimiter);
        }
        out += kLineEnd;  // „Fehler“ stays empty
    }
}

void GermanCsvTable::write_error(const std::string& id, const std::vector<FieldError>& errors, std::string& out) const {
    const RuleSet& rules = program_.rules;
    std::string text;
    for (const FieldError& e : errors) {
        if (!text.empty()) text += "; ";
        text += e.field.empty() ? e.message : e.field + ": " + e.message;
    }
    if (rules.case_id_input) {
        append_csv_cell(out, id, kDelimiter);
        out.push_back(kDelimiter);
    }
    if (rules.check_date_input) out.push_back(kDelimiter);
    out.append(columns_.size(), kDelimiter);
    append_csv_cell(out, text, kDelimiter);
    out += kLineEnd;
}

}  // namespace klappt
