#include "engine/batch/result_writer.hpp"

#include <charconv>
#include <cstring>

#include "engine/batch/batch_csv.hpp"
#include "engine/render/case_output.hpp"
#include "engine/render/csv_writer.hpp"
#include "engine/render/value_json.hpp"

namespace klappt {

namespace {

// A string literal, without measuring it at run time.
template <std::size_t N>
void put(std::string& out, const char (&literal)[N]) {
    out.append(literal, N - 1);
}

// A CSV cell of batch's table (engine/render/csv_writer: quoted when needed, formulas neutralised).
void append_csv_cell(std::string& out, std::string_view cell) { klappt::append_csv_cell(out, cell, ','); }

}  // namespace

ResultWriter::ResultWriter(const Program& program, BatchFormat format, bool csv_bom)
    : program_(program), format_(format) {
    if (format_ == BatchFormat::csv) csv_ = std::make_shared<const GermanCsvTable>(program, csv_bom);
    const RuleSet& rules = program.rules;
    auto column = [&](const std::string& name, TypeId type) {
        Column c;
        std::string key;
        JsonOut json(key);
        json.key(name);
        key.push_back(' ');
        c.key = format_ == BatchFormat::jsonl ? key : name;
        c.type = type;
        TypeId t = rules.types.strip_optional(type);
        c.kind = rules.types.kind(t);
        if (c.kind == TypeKind::enumeration) {
            c.enum_values = &rules.enums[rules.types[t].ref].values;
            for (const std::string& v : *c.enum_values) {
                std::string quoted;
                JsonOut(quoted).string(v);
                c.enum_json.push_back(quoted);
            }
        }
        if (!is_scalar_kind(c.kind)) fast_ = false;
        // The longest JSON of the value: `"key": ` + value + `, `.
        std::size_t longest = 0;
        switch (c.kind) {
            case TypeKind::boolean:
            case TypeKind::integer:
            case TypeKind::money:
            case TypeKind::date: longest = kMaxFixedScalarJson; break;
            case TypeKind::enumeration:
                for (const std::string& v : c.enum_json) longest = std::max(longest, v.size());
                break;
            default: bounded_ = false; break;
        }
        max_line_ += key.size() + std::max<std::size_t>(longest, 4) + 2;
        return c;
    };
    if (rules.case_id_input) id_ = column(rules.inputs[*rules.case_id_input].field.name, rules.inputs[*rules.case_id_input].field.type);
    if (rules.check_date_input)
        check_date_ = column(rules.inputs[*rules.check_date_input].field.name, rules.inputs[*rules.check_date_input].field.type);
    for (const OutputRef& ref : rules.outputs) {
        const Definition& def = program.definition(ref.module, ref.definition);
        outputs_.push_back(column(def.name, def.type));
    }
    if (!program.manifest.version.empty()) {
        JsonOut json(regeln_);
        max_line_ += 2;
        rules_identity_json(json, program);
    }
    max_line_ += regeln_.size() + 4;  // {, }, newline
}

std::string ResultWriter::header() const {
    if (format_ != BatchFormat::csv) return "";
    return csv_->header();
}

void ResultWriter::write_scalar(const Column& column, const Value& v, std::string& out) const {
    bool json = format_ == BatchFormat::jsonl;
    if (!v.present) {
        if (json) put(out, "null");
        return;
    }
    if (is_fixed_size_scalar(column.kind)) {
        char text[kMaxFixedScalarJson];
        char* end = write_fixed_scalar_json(text, column.kind, v);
        if (json || text[0] != '"') out.append(text, end);
        else out.append(text + 1, end - 1);  // an amount or a date: the same text, unquoted in CSV
        return;
    }
    switch (column.kind) {
        case TypeKind::enumeration: {
            const std::string& name = (*column.enum_values)[v.ordinal];
            if (json) JsonOut(out).string(name);
            else append_csv_cell(out, name);
            return;
        }
        case TypeKind::text:
            if (json) JsonOut(out).string(v.str());
            else append_csv_cell(out, v.str());
            return;
        default: {
            std::string text = json_scalar(program_, v, column.type);
            if (json) {
                out.append(text);
            } else {
                if (text.size() >= 2 && text.front() == '"') text = text.substr(1, text.size() - 2);  // plain text in CSV
                append_csv_cell(out, text);
            }
            return;
        }
    }
}

// The scalars whose JSON has a known longest length, written straight into memory
// reserved for the whole line.
char* ResultWriter::write_bounded(const Column& column, const Value& v, char* p) const {
    if (!v.present) {
        std::memcpy(p, "null", 4);
        return p + 4;
    }
    if (is_fixed_size_scalar(column.kind)) return write_fixed_scalar_json(p, column.kind, v);
    switch (column.kind) {
        case TypeKind::enumeration: {
            const std::string& json = column.enum_json[v.ordinal];
            std::memcpy(p, json.data(), json.size());
            return p + json.size();
        }
        default: return p;  // not bounded: never called
    }
}

void ResultWriter::write_json_bounded(const CaseResult& result, std::string& out) const {
    const RuleSet& rules = program_.rules;
    const Case& kase = *result.facts;
    std::size_t start = out.size();
    out.resize(start + max_line_);
    char* p = out.data() + start;
    *p++ = '{';
    bool first = true;
    auto item = [&](const Column& c) {
        if (!first) {
            *p++ = ',';
            *p++ = ' ';
        }
        first = false;
        std::memcpy(p, c.key.data(), c.key.size());
        p += c.key.size();
    };
    if (id_) {
        item(*id_);
        p = write_bounded(*id_, kase.inputs[*rules.case_id_input], p);
    }
    if (check_date_) {
        item(*check_date_);
        p = write_bounded(*check_date_, kase.inputs[*rules.check_date_input], p);
    }
    if (!regeln_.empty()) {
        if (!first) {
            *p++ = ',';
            *p++ = ' ';
        }
        first = false;
        std::memcpy(p, regeln_.data(), regeln_.size());
        p += regeln_.size();
    }
    for (std::size_t i = 0; i < outputs_.size(); ++i) {
        item(outputs_[i]);
        p = write_bounded(outputs_[i], result.outputs[i], p);
    }
    *p++ = '}';
    *p++ = '\n';
    out.resize(static_cast<std::size_t>(p - out.data()));
}

void ResultWriter::write_case(const CaseResult& result, std::string& out) const {
    if (format_ == BatchFormat::csv) {
        csv_->write_case(result, out);
        return;
    }
    if (bounded_ && fast_) {
        write_json_bounded(result, out);
        return;
    }
    if (!fast_) {
        out.append(case_json(result));
        out.push_back('\n');
        return;
    }
    const RuleSet& rules = program_.rules;
    const Case& kase = *result.facts;
    out.push_back('{');
    bool first = true;
    auto item = [&](const Column& c) {
        if (!first) put(out, ", ");
        first = false;
        out.append(c.key);
    };
    if (id_) {
        item(*id_);
        write_scalar(*id_, kase.inputs[*rules.case_id_input], out);
    }
    if (check_date_) {
        item(*check_date_);
        write_scalar(*check_date_, kase.inputs[*rules.check_date_input], out);
    }
    if (!regeln_.empty()) {
        if (!first) put(out, ", ");
        first = false;
        out.append(regeln_);
    }
    for (std::size_t i = 0; i < outputs_.size(); ++i) {
        item(outputs_[i]);
        write_scalar(outputs_[i], result.outputs[i], out);
    }
    put(out, "}\n");
}


void ResultWriter::write_error(const std::string& id, const std::vector<FieldError>& errors, std::string& out) const {
    if (format_ == BatchFormat::jsonl) {
        out.append(case_error_json(program_, id, errors));
        out.push_back('\n');
        return;
    }
    csv_->write_error(id, errors, out);
}

}  // namespace klappt
