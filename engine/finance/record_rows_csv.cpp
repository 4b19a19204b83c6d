// Rows of a list input from a CSV file: the header mapped to the record's fields, each
// cell read by the German Excel conventions (forwarding_loader.hpp), each row checked.
#include "engine/finance/record_rows.hpp"

#include <algorithm>
#include <optional>

#include "dsl/enum_lookup.hpp"
#include "engine/base/money.hpp"
#include "engine/finance/record_rows_support.hpp"
#include "engine/input/csv_reader.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "engine/input/text_encoding.hpp"
#include "engine/runtime/evaluator.hpp"

namespace klappt {

namespace {

std::string in_quotes(std::string_view s) { return "„" + std::string(s) + "“"; }

std::string_view trim(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    // A non-breaking space (U+00A0) that Excel likes to leave at either end.
    while (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
    while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
    return s;
}

std::string without_thousands_dots(std::string_view cell) {
    std::string_view rest = cell;
    std::string out;
    if (!rest.empty() && rest.front() == '-') {
        out.push_back('-');
        rest.remove_prefix(1);
    }
    auto digits = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    std::size_t dot = rest.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 3 || !digits(rest.substr(0, dot))) return std::string(cell);
    out.append(rest.substr(0, dot));
    rest.remove_prefix(dot);
    while (!rest.empty()) {
        if (rest.size() < 4 || rest.front() != '.' || !digits(rest.substr(1, 3))) return std::string(cell);
        out.append(rest.substr(1, 3));
        rest.remove_prefix(4);
    }
    return out;
}

// Where each cell of the row starting on `line` begins (byte offsets into the file), and
// where the row ends; used only to point at a bad cell.
struct CellPlaces {
    std::vector<std::uint32_t> begin;
    std::uint32_t end = 0;
};

CellPlaces cell_places(const SourceFile& file, std::uint32_t line, char delimiter) {
    CellPlaces out;
    std::string_view text = file.text();
    std::uint32_t p = file.line_start(line);
    if (p == 0 && text.substr(0, 3) == "\xEF\xBB\xBF") p = 3;
    out.begin.push_back(p);
    bool quoted = false;
    for (; p < text.size(); ++p) {
        char c = text[p];
        if (c == '"') quoted = !quoted;
        else if (!quoted && c == delimiter) out.begin.push_back(p + 1);
        else if (!quoted && (c == '\n' || c == '\r')) break;
    }
    out.end = static_cast<std::uint32_t>(p);
    return out;
}

Span cell_span(const CellPlaces& places, std::size_t column) {
    if (column >= places.begin.size()) return Span{places.end, places.end + 1};
    std::uint32_t begin = places.begin[column];
    std::uint32_t end = column + 1 < places.begin.size() ? places.begin[column + 1] - 1 : places.end;
    if (end <= begin) end = begin + 1;
    return Span{begin, end};
}

// One CSV cell as a value of a record field's type.
class CellParser {
public:
    CellParser(const RuleSet& rules, Arena& arena) : rules_(rules), arena_(arena) {}

    std::optional<Value> parse(TypeId type, std::string_view cell, std::string& error) {
        TypeId t = rules_.types.strip_optional(type);
        switch (rules_.types.kind(t)) {
            case TypeKind::list: {
                TypeId element = rules_.types[t].ref;
                std::vector<Value> items;
                std::size_t start = 0;
                for (std::size_t i = 0; i <= cell.size(); ++i) {
                    if (i < cell.size() && cell[i] != ',' && cell[i] != ';' && cell[i] != '\n') continue;
                    std::string_view part = trim(cell.substr(start, i - start));
                    start = i + 1;
                    if (part.empty()) continue;
                    auto v = parse(element, part, error);
                    if (!v) return std::nullopt;
                    items.push_back(*v);
                }
                Value* stored = arena_.make_array<Value>(items.size());
                std::copy(items.begin(), items.end(), stored);
                return Value::list_ref(stored, static_cast<std::uint32_t>(items.size()));
            }
            case TypeKind::enumeration: {
                const EnumType& e = rules_.enums[rules_.types[t].ref];
                std::string key = header_key(cell);
                for (std::uint32_t i = 0; i < e.values.size(); ++i)
                    if (e.values[i] == cell || header_key(e.values[i]) == key ||
                        (!e.value_labels[i].empty() && header_key(e.value_labels[i]) == key))
                        return Value::enumeration(i);
                break;
            }
            case TypeKind::integer: {
                auto parsed = parse_scalar(rules_, t, without_thousands_dots(cell), arena_, money::Notation::german);
                if (parsed.value) return parsed.value;
                error = parsed.error;
                return std::nullopt;
            }
            default: break;
        }
        auto parsed = parse_scalar(rules_, t, cell, arena_, money::Notation::german);
        if (parsed.value) return parsed.value;
        error = parsed.error;
        return std::nullopt;
    }

private:
    const RuleSet& rules_;
    Arena& arena_;
};

bool csv_readable_type(const RuleSet& rules, TypeId type) {
    TypeId t = rules.types.strip_optional(type);
    if (rules.types.kind(t) == TypeKind::list) t = rules.types.strip_optional(rules.types[t].ref);
    return is_scalar_type(rules, t);
}

const char* kLeftOut = " – die Zeile wird nicht geprüft";

}  // namespace

std::string header_key(std::string_view text) {
    // „€“ (E2 82 AC), typographic quotes, dashes and a non-breaking blank are punctuation here.
    return folded_key(text, {"\xE2\x82\xAC", "\xE2\x80\x9E", "\xE2\x80\x9C", "\xE2\x80\x93", "\xC2\xA0"});
}

RecordRows read_rows_csv(const Program& program, std::uint32_t input, const SourceRef& file, Case& kase,
                         Evaluator& checks, std::size_t max_rows) {
    RecordRows out;
    const RuleSet& rules = program.rules;
    TypeId element_type = 0;
    std::string problem;
    const RecordType* record = element_record(program, input, element_type, problem);
    if (!record) {
        out.diagnostics.file_error(file, problem);
        return out;
    }
    std::uint32_t record_index = rules.types[element_type].ref;

    CsvReader reader(file->text());
    std::vector<std::string_view> cells;
    if (!reader.next(cells)) {
        out.diagnostics.file_error(file, reader.error().empty() ? "leere Datei: erwartet eine Kopfzeile mit den Spalten (" +
                                                                      record->fields.front().label + ", …)"
                                                                : reader.error());
        return out;
    }
    if (!reader.row_error().empty()) {
        out.diagnostics.file_error(file, "Kopfzeile: " + reader.row_error());
        return out;
    }

    // ---- header: which column holds which field -------------------------------------------
    std::uint32_t header_line = reader.line();
    const std::size_t header_cells = cells.size();
    CellPlaces header_places = cell_places(*file, header_line, reader.delimiter());
    std::vector<std::int32_t> column_of(record->fields.size(), -1);
    std::vector<std::string> labels;  // what messages call a field: its header as written, else its label
    for (const auto& f : record->fields) labels.push_back(f.label.empty() ? f.name : f.label);
    std::vector<std::string> declared = labels;
    for (std::size_t c = 0; c < cells.size(); ++c) {
        std::string_view name = trim(cells[c]);
        Span at = cell_span(header_places, c);
        if (std::string problem = text_problem(name); !problem.empty()) {
            out.diagnostics.error(file, at, "Kopfzeile, Spalte " + std::to_string(c + 1) + ": " + problem);
            continue;
        }
        std::string key = header_key(name);
        if (key.empty()) continue;  // an unnamed (usually empty) column
        std::size_t f = 0;
        for (; f < record->fields.size(); ++f)
            if (header_key(record->fields[f].name) == key || header_key(declared[f]) == key) break;
        if (f == record->fields.size()) {
            out.diagnostics.warning(file, at, "Spalte " + in_quotes(name) + " ist unbekannt und wird nicht ausgewertet" +
                                                  did_you_mean(std::string(name), declared));
            continue;
        }
        if (column_of[f] >= 0) {
            out.diagnostics.error(file, at, "Spalte " + in_quotes(name) + " meint dasselbe Feld wie Spalte " +
                                                in_quotes(trim(cells[static_cast<std::size_t>(column_of[f])])) +
                                                " („" + declared[f] + "“)");
            continue;
        }
        if (!csv_readable_type(rules, record->fields[f].type)) {
            out.diagnostics.error(file, at, "Spalte " + in_quotes(name) + ": Feld „" + record->fields[f].name +
                                                "“ vom Typ " + rules.type_name(record->fields[f].type) +
                                                " kann nicht aus einer Zelle gelesen werden");
            continue;
        }
        column_of[f] = static_cast<std::int32_t>(c);
        labels[f] = std::string(name);
    }
    for (std::size_t f = 0; f < record->fields.size(); ++f) {
        const FieldType& field = record->fields[f];
        if (column_of[f] >= 0 || field.default_value || rules.types.is_optional(field.type)) continue;
        out.diagnostics.error(file, cell_span(header_places, 0),
                              "Pflichtspalte " + in_quotes(labels[f]) + " fehlt in der Kopfzeile (erwartet " +
                                  expected_text(rules, field.type) + ")");
    }
    if (out.diagnostics.has_errors()) return out;

    // ---- rows ------------------------------------------------------------------------------------
    struct Row {
        Value record;
        std::uint32_t line;
        bool valid;
    };
    std::vector<Row> rows;
    struct RowProblem {
        std::uint32_t line;
        Span span;
        std::string message;
    };
    std::vector<RowProblem> problems;  // reported in line order once the record checks have run
    std::vector<PendingCheck> pending;
    std::vector<std::size_t> pending_row;
    CellParser parser(rules, kase.arena);
    std::string error;
    auto id_hint = [&](const Value* fields) {
        // The row's first text field (its number) helps to find it in the spreadsheet.
        for (std::size_t f = 0; f < record->fields.size(); ++f)
            if (rules.types.kind(rules.types.strip_optional(record->fields[f].type)) == TypeKind::text &&
                fields[f].present && fields[f].text.size > 0 && column_of[f] >= 0)
                return " (" + labels[f] + " " + std::string(fields[f].str()) + ")";
        return std::string();
    };
    while (reader.next(cells)) {
        std::uint32_t line = reader.line();
        if (!reader.row_error().empty()) {  // a stray quote, a row too long: this row only
            ++out.rows;
            ++out.rows_left_out;
            problems.push_back({line, cell_span(cell_places(*file, line, reader.delimiter()), 0),
                                "Zeile " + std::to_string(line) + ": " + reader.row_error() + kLeftOut});
            out.left_out.push_back({line, "", reader.row_error()});
            continue;
        }
        if (std::all_of(cells.begin(), cells.end(), [](std::string_view c) { return trim(c).empty(); })) continue;
        if (out.rows >= max_rows) {
            out.diagnostics.error(file, cell_span(cell_places(*file, line, reader.delimiter()), 0),
                                  "Zeile " + std::to_string(line) + ": mehr als " + money::german_count(max_rows) +
                                      " Weiterleitungen in einer Datei — so viele prüft klappt nicht in einem Lauf "
                                      "(alle bleiben dafür im Speicher); bitte die Datei aufteilen, z. B. je Bescheid");
            return out;
        }
        ++out.rows;
        // More cells than the header has columns (a „;“ in a text without quotes, a value
        // past the last column): which cell belongs to which column is unknown, so the row
        // is one error, not a follow-on error per shifted cell.  Extra cells that are empty
        // (a „;“ at the end of each line) are fine as long as the row reads cleanly; fewer
        // cells are empty ones at the end (Excel leaves out trailing „;“ in some rows).
        const bool extra_cells = cells.size() > header_cells;
        auto field_count_error = [&]() {
            std::string hint;  // the row's number (its first text column) helps to find it
            for (std::size_t f = 0; f < record->fields.size() && hint.empty(); ++f)
                if (rules.types.kind(rules.types.strip_optional(record->fields[f].type)) == TypeKind::text && column_of[f] >= 0)
                    if (std::string_view id = trim(cells[static_cast<std::size_t>(column_of[f])]); !id.empty() && text_problem(id).empty())
                        hint = " (" + labels[f] + " " + std::string(id.substr(0, 60)) + ")";
            std::string count = " hat " + std::to_string(cells.size()) + " statt " + std::to_string(header_cells) + " Feldern";
            std::string why = "erlaubt sind höchstens so viele Felder, wie die Kopfzeile Spalten hat; steht ein „" +
                              std::string(1, reader.delimiter()) + "“ in einem Text, den Text in Anführungszeichen setzen (\"…\")";
            problems.push_back({line, cell_span(cell_places(*file, line, reader.delimiter()), header_cells),
                                "Zeile " + std::to_string(line) + count + hint + ": " + why + kLeftOut});
            out.left_out.push_back({line, "", std::to_string(cells.size()) + " Felder statt " + std::to_string(header_cells) + ": " + why});
            ++out.rows_left_out;
        };
        if (extra_cells && std::any_of(cells.begin() + static_cast<std::ptrdiff_t>(header_cells), cells.end(),
                                       [](std::string_view c) { return !trim(c).empty(); })) {
            field_count_error();
            continue;
        }
        Value* fields = kase.arena.make_array<Value>(record->fields.size());
        struct CellError {
            std::size_t field;
            std::string message;
        };
        std::vector<CellError> errors;
        for (std::size_t f = 0; f < record->fields.size(); ++f) {
            const FieldType& field = record->fields[f];
            fields[f] = Value::none();  // until read (a field that fails stays unset for the messages)
            std::string_view cell =
                column_of[f] >= 0 && static_cast<std::size_t>(column_of[f]) < cells.size() ? trim(cells[column_of[f]]) : "";
            if (std::string problem = text_problem(cell); !problem.empty()) {
                errors.push_back({f, problem});
                continue;
            }
            if (cell.empty()) {
                if (field.default_value || rules.types.is_optional(field.type)) fields[f] = default_of(field, kase.arena);
                else errors.push_back({f, "die Zelle ist leer; erwartet " + expected_text(rules, field.type)});
                continue;
            }
            auto value = parser.parse(field.type, cell, error);
            if (!value) {
                errors.push_back({f, error});
                continue;
            }
            fields[f] = *value;
        }
        if (!errors.empty() && extra_cells) {  // shifted by a „;“ too many: one error, not one per cell
            field_count_error();
            continue;
        }
        if (!errors.empty()) {
            CellPlaces places = cell_places(*file, line, reader.delimiter());
            std::string hint = id_hint(fields);
            for (auto& e : errors) {
                std::size_t column = column_of[e.field] >= 0 ? static_cast<std::size_t>(column_of[e.field]) : 0;
                problems.push_back({line, cell_span(places, column),
                                    "Zeile " + std::to_string(line) + hint + ", Spalte " + in_quotes(labels[e.field]) +
                                        ": " + e.message + kLeftOut});
                out.left_out.push_back({line, labels[e.field], e.message});
            }
            ++out.rows_left_out;
            continue;
        }
        rows.push_back({Value::record(fields), line, true});
        if (!record->checks.empty()) {
            CellPlaces places = cell_places(*file, line, reader.delimiter());
            std::vector<Span> spans(record->fields.size());  // a failed check points at its field's cell
            for (std::size_t f = 0; f < record->fields.size(); ++f)
                if (column_of[f] >= 0) spans[f] = cell_span(places, static_cast<std::size_t>(column_of[f]));
            pending.push_back({rows.back().record, record_index, std::to_string(pending.size()),
                               Span{places.begin.front(), places.end > places.begin.front() ? places.end : places.begin.front() + 1},
                               std::move(spans)});
            pending_row.push_back(rows.size() - 1);
        }
    }
    if (!reader.error().empty()) {
        out.diagnostics.file_error(file, reader.error());
        return out;
    }

    // ---- record checks (von ≤ bis …) -----------------------------------------------------------
    auto failed = failed_checks(checks, kase, pending);
    for (std::size_t p = 0; p < pending.size(); ++p) {
        if (failed[p].empty()) continue;
        Row& row = rows[pending_row[p]];
        row.valid = false;
        std::string hint = id_hint(row.record.fields);
        for (const auto& e : failed[p]) {
            // „3.betrag“: the check is about one field, so name its column.
            std::string column;
            if (std::size_t dot = e.field.find('.'); dot != std::string::npos)
                for (std::size_t f = 0; f < record->fields.size(); ++f)
                    if (record->fields[f].name == e.field.substr(dot + 1)) column = labels[f];
            problems.push_back({row.line, e.span,
                                "Zeile " + std::to_string(row.line) + hint +
                                    (column.empty() ? "" : ", Spalte " + in_quotes(column)) + ": " + e.message + kLeftOut});
            out.left_out.push_back({row.line, column, e.message});
        }
        ++out.rows_left_out;
    }

    std::stable_sort(problems.begin(), problems.end(), [](auto& a, auto& b) { return a.line < b.line; });
    for (auto& p : problems) out.diagnostics.error(file, p.span, std::move(p.message));

    std::size_t valid = static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.valid; }));
    Value* items = kase.arena.make_array<Value>(valid);
    std::size_t n = 0;
    for (const auto& r : rows)
        if (r.valid) items[n++] = r.record;
    out.list = Value::list_ref(items, static_cast<std::uint32_t>(n));
    out.usable = true;
    std::stable_sort(out.left_out.begin(), out.left_out.end(), [](auto& a, auto& b) { return a.line < b.line; });
    return out;
}

}  // namespace klappt
