#include "engine/finance/forwarding_loader.hpp"

#include <algorithm>
#include <optional>

#include "dsl/enum_lookup.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/input/csv_reader.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "engine/input/text_encoding.hpp"

namespace klappt {

namespace {

std::string in_quotes(std::string_view s) { return "„" + std::string(s) + "“"; }

// 100.000: a count in a message, grouped as Germans write it.
std::string german_count(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out.push_back('.');
        out.push_back(digits[i]);
    }
    return out;
}

std::string_view trim(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    // A non-breaking space (U+00A0) that Excel likes to leave at either end.
    while (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
    while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
    return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// 1.234 or -12.345.678 (a whole number with German thousands dots) → 1234; anything else unchanged.
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

Value default_of(const FieldType& field, Arena& arena) {
    return field.default_value ? constant_value(*field.default_value, &arena) : Value::none();
}

const char* kLeftOut = " – die Zeile wird nicht geprüft";

// The list input's element record, or an error.
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

// Runs the record checks of the pending rows; returns, per pending row, its failed checks.
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
                                  "Zeile " + std::to_string(line) + ": mehr als " + german_count(max_rows) +
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

FinanceRun load_finance_run(const Program& program, const SourceRef& bescheid, const SourceRef& given_forwardings,
                            DayNumber check_date, std::size_t max_rows) {
    FinanceRun run;
    // Texts must be UTF-8 (reports and JSON are).  A CSV that is not (no BOM, mostly other
    // bytes than UTF-8 „ä“) is read as Windows-1252, the encoding of German Excel's plain
    // „CSV (Trennzeichen-getrennt)“; a YAML file is refused.
    SourceRef forwardings = given_forwardings;
    std::string lower = lower_ascii(given_forwardings->name());
    bool yaml = ends_with(lower, ".yaml") || ends_with(lower, ".yml");
    bool readable = true;
    for (const SourceRef& file : {bescheid, given_forwardings}) {
        auto bad = first_invalid_utf8(file->text());
        if (!bad) continue;
        // The encoding is decided once per file: a BOM (or more UTF-8 „ä“ than other bytes)
        // says UTF-8, and then a row with other bytes is an error of that row (read_rows_csv).
        bool utf8 = file->text().substr(0, kUtf8Bom.size()) == kUtf8Bom || mostly_utf8(file->text());
        if (file == given_forwardings && !yaml && utf8) continue;
        if (file == given_forwardings && !yaml) {
            forwardings = std::make_shared<SourceFile>(file->name(), from_windows_1252(file->text()));
            run.diagnostics.warning(forwardings, Span{0, 1},
                                    "die Datei ist nicht in UTF-8 gespeichert; sie wird als Windows-1252 gelesen "
                                    "(Excel: „CSV (Trennzeichen-getrennt)“); besser als „CSV UTF-8“ speichern");
            continue;
        }
        auto at = static_cast<std::uint32_t>(*bad);
        run.diagnostics.error(file, Span{at, at + 1}, "kein gültiges UTF-8 an dieser Stelle; die Datei muss UTF-8 sein");
        readable = false;
    }
    if (!readable) {
        run.input_valid = false;
        return run;
    }
    const RuleSet& rules = program.rules;
    const std::optional<ForwardingDeclaration>& declared = program.manifest.forwarding;
    if (!declared || !rules.check_date_input) {
        run.diagnostics.general_error(
            "das Regelwerk ist kein Finanzregelwerk: seine regelwerk.yaml braucht „stichtag:“ und „weiterleitung: "
            "{bescheid: …, liste: …, tabelle: …}“ (die Eingaben für den Bescheid und die Weiterleitungen, die "
            "Tabelle für --csv)");
        run.input_valid = false;
        return run;
    }
    const std::uint32_t bescheid_input = declared->bescheid_input;
    const std::uint32_t list_input = declared->list_input;
    auto kase = std::make_unique<Case>();
    kase->id = bescheid->name();
    kase->inputs.assign(rules.inputs.size(), Value());
    for (std::uint32_t i = 0; i < rules.inputs.size(); ++i) {
        if (i == bescheid_input || i == list_input || i == *rules.check_date_input) continue;
        const FieldType& field = rules.inputs[i].field;
        if (!field.default_value && !rules.types.is_optional(field.type)) {
            run.diagnostics.general_error("die Eingabe „" + field.name + "“ des Regelwerks kann klappt weiterleitung nicht füllen");
            run.input_valid = false;
            return run;
        }
        kase->inputs[i] = default_of(field, kase->arena);
    }
    kase->inputs[*rules.check_date_input] = Value::date(check_date);
    Evaluator checks(program);

    // The Bescheid.
    const FieldType& bescheid_field = rules.inputs[bescheid_input].field;
    YamlValue b = read_yaml_value(program, bescheid, bescheid_field.type, bescheid_field.name, kase->arena);
    // Every mistake of the Bescheid in one run: the checks of the parts that were read run
    // even when another part could not be read (run_record_checks skips those that read it).
    bool bescheid_ok = b.value.has_value() && b.errors.empty();
    std::vector<FieldError> bescheid_errors = b.errors;
    if (b.value) {
        kase->inputs[bescheid_input] = *b.value;
        std::vector<FieldError> failed;
        run_record_checks(checks, *kase, b.checks, failed, nullptr, &b.errors);
        bescheid_ok = bescheid_ok && failed.empty();
        bescheid_errors.insert(bescheid_errors.end(), failed.begin(), failed.end());
        if (!bescheid_ok) kase->inputs[bescheid_input] = Value();  // as before: the rows' checks never see a broken Bescheid
    }
    std::stable_sort(bescheid_errors.begin(), bescheid_errors.end(),
                     [](const FieldError& x, const FieldError& y) { return x.span.begin < y.span.begin; });
    for (const auto& e : bescheid_errors)
        run.diagnostics.error(bescheid, e.span, "Bescheid: " + (e.field.empty() ? "" : e.field + ": ") + e.message);

    // The forwardings.
    RecordRows rows = yaml ? read_rows_yaml(program, list_input, forwardings, *kase, checks)
                           : read_rows_csv(program, list_input, forwardings, *kase, checks, max_rows);
    run.diagnostics.append(rows.diagnostics);
    run.rows = rows.rows;
    run.rows_left_out = rows.rows_left_out;
    run.left_out = std::move(rows.left_out);
    run.input_valid = bescheid_ok && rows.usable && rows.rows_left_out == 0;
    if (!bescheid_ok || !rows.usable) return run;
    kase->inputs[list_input] = rows.list;
    run.kase = std::move(kase);
    return run;
}

}  // namespace klappt
