// `klappt batch --format csv`: the results as a table that German Excel opens as it is
// (issue 10, item 8): `;` between cells, decimal comma, dates TT.MM.JJJJ, ja/nein, enum
// values by their label, UTF-8 with BOM (optional), CRLF, one column per output and no
// JSON in a cell.  Every cell goes through engine/render/csv_writer (quoting, formula guard).
//
// The columns come from the rule set's outputs: a record or module value is split into
// one column per part („Summe: Betrag“); the first list of records or module values (the
// measures) gives one row per entry with a column „Nr.“, the case's own columns repeated
// on each of its rows (a case without entries has one row); any other list is one cell,
// its entries joined by „ | “ (reasons as „✓ text“ / „✗ text“).  Headers are the labels.
#pragma once

#include <string>
#include <vector>

#include "engine/runtime/case_data.hpp"
#include "engine/result/case_result.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

class GermanCsvTable {
public:
    GermanCsvTable(const Program& program, bool bom);

    // The header line (with the BOM when asked for), ending in CRLF.
    std::string header() const;
    // The rows of an evaluated case, each ending in CRLF.
    void write_case(const CaseResult& result, std::string& out) const;
    // The row of a case that could not be evaluated: its id and the messages in „Fehler“.
    void write_error(const std::string& id, const std::vector<FieldError>& errors, std::string& out) const;

private:
    // How a column's value is reached: from the case (an output, then parts) or from the
    // entry of the row list.
    struct Step {
        enum class Kind { output, field, member } kind;
        std::uint32_t index;
    };
    struct Column {
        std::string title;
        std::vector<Step> path;
        TypeId type = 0;
        bool per_entry = false;  // read from the row list's entry
        bool is_number = false;  // the entry number „Nr.“
    };
    void add_columns(const std::string& title, TypeId type, std::vector<Step> path, bool per_entry);
    std::string cell(const Value& v, TypeId type) const;
    static Value resolve(const CaseResult& result, Value v, const std::vector<Step>& path, std::size_t from);

    const Program& program_;
    bool bom_;
    std::vector<Column> columns_;
    std::optional<std::uint32_t> row_list_;  // output index of the list that gives one row per entry
    bool row_list_records_ = false;          // its entries are records (else module values)
};

}  // namespace klappt
