// Cases from CSV: one row per case, the columns named by input paths of the
// rule set — `fall`, `person.geburtsdatum`, `massnahmen.1.baustein`,
// `person.kinder.2.geburtsdatum` — so any rule set can be fed from a
// spreadsheet without a mapping file.
//
// The header is mapped once (CsvCaseMapping): unknown, doubled or unnamed
// columns and missing required columns are problems of the file, reported once.
// Each row is then read into a reused Case (CsvCaseReader): cells are parsed
// straight into values, with the same rules and messages as YAML cases
// (scalar_parsing.hpp) plus the German Excel conventions (decimal comma,
// 1.234,56, TT.MM.JJJJ, ja/nein, WAHR/FALSCH).
//
// Cells are read without surrounding blanks, except text cells, which are taken
// as they are (as a quoted YAML string would be).
// Empty cells: an empty optional field is not set, an empty field with a
// default gets the default, an empty required field is an error of the row.
// An optional record (`kommune.*`) whose cells are all empty is not set; a
// list element (`massnahmen.2.*`) whose cells are all empty is left out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime/case_data.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

class Evaluator;

// Cell text without surrounding blanks (spaces, tabs).
std::string_view trim_cell(std::string_view cell);

class CsvCaseMapping {
public:
    // Maps the header cells to the inputs of `program` (which must outlive the mapping).
    CsvCaseMapping(const Program& program, const std::vector<std::string_view>& header);

    // Problems of the header (German, one per column or missing field); when there is
    // any, rows cannot be read reliably and the file must not be evaluated.
    const std::vector<std::string>& problems() const { return problems_; }
    std::size_t column_count() const { return columns_.size(); }
    const std::string& column_name(std::size_t c) const { return columns_[c]; }
    const Program& program() const { return program_; }

private:
    friend class CsvCaseReader;

    enum class Kind : std::uint8_t { scalar, record, list };
    struct Node {
        Kind kind = Kind::scalar;
        TypeKind scalar_kind = TypeKind::error;
        TypeId type = 0;         // without optional
        std::uint32_t ref = 0;   // record index, enum index or list element type
        bool optional = false;   // declared T?
        const Constant* default_value = nullptr;
        std::int32_t column = -1;                  // scalar: its column, or -1
        std::string path;                          // person.geburtsdatum, massnahmen.1
        std::vector<std::uint32_t> children;       // record: one per field; list: one per element in the header
        std::vector<std::uint32_t> columns;        // every column at or below this node
    };

    std::uint32_t make_node(TypeId declared, std::string path, const Constant* default_value, int depth);
    void map_column(std::uint32_t column, std::string_view name);
    void check_required(std::uint32_t node);
    // The text of cell `c` as it is read: text cells verbatim, all others without surrounding blanks.
    std::string_view cell(const std::vector<std::string_view>& cells, std::uint32_t c) const {
        return verbatim_[c] ? cells[c] : trim_cell(cells[c]);
    }

    const Program& program_;
    std::vector<Node> nodes_;
    std::vector<std::uint32_t> inputs_;  // node of each input, in declaration order
    std::vector<std::string> columns_;   // header names as given
    std::vector<std::uint8_t> verbatim_; // per column: a text cell, not trimmed
    std::vector<std::string> problems_;
};

// Reads rows into cases; one per thread (it keeps scratch space between rows).
class CsvCaseReader {
public:
    explicit CsvCaseReader(const CsvCaseMapping& mapping) : mapping_(mapping), rules_(mapping.program().rules) {}

    // Reads one row (the cells of the line `line`) into `kase`, reusing its inputs and
    // arena.  Record `check` conditions are tested with `checks`.  Returns false when
    // the row is invalid; errors() and messages() then say why.
    bool read(const std::vector<std::string_view>& cells, std::uint32_t line, Case& kase, Evaluator& checks);

    // The errors of the last row: field = input path (the column name of a cell), message.
    const std::vector<FieldError>& errors() const { return errors_; }
    // The same as lines for people: `Spalte „birth_date“: ungültiges Datum …`.
    const std::vector<std::string>& messages() const { return messages_; }

private:
    using Node = CsvCaseMapping::Node;
    Value read_node(const Node& node, Arena& arena);
    Value read_scalar(const Node& node, std::string_view cell, Arena& arena);
    Value read_scalar_slow(const Node& node, std::string_view cell, Arena& arena);
    bool any_cell(const Node& node) const;
    void cell_error(const Node& node, std::string message);

    const CsvCaseMapping& mapping_;
    const RuleSet& rules_;
    const std::vector<std::string_view>* cells_ = nullptr;
    std::vector<FieldError> errors_;
    std::vector<std::string> messages_;
    std::vector<PendingCheck> pending_;  // records of the row with `check` conditions
};

}  // namespace klappt
