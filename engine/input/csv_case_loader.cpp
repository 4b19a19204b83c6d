#include "engine/input/csv_case_loader.hpp"

#include <algorithm>
#include <cstring>

#include "dsl/limits.hpp"
#include "engine/base/calendar.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "engine/input/text_encoding.hpp"

namespace klappt {

namespace {

constexpr int kMaxDepth = 16;           // records in records: deeper than any sensible case format

std::string in_quotes(std::string_view s) { return "„" + std::string(s) + "“"; }

std::string join_paths(const std::vector<std::string>& paths) {
    std::string out;
    for (std::size_t i = 0; i < paths.size(); ++i) out += (i ? ", " : "") + in_quotes(paths[i]);
    return out;
}

// ---- fast paths for the common cell formats ------------------------------------
// Each accepts a subset of what parse_scalar accepts and gives the same value;
// anything else (and every error) goes through parse_scalar, so messages are the
// same as for YAML cases.

bool two_digits(const char* p, unsigned& out) {
    unsigned a = static_cast<unsigned char>(p[0]) - '0', b = static_cast<unsigned char>(p[1]) - '0';
    if (a > 9 || b > 9) return false;
    out = a * 10 + b;
    return true;
}

// 2021-03-15 or 15.03.2021.
inline bool fast_date(std::string_view s, std::int32_t& day) {
    if (s.size() != 10) return false;
    unsigned y1, y2, m, d;
    if (s[4] == '-' && s[7] == '-') {
        if (!two_digits(&s[0], y1) || !two_digits(&s[2], y2) || !two_digits(&s[5], m) || !two_digits(&s[8], d))
            return false;
    } else if (s[2] == '.' && s[5] == '.') {
        if (!two_digits(&s[0], d) || !two_digits(&s[3], m) || !two_digits(&s[6], y1) || !two_digits(&s[8], y2))
            return false;
    } else {
        return false;
    }
    int y = static_cast<int>(y1 * 100 + y2);
    if (m < 1 || m > 12 || d < 1) return false;
    static constexpr unsigned char kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned last = kDays[m - 1] + (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
    if (d > last) return false;
    day = calendar::day_number(calendar::from_civil(y, m, d));
    return true;
}

bool fast_int(std::string_view s, std::int64_t& out) {
    bool negative = !s.empty() && s.front() == '-';
    if (negative) s.remove_prefix(1);
    if (s.empty() || s.size() > 15) return false;
    std::int64_t v = 0;
    for (char c : s) {
        unsigned digit = static_cast<unsigned char>(c) - '0';
        if (digit > 9) return false;
        v = v * 10 + digit;
    }
    out = negative ? -v : v;
    return true;
}

bool fast_bool(std::string_view s, bool& out) {
    if (s == "true" || s == "1") out = true;
    else if (s == "false" || s == "0") out = false;
    else return false;
    return true;
}

}  // namespace

std::string_view trim_cell(std::string_view cell) {
    while (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t')) cell.remove_prefix(1);
    while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t')) cell.remove_suffix(1);
    return cell;
}

// ---- the header ------------------------------------------------------------------

CsvCaseMapping::CsvCaseMapping(const Program& program, const std::vector<std::string_view>& header)
    : program_(program) {
    const RuleSet& rules = program.rules;
    for (const auto& input : rules.inputs)
        inputs_.push_back(make_node(input.field.type, input.field.name,
                                    input.field.default_value ? &*input.field.default_value : nullptr, 0));
    verbatim_.assign(header.size(), 0);
    for (std::size_t c = 0; c < header.size(); ++c) {
        columns_.emplace_back(trim_cell(header[c]));
        map_column(static_cast<std::uint32_t>(c), columns_.back());
    }
    for (std::uint32_t node : inputs_) check_required(node);
}

std::uint32_t CsvCaseMapping::make_node(TypeId declared, std::string path, const Constant* default_value, int depth) {
    const RuleSet& rules = program_.rules;
    Node node;
    node.optional = rules.types.is_optional(declared);
    node.type = rules.types.strip_optional(declared);
    node.default_value = default_value;
    node.path = std::move(path);
    node.ref = rules.types[node.type].ref;
    switch (rules.types.kind(node.type)) {
        case TypeKind::record: node.kind = Kind::record; break;
        case TypeKind::list: node.kind = Kind::list; break;
        default:
            node.kind = Kind::scalar;
            node.scalar_kind = rules.types.kind(node.type);
            break;
    }
    auto index = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(std::move(node));
    if (nodes_[index].kind == Kind::record && depth < kMaxDepth) {
        const RecordType& record = rules.records[nodes_[index].ref];
        for (const FieldType& f : record.fields) {
            std::uint32_t child = make_node(f.type, nodes_[index].path + "." + f.name,
                                            f.default_value ? &*f.default_value : nullptr, depth + 1);
            nodes_[index].children.push_back(child);
        }
    }
    return index;
}

void CsvCaseMapping::map_column(std::uint32_t column, std::string_view name) {
    const RuleSet& rules = program_.rules;
    if (name.empty()) {
        problems_.push_back("Spalte " + std::to_string(column + 1) + " hat keinen Namen in der Kopfzeile");
        return;
    }
    std::vector<std::uint32_t> path_nodes;
    auto unknown = [&](const std::string& known_prefix, const std::vector<std::string>& candidates) {
        std::string text = "unbekannte Spalte " + in_quotes(name);
        std::string suggestion = did_you_mean(std::string(name), candidates);
        if (!suggestion.empty()) text += suggestion;
        else if (!known_prefix.empty()) text += "; „" + known_prefix + "“ hat die Felder " + join_paths(candidates);
        else text += "; die Eingaben des Regelwerks sind " + join_paths(candidates);
        problems_.push_back(text);
    };

    std::size_t dot = name.find('.');
    std::string_view head = name.substr(0, dot);
    auto input = rules.find_input(std::string(head));
    if (!input) {
        std::vector<std::string> names;
        for (const auto& in : rules.inputs) names.push_back(in.field.name);
        unknown("", names);
        return;
    }
    std::uint32_t current = inputs_[*input];
    path_nodes.push_back(current);
    std::string_view rest = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    bool more = dot != std::string_view::npos;
    while (more) {
        dot = rest.find('.');
        std::string_view segment = rest.substr(0, dot);
        more = dot != std::string_view::npos;
        rest = more ? rest.substr(dot + 1) : std::string_view{};
        Node& node = nodes_[current];
        if (node.kind == Kind::record) {
            const RecordType& record = rules.records[node.ref];
            std::uint32_t found = static_cast<std::uint32_t>(record.fields.size());
            for (std::uint32_t f = 0; f < record.fields.size(); ++f)
                if (record.fields[f].name == segment) found = f;
            if (found == record.fields.size() || found >= node.children.size()) {
                std::vector<std::string> names;
                for (const auto& f : record.fields) names.push_back(node.path + "." + f.name);
                unknown(node.path, names);
                return;
            }
            current = node.children[found];
        } else if (node.kind == Kind::list) {
            std::uint32_t number = 0;
            bool numeric = !segment.empty() && segment.size() <= 9 && segment.front() != '0';
            for (char c : segment) {
                if (c < '0' || c > '9') numeric = false;
                else number = number * 10 + static_cast<std::uint32_t>(c - '0');
            }
            if (numeric && number > limits::kMaxListElementsPerCase) {
                problems_.push_back("Spalte " + in_quotes(name) + ": die Liste „" + node.path + "“ hat höchstens " +
                                    std::to_string(limits::kMaxListElementsPerCase) + " Einträge je Fall");
                return;
            }
            if (!numeric || number < 1) {
                problems_.push_back("unbekannte Spalte " + in_quotes(name) + "; die Einträge der Liste „" + node.path +
                                    "“ werden ab 1 gezählt, z. B. „" + node.path + ".1…“");
                return;
            }
            std::string element_path = node.path + "." + std::to_string(number);
            std::uint32_t element = 0;
            bool exists = false;
            for (std::uint32_t child : node.children)
                if (nodes_[child].path == element_path) {
                    element = child;
                    exists = true;
                }
            if (!exists) {
                TypeId element_type = node.ref;
                element = make_node(element_type, element_path, nullptr, static_cast<int>(path_nodes.size()));
                Node& list = nodes_[current];  // make_node may have moved the nodes
                // Keep elements in ascending order, whatever the column order.
                auto pos = std::find_if(list.children.begin(), list.children.end(), [&](std::uint32_t c) {
                    return std::stoul(nodes_[c].path.substr(list.path.size() + 1)) > number;
                });
                list.children.insert(pos, element);
            }
            current = element;
        } else {
            problems_.push_back("unbekannte Spalte " + in_quotes(name) + "; „" + node.path + "“ ist ein einzelner Wert");
            return;
        }
        path_nodes.push_back(current);
    }
    Node& leaf = nodes_[current];
    if (leaf.kind == Kind::record) {
        std::vector<std::string> names;
        for (std::uint32_t child : leaf.children) names.push_back(nodes_[child].path);
        problems_.push_back("Spalte " + in_quotes(name) + " ist ein Datensatz; seine Felder sind eigene Spalten: " +
                            join_paths(names));
        return;
    }
    if (leaf.kind == Kind::list) {
        problems_.push_back("Spalte " + in_quotes(name) + " ist eine Liste; ihre Einträge sind eigene Spalten: „" +
                            leaf.path + ".1…“, „" + leaf.path + ".2…“");
        return;
    }
    if (leaf.column >= 0) {
        problems_.push_back("Spalte " + in_quotes(name) + " ist doppelt (Spalten " + std::to_string(leaf.column + 1) +
                            " und " + std::to_string(column + 1) + ")");
        return;
    }
    leaf.column = static_cast<std::int32_t>(column);
    verbatim_[column] = leaf.scalar_kind == TypeKind::text;
    for (std::uint32_t n : path_nodes) nodes_[n].columns.push_back(column);
}

// Required fields without a column.  A record that has no column at all and is
// optional (or has a default) is simply absent; otherwise every required field of
// it needs a column.
void CsvCaseMapping::check_required(std::uint32_t index) {
    const Node& node = nodes_[index];
    bool absent_ok = node.optional || node.default_value;
    switch (node.kind) {
        case Kind::scalar:
            if (node.column < 0 && !absent_ok)
                problems_.push_back("Pflichtspalte " + in_quotes(node.path) + " fehlt; erwartet " +
                                    expected_text(program_.rules, node.type));
            return;
        case Kind::record:
            if (node.columns.empty() && absent_ok) return;
            for (std::uint32_t child : node.children) check_required(child);
            return;
        case Kind::list:
            if (node.children.empty() && !absent_ok)
                problems_.push_back("Spalten der Liste " + in_quotes(node.path) + " fehlen (" + node.path + ".1…)");
            for (std::uint32_t child : node.children) check_required(child);
            return;
    }
}

// ---- rows -------------------------------------------------------------------------

bool CsvCaseReader::any_cell(const Node& node) const {
    for (std::uint32_t c : node.columns)
        if (!mapping_.cell(*cells_, c).empty()) return true;
    return false;
}

void CsvCaseReader::cell_error(const Node& node, std::string message) {
    const std::string& column = node.column >= 0 ? mapping_.column_name(static_cast<std::size_t>(node.column)) : node.path;
    messages_.push_back("Spalte " + in_quotes(column) + ": " + message);
    errors_.push_back({node.path, std::move(message), {}});
}

// The common cells (a date, a number, true/false, an enum name, a text) are read
// here, inlined into the row loop; everything else goes to read_scalar_slow().
inline Value CsvCaseReader::read_scalar(const Node& node, std::string_view cell, Arena& arena) {
    if (cell.empty()) return read_scalar_slow(node, cell, arena);
    switch (node.scalar_kind) {
        case TypeKind::boolean: {
            bool b;
            if (fast_bool(cell, b)) return Value::boolean(b);
            break;
        }
        case TypeKind::integer: {
            std::int64_t i;
            if (fast_int(cell, i)) return Value::integer(i);
            break;
        }
        case TypeKind::date: {
            std::int32_t day;
            if (fast_date(cell, day)) return Value::date(day);
            break;
        }
        case TypeKind::enumeration: {
            const auto& values = rules_.enums[node.ref].values;
            for (std::uint32_t i = 0; i < values.size(); ++i)
                if (values[i] == cell) return Value::enumeration(i);
            break;
        }
        case TypeKind::text: return Value::text_ref(arena.copy(cell));
        default: break;
    }
    return read_scalar_slow(node, cell, arena);
}

// Empty cells (default, not set, or missing) and every format the fast paths do not
// take, with parse_scalar's messages.
Value CsvCaseReader::read_scalar_slow(const Node& node, std::string_view cell, Arena& arena) {
    if (cell.empty()) {
        if (node.default_value) return constant_value(*node.default_value, &arena);
        if (node.optional) return Value::none();
        cell_error(node, "leer, aber ein Pflichtfeld; erwartet " + expected_text(rules_, node.type));
        return Value();
    }
    ScalarResult parsed = parse_scalar(rules_, node.type, cell, arena, money::Notation::german);
    if (parsed.value) return *parsed.value;
    cell_error(node, std::move(parsed.error));
    return Value();
}

Value CsvCaseReader::read_node(const Node& node, Arena& arena) {
    const auto& nodes = mapping_.nodes_;
    switch (node.kind) {
        case CsvCaseMapping::Kind::scalar:
            return read_scalar(node, node.column >= 0 ? mapping_.cell(*cells_, static_cast<std::uint32_t>(node.column))
                                                      : std::string_view{},
                               arena);
        case CsvCaseMapping::Kind::record: {
            if ((node.optional || node.default_value) && !any_cell(node))
                return node.default_value ? constant_value(*node.default_value, &arena) : Value::none();
            Value* fields = arena.make_array<Value>(node.children.size());
            for (std::size_t i = 0; i < node.children.size(); ++i) fields[i] = read_node(nodes[node.children[i]], arena);
            if (!rules_.records[node.ref].checks.empty())
                pending_.push_back({Value::record(fields), node.ref, node.path, {}, {}});
            return Value::record(fields);
        }
        case CsvCaseMapping::Kind::list: {
            std::uint32_t count = 0;
            for (std::uint32_t child : node.children) count += any_cell(nodes[child]) ? 1 : 0;
            if (count == 0) return Value::list_ref(nullptr, 0);
            Value* items = arena.make_array<Value>(count);
            std::uint32_t n = 0;
            for (std::uint32_t child : node.children)
                if (any_cell(nodes[child])) items[n++] = read_node(nodes[child], arena);
            return Value::list_ref(items, n);
        }
    }
    return Value();
}

bool CsvCaseReader::read(const std::vector<std::string_view>& cells, std::uint32_t line, Case& kase, Evaluator& checks) {
    errors_.clear();
    messages_.clear();
    pending_.clear();
    cells_ = &cells;
    kase.arena.reset();
    kase.inputs.resize(rules_.inputs.size());
    kase.id.clear();
    std::int32_t id_column = rules_.case_id_input ? mapping_.nodes_[mapping_.inputs_[*rules_.case_id_input]].column : -1;
    // Bytes that are no text (NUL, a BOM in the middle, not UTF-8) make the row an error
    // naming each such cell; when the id cell is one of them, the id is the line, so no
    // such byte reaches the output.
    bool text_ok = true, id_ok = true;
    for (std::size_t c = 0; c < cells.size() && c < mapping_.column_count(); ++c) {
        if (std::string problem = text_problem(cells[c]); !problem.empty()) {
            messages_.push_back("Spalte " + in_quotes(mapping_.column_name(c)) + ": " + problem);
            errors_.push_back({mapping_.column_name(c), std::move(problem), {}});
            text_ok = false;
            id_ok = id_ok && static_cast<std::int32_t>(c) != id_column;
        }
    }
    if (!id_ok) {
        kase.id.assign("Zeile ").append(std::to_string(line));
        return false;
    }
    if (rules_.case_id_input) {
        std::int32_t column = mapping_.nodes_[mapping_.inputs_[*rules_.case_id_input]].column;
        if (column >= 0 && static_cast<std::size_t>(column) < cells.size()) {
            std::string_view id = mapping_.cell(cells, static_cast<std::uint32_t>(column));
            kase.id.resize(id.size());  // (cheaper than assign for the short ids of every row)
            if (!id.empty()) std::memcpy(kase.id.data(), id.data(), id.size());
        }
    }
    if (kase.id.empty()) kase.id.assign("Zeile ").append(std::to_string(line));
    if (!text_ok) return false;
    if (cells.size() != mapping_.column_count()) {
        std::string message = "die Zeile hat " + std::to_string(cells.size()) + (cells.size() == 1 ? " Zelle" : " Zellen") +
                              ", die Kopfzeile " + std::to_string(mapping_.column_count());
        messages_.push_back(message);
        errors_.push_back({"", std::move(message), {}});
        return false;
    }
    for (std::size_t i = 0; i < mapping_.inputs_.size(); ++i) {
        const Node& node = mapping_.nodes_[mapping_.inputs_[i]];
        kase.inputs[i] = node.kind == CsvCaseMapping::Kind::scalar && node.column >= 0
                             ? read_scalar(node, mapping_.cell(cells, static_cast<std::uint32_t>(node.column)), kase.arena)
                             : read_node(node, kase.arena);
    }
    if (!errors_.empty()) return false;
    if (!pending_.empty()) {
        std::size_t before = errors_.size();
        run_record_checks(checks, kase, pending_, errors_);
        for (std::size_t i = before; i < errors_.size(); ++i)
            messages_.push_back(errors_[i].field + ": " + errors_[i].message);
    }
    return errors_.empty();
}

}  // namespace klappt
