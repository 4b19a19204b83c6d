// Loading a finance run (klappt weiterleitung) into one case of the finance rule set
// (rules/finanzen): the Zuwendungsbescheid (YAML) becomes the input that the manifest
// declares as `weiterleitung: bescheid:`, the forwardings (a CSV exported from Excel, or
// YAML) the list input declared as `weiterleitung: liste:`, the check date the rule set's
// check-date input.  What the inputs mean is decided by the rules, and which inputs they are
// by the manifest; this file only reads values of their declared types.
//
// Forwardings as CSV: one row per forwarding; each header names a field of the list's
// record type by its label („Betrag“, „Prüfungsgebühren“) or its name (betrag,
// pruefungsgebuehren), compared without case, blanks and punctuation, ä = ae.  Cells follow
// the German Excel conventions: `;` (or `,`/tab), decimal comma and thousands dots
// (1.234,56), dates 31.12.2021 or 2021-12-31, ja/nein or WAHR/FALSCH, enum values by name
// or label, lists of texts separated by commas; UTF-8 with or without BOM.
//
// A row (or YAML element) with a malformed cell or a failed record check is reported
// with its line and column and left out; every other row is still checked.  A problem
// of the file as a whole (unreadable, a missing required column, a doubled column, a
// broken Bescheid) leaves nothing to evaluate.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "dsl/limits.hpp"
#include "engine/finance/record_rows.hpp"
#include "engine/runtime/case_data.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

// A whole finance run.
struct FinanceRun {
    std::unique_ptr<Case> kase;  // null when nothing can be evaluated
    Diagnostics diagnostics;     // every problem, rendered as file:line:col
    std::uint32_t rows = 0;      // forwardings read
    std::uint32_t rows_left_out = 0;
    std::vector<LeftOutRow> left_out;
    bool input_valid = true;     // false when anything was invalid (also when rows were only left out)
};

// `forwardings` is read as CSV unless its name ends in .yaml or .yml.  Inputs must be UTF-8;
// a CSV that is not is read as Windows-1252 (German Excel's plain CSV) with a warning.
// A CSV list of more than `max_rows` forwardings is refused (limits::kMaxForwardingRows).
FinanceRun load_finance_run(const Program& program, const SourceRef& bescheid, const SourceRef& forwardings,
                            DayNumber check_date, std::size_t max_rows = limits::kMaxForwardingRows);

}  // namespace klappt
