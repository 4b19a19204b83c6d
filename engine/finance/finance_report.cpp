#include "engine/finance/finance_report.hpp"

#include <algorithm>

#include "engine/base/calendar.hpp"
#include "engine/render/csv_writer.hpp"
#include "engine/render/case_output.hpp"
#include "engine/runtime/value_text.hpp"
#include "engine/render/value_json.hpp"

namespace klappt {

namespace {

// Display width of UTF-8 text: code points (every character here is one column wide).
std::size_t width(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string pad(const std::string& s, std::size_t to, bool right) {
    std::size_t w = width(s);
    if (w >= to) return s;
    return right ? std::string(to - w, ' ') + s : s + std::string(to - w, ' ');
}

const std::string& label_of(const Definition& def) { return def.label.empty() ? def.name : def.label; }
const std::string& label_of(const FieldType& field) { return field.label.empty() ? field.name : field.label; }

bool is_compound(TypeKind k) { return k == TypeKind::list || k == TypeKind::record || k == TypeKind::instance; }

// The members of a record value or a module result, in order: label, value, type.
struct Member {
    std::string label;
    Value value;
    TypeId type;
};

class Members {
public:
    explicit Members(const CaseResult& result) : rules_(result.program->rules) {}

    std::vector<Member> of(const Value& v, TypeId type) {
        std::vector<Member> out;
        TypeId t = rules_.types.strip_optional(type);
        if (!v.present) return out;
        if (rules_.types.kind(t) == TypeKind::record) {
            const RecordType& record = rules_.records[rules_.types[t].ref];
            for (std::size_t i = 0; i < record.fields.size(); ++i)
                out.push_back({label_of(record.fields[i]), v.fields[i], record.fields[i].type});
        } else if (rules_.types.kind(t) == TypeKind::instance) {
            const Module& module = rules_.modules[v.frame->module];
            for (std::uint32_t d : module.outputs)
                out.push_back({label_of(module.definitions[d]), CaseResult::member(v, d), module.definitions[d].type});
        }
        return out;
    }

    // Members of the element type that are single values (the same for every element).
    std::vector<std::size_t> scalar_columns(const Value& list, TypeId element) {
        std::vector<std::size_t> out;
        if (list.list.size == 0) return out;
        auto first = of(list.list.items[0], element);
        for (std::size_t i = 0; i < first.size(); ++i)
            if (!is_compound(kind(first[i].type))) out.push_back(i);
        return out;
    }

    // The labels of a record's fields or a module's outputs, known without a value.
    std::vector<std::string> labels(TypeId type) const {
        std::vector<std::string> out;
        TypeId t = rules_.types.strip_optional(type);
        if (rules_.types.kind(t) == TypeKind::record)
            for (const auto& f : rules_.records[rules_.types[t].ref].fields) out.push_back(label_of(f));
        else if (rules_.types.kind(t) == TypeKind::instance) {
            const Module& module = rules_.modules[rules_.types[t].ref];
            for (std::uint32_t d : module.outputs) out.push_back(label_of(module.definitions[d]));
        }
        return out;
    }

    TypeKind kind(TypeId t) const { return rules_.types.kind(rules_.types.strip_optional(t)); }

private:
    const RuleSet& rules_;
};

// One element of a nested list on one line: its single values joined by " · "; empty
// texts and flags that do not hold are left out, a flag that holds shows its label.
std::string one_line(Members& members, const Program& program, const Value& v, TypeId type) {
    std::string out;
    TypeKind k = members.kind(type);
    if (!is_compound(k)) return german_value(program, v, type);
    for (const Member& m : members.of(v, type)) {
        TypeKind mk = members.kind(m.type);
        std::string part;
        if (is_compound(mk)) continue;
        if (mk == TypeKind::boolean) {
            if (!m.value.present || !m.value.b) continue;
            part = m.label;
        } else {
            part = german_value(program, m.value, m.type);
            if (part.empty() || !m.value.present) continue;
        }
        out += (out.empty() ? "" : " · ") + part;
    }
    return out;
}

// Report text on its way to a ReportWriter: collected in pieces of 64 KiB, so that a
// report of 300 000 forwardings is never held whole (and the writer is not called per cell).
class ChunkedOut {
public:
    explicit ChunkedOut(const ReportWriter& writer) : writer_(writer) {}
    ChunkedOut& operator+=(std::string_view text) {
        buffer_ += text;
        if (buffer_.size() >= kChunk) flush();
        return *this;
    }
    void flush() {
        if (buffer_.empty()) return;
        writer_(buffer_);
        buffer_.clear();
    }

private:
    static constexpr std::size_t kChunk = 64 * 1024;
    const ReportWriter& writer_;
    std::string buffer_;
};

bool right_aligned(TypeKind k) { return k == TypeKind::money || k == TypeKind::integer || k == TypeKind::decimal; }

void text_table(ChunkedOut& out, const CaseResult& result, const std::string& label, const Value& list, TypeId type) {
    const Program& program = *result.program;
    const RuleSet& rules = program.rules;
    Members members(result);
    TypeId element = rules.types[rules.types.strip_optional(type)].ref;
    out += "\n" + label + " (" + std::to_string(list.list.size) + ")\n";
    if (list.list.size == 0) {
        out += "  keine\n";
        return;
    }
    if (!is_compound(members.kind(element))) {
        for (std::uint32_t i = 0; i < list.list.size; ++i)
            out += "  " + german_value(program, list.list.items[i], element) + "\n";
        return;
    }
    // Two passes over the rows (widths, then lines); members are memoised, so the second
    // pass reads what the first computed, and no copy of 100 000 rows is kept.
    std::vector<std::size_t> columns = members.scalar_columns(list, element);
    std::vector<std::string> labels = members.labels(element);
    std::vector<std::size_t> widths;
    std::vector<bool> right;
    {
        auto first = members.of(list.list.items[0], element);
        for (std::size_t c : columns) {
            widths.push_back(width(labels[c]));
            right.push_back(right_aligned(members.kind(first[c].type)));
        }
    }
    for (std::uint32_t i = 0; i < list.list.size; ++i) {
        auto row = members.of(list.list.items[i], element);
        for (std::size_t k = 0; k < columns.size(); ++k)
            widths[k] = std::max(widths[k], width(german_value(program, row[columns[k]].value, row[columns[k]].type)));
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string s = " ";
        for (std::size_t i = 0; i < cells.size(); ++i) s += " " + pad(cells[i], widths[i], right[i]);
        while (!s.empty() && s.back() == ' ') s.pop_back();
        return s + "\n";
    };
    std::vector<std::string> header;
    for (std::size_t c : columns) header.push_back(labels[c]);
    out += line(header);
    for (std::uint32_t i = 0; i < list.list.size; ++i) {
        auto row = members.of(list.list.items[i], element);
        std::vector<std::string> cells;
        for (std::size_t c : columns) cells.push_back(german_value(program, row[c].value, row[c].type));
        out += line(cells);
        for (const Member& m : row) {
            if (members.kind(m.type) != TypeKind::list || !m.value.present) continue;
            TypeId inner = rules.types[rules.types.strip_optional(m.type)].ref;
            for (std::uint32_t j = 0; j < m.value.list.size; ++j)
                out += "      – " + one_line(members, program, m.value.list.items[j], inner) + "\n";
        }
    }
}

void text_value(ChunkedOut& out, const CaseResult& result, const std::string& label, const Value& v, TypeId type) {
    const Program& program = *result.program;
    Members members(result);
    TypeKind k = members.kind(type);
    if (k == TypeKind::list && v.present) {
        text_table(out, result, label, v, type);
        return;
    }
    if ((k == TypeKind::record || k == TypeKind::instance) && v.present) {
        out += "\n" + label + "\n";
        for (const Member& m : members.of(v, type)) {
            if (is_compound(members.kind(m.type))) {
                std::string nested;
                ReportWriter into_nested = [&nested](std::string_view text) { nested += text; };
                ChunkedOut nested_out(into_nested);
                text_value(nested_out, result, m.label, m.value, m.type);
                nested_out.flush();
                for (std::size_t start = 0; start < nested.size();) {
                    std::size_t end = nested.find('\n', start);
                    std::string piece = nested.substr(start, end - start);
                    if (!piece.empty()) out += "  " + piece;
                    out += "\n";
                    start = end + 1;
                }
                continue;
            }
            out += "  " + m.label + ": " + german_value(program, m.value, m.type) + "\n";
        }
        return;
    }
    out += label + ": " + german_value(program, v, type) + "\n";
}

std::string csv_cell(const std::string& s) { return klappt::csv_cell(s, ';'); }  // engine/render/csv_writer

// A value as Excel (German) reads it: 1234,56 without „€“, 31.12.2021, ja/nein, labels.
std::string csv_value(const Program& program, const Value& v, TypeId type) {
    const RuleSet& rules = program.rules;
    if (!v.present) return "";
    TypeId t = rules.types.strip_optional(type);
    if (rules.types.kind(t) == TypeKind::money) return money::german_cell(v.i);
    return german_value(program, v, type);
}

// „1 Weiterleitung (Zeile 3)“, „2 Weiterleitungen (Zeilen 3, 7)“.
std::string not_checked_phrase(const FinanceRun& run) {
    std::vector<std::uint32_t> lines;
    for (const LeftOutRow& r : run.left_out)
        if (lines.empty() || lines.back() != r.line) lines.push_back(r.line);
    std::string out = std::to_string(run.rows_left_out) + (run.rows_left_out == 1 ? " Weiterleitung" : " Weiterleitungen");
    if (lines.empty()) return out;
    out += lines.size() == 1 ? " (Zeile " : " (Zeilen ";
    for (std::size_t i = 0; i < lines.size() && i < 20; ++i) out += (i ? ", " : "") + std::to_string(lines[i]);
    if (lines.size() > 20) out += ", …";
    return out + ")";
}

void finance_table_csv(const CaseResult& result, ChunkedOut& out);

}  // namespace

FinanceVerdict finance_verdict(const CaseResult& result) {
    const ForwardingDeclaration& declared = *result.program->manifest.forwarding;
    const Value& in_order = result.outputs[declared.verdict_output];
    const Value& sentence = result.outputs[declared.verdict_text_output];
    return {in_order.present && in_order.b, sentence.present ? std::string(sentence.str()) : ""};
}

void write_finance_report_text(const CaseResult& result, const FinanceRun& run, const ReportWriter& writer) {
    const Program& program = *result.program;
    const RuleSet& rules = program.rules;
    ChunkedOut out(writer);
    out += program.manifest.name + "\n";
    if (rules.check_date_input)
        out += "Stichtag: " +
               calendar::german(calendar::from_day_number(result.facts->inputs[*rules.check_date_input].day)) +
               " · Regeln: Version " + program.manifest.version + "\n";
    out += "Weiterleitungen gelesen: " + std::to_string(run.rows);
    if (run.rows_left_out > 0)
        out += ", davon " + std::to_string(run.rows_left_out) + " wegen Eingabefehlern nicht geprüft";
    out += "\n";
    if (run.rows_left_out > 0)
        out += "ACHTUNG: Summen und Ergebnisse sind unvollständig – " + not_checked_phrase(run) +
               " fehlen darin (Liste „Nicht geprüft“ am Ende)\n";
    bool in_block = false;  // consecutive single values form one block
    for (std::size_t i = 0; i < rules.outputs.size(); ++i) {
        const OutputRef& ref = rules.outputs[i];
        const Definition& def = program.definition(ref.module, ref.definition);
        const Value& v = result.outputs[i];
        bool compound = is_compound(rules.types.kind(rules.types.strip_optional(def.type))) && v.present;
        if (!compound && !in_block) out += "\n";
        in_block = !compound;
        text_value(out, result, label_of(def), v, def.type);
    }
    if (!run.left_out.empty()) {
        out += "\nNicht geprüft (" + std::to_string(run.rows_left_out) + ") – nicht in den Summen\n";
        for (const LeftOutRow& r : run.left_out)
            out += "  Zeile " + std::to_string(r.line) + (r.column.empty() ? "" : ", Spalte „" + r.column + "“") + ": " +
                   r.message + "\n";
    }
    out.flush();
}

void write_finance_report_csv(const CaseResult& result, const FinanceRun* run, const ReportWriter& writer) {
    ChunkedOut out(writer);
    finance_table_csv(result, out);
    if (run && !run->left_out.empty()) {
        // After the table, a blank row and the rows that are missing from it.
        auto write = [&](const std::vector<std::string>& cells) {
            for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? ";" : "") + csv_cell(cells[i]);
            out += "\r\n";
        };
        out += "\r\n";
        write({"Nicht geprüft: " + not_checked_phrase(*run) +
               " wegen Eingabefehlern – die Tabelle und die Summen sind unvollständig"});
        write({"Status", "Zeile", "Spalte", "Problem"});
        for (const LeftOutRow& r : run->left_out) write({"nicht geprüft", std::to_string(r.line), r.column, r.message});
    }
    out.flush();
}

std::string finance_report_text(const CaseResult& result, const FinanceRun& run) {
    std::string out;
    write_finance_report_text(result, run, [&out](std::string_view text) { out += text; });
    return out;
}

std::string finance_report_csv(const CaseResult& result, const FinanceRun* run) {
    std::string out;
    write_finance_report_csv(result, run, [&out](std::string_view text) { out += text; });
    return out;
}

namespace {

void finance_table_csv(const CaseResult& result, ChunkedOut& out) {
    const Program& program = *result.program;
    const RuleSet& rules = program.rules;
    out += "\xEF\xBB\xBF";
    // The table is the list output that the manifest declares (weiterleitung: tabelle:).
    if (!program.manifest.forwarding || program.manifest.forwarding->table_output >= result.outputs.size()) return;
    std::uint32_t table = program.manifest.forwarding->table_output;
    const OutputRef& ref = rules.outputs[table];
    TypeId type = program.definition(ref.module, ref.definition).type;
    if (rules.types.kind(rules.types.strip_optional(type)) != TypeKind::list) return;
    const Value* list = &result.outputs[table];
    Members members(result);
    TypeId element = rules.types[rules.types.strip_optional(type)].ref;
    auto row_of = [&](const Value& v) {
        std::vector<std::string> cells;
        for (const Member& m : members.of(v, element)) {
            TypeKind k = members.kind(m.type);
            if (k == TypeKind::list) {
                std::string joined;
                TypeId inner = rules.types[rules.types.strip_optional(m.type)].ref;
                for (std::uint32_t j = 0; m.value.present && j < m.value.list.size; ++j)
                    joined += (j ? " | " : "") + one_line(members, program, m.value.list.items[j], inner);
                cells.push_back(joined);
            } else if (is_compound(k)) {
                cells.push_back(one_line(members, program, m.value, m.type));
            } else {
                cells.push_back(csv_value(program, m.value, m.type));
            }
        }
        return cells;
    };
    auto write = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? ";" : "") + csv_cell(cells[i]);
        out += "\r\n";
    };
    if (!is_compound(members.kind(element))) {
        for (std::uint32_t i = 0; i < list->list.size; ++i) write({csv_value(program, list->list.items[i], element)});
        return;
    }
    write(members.labels(element));
    for (std::uint32_t i = 0; i < list->list.size; ++i) write(row_of(list->list.items[i]));
}

}  // namespace

std::string finance_report_json(const CaseResult& result, const FinanceRun& run) {
    std::string json = case_json(result);
    json.pop_back();  // the closing brace: the rows left out follow
    JsonOut out(json);
    out.raw(", ");
    out.key("gelesen");
    out.raw(" " + std::to_string(run.rows) + ", ");
    out.key("nicht_geprueft");
    out.raw(" " + std::to_string(run.rows_left_out) + ", ");
    out.key("summen_vollstaendig");
    out.raw(run.rows_left_out == 0 ? " true, " : " false, ");
    out.key("ausgelassen");
    out.raw(" [");
    for (std::size_t i = 0; i < run.left_out.size(); ++i) {
        if (i) out.raw(", ");
        out.raw("{");
        out.key("zeile");
        out.raw(" " + std::to_string(run.left_out[i].line) + ", ");
        out.key("spalte");
        out.raw(" ");
        out.string(run.left_out[i].column);
        out.raw(", ");
        out.key("meldung");
        out.raw(" ");
        out.string(run.left_out[i].message);
        out.raw("}");
    }
    out.raw("]}");
    return json;
}

}  // namespace klappt
