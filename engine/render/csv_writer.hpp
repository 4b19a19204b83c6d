// One cell of every CSV klappt writes (batch --format csv, report --csv,
// weiterleitung --csv): quoted when needed, and safe to open in Excel.
//
// CSV formula injection (OWASP „CSV Injection“): a spreadsheet treats a cell that
// starts with = + - @ (or a tab or carriage return before them) as a formula, so
// a case number like `=HYPERLINK("http://…")` from an input file would run when
// the finance office opens the table.  Such a cell is written with a leading
// apostrophe (`'=HYPERLINK(…)`) and in quotes, so Excel shows the text and runs
// nothing.  A cell that is wholly a number (`-5`, `-1.234,56`, `+3`, `-0.5`) is
// left as it is: Excel reads it as that number and nothing else, and numbers must
// stay numbers for the sums in the sheet.
#pragma once

#include <string>
#include <string_view>

namespace klappt {

// Whether a spreadsheet could read `cell` as a formula (and it is not a plain number).
bool csv_formula_like(std::string_view cell);

// Appends `cell` to `out`: neutralised when formula-like, and in double quotes (inner
// quotes doubled) when it holds the delimiter, a quote or a line break.
void append_csv_cell(std::string& out, std::string_view cell, char delimiter);

// The same as a new string.
std::string csv_cell(std::string_view cell, char delimiter);

}  // namespace klappt
