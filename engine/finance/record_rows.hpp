// The elements of a list input read from a file — a CSV exported from Excel or a YAML list —
// each row checked on its own: a row with a malformed cell or a failed record check is
// reported with its line and column and left out, every other row is still read.  The finance
// run reads its forwardings this way (forwarding_loader.hpp); the CSV conventions are there.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "dsl/limits.hpp"
#include "engine/runtime/case_data.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

class Evaluator;

// An input row that was left out, for the report: its line, the column (CSV header or
// YAML field path) and what is wrong.
struct LeftOutRow {
    std::uint32_t line = 0;
    std::string column;
    std::string message;
};

// The elements of a list input read from a file.
struct RecordRows {
    Value list = Value::list_ref(nullptr, 0);  // the valid rows, in file order, allocated in the case arena
    std::uint32_t rows = 0;                     // rows (elements) read, valid or not
    std::vector<LeftOutRow> left_out;           // one entry per problem of a row that was left out
    std::uint32_t rows_left_out = 0;
    bool usable = false;                        // false: the file as a whole cannot be used
    Diagnostics diagnostics;                    // file:line:col for every problem and warning
};

// Reads a CSV file as the elements (records) of the list input `input`.  Record `check`
// conditions are tested with `checks` on `kase` (whose inputs must be sized, with the check date set).
// A file with more than `max_rows` data rows is refused as a whole (limits::kMaxForwardingRows).
RecordRows read_rows_csv(const Program& program, std::uint32_t input, const SourceRef& file, Case& kase,
                         Evaluator& checks, std::size_t max_rows = limits::kMaxForwardingRows);

// Reads a YAML file holding a list (`- {…}` entries at the top level) as the elements of the list input `input`.
RecordRows read_rows_yaml(const Program& program, std::uint32_t input, const SourceRef& file, Case& kase,
                          Evaluator& checks);

// Normalises a CSV header or a field label/name for matching: lower case, umlauts as
// ae/oe/ue, ß as ss, without blanks and punctuation („Prüfungs-Gebühren (€)“ → pruefungsgebuehren).
std::string header_key(std::string_view text);

}  // namespace klappt
