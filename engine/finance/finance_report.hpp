// The report of a finance run (klappt weiterleitung) in three forms, all read off the
// outputs of the finance rule set's top-level modules, in declaration order:
//
//   text  German, for people: single values as „Bezeichnung: Wert“, records as indented
//         lines, lists of records or module results as tables of their single values,
//         with nested lists (a forwarding's violations) as lines under each row;
//   CSV   for Excel (German conventions: UTF-8 with BOM, `;`, decimal comma without €,
//         dates TT.MM.JJJJ, CRLF): one row per element of the list output that the manifest
//         declares (`weiterleitung: tabelle:`), one column per single value, nested lists
//         joined into one cell;
//   JSON  one object: check date, rule-set identity, every output (as klappt check --json),
//         plus the input rows that were left out.
//
// Input rows that could not be read are never silently missing: all three forms list
// them as „nicht geprüft“ (line, column, problem) and say that sums and results are
// incomplete without them.
//
// Nothing here knows what a forwarding, a Baustein or a violation is: labels, order and
// content come from the rules.  Every form reads one evaluated CaseResult of the finance
// case (CaseRunner::run: every output and the outputs of the module results in them are
// evaluated before the first piece is written, so no half report is ever written).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/finance/forwarding_loader.hpp"
#include "engine/result/case_result.hpp"

namespace klappt {

// Receives a report piece by piece (about 64 KiB at a time): a report of hundreds of
// thousands of forwardings goes straight to its stream or file and is never held whole.
using ReportWriter = std::function<void(std::string_view)>;

// `result` must be evaluated (CaseResult::evaluated).
void write_finance_report_text(const CaseResult& result, const FinanceRun& run, const ReportWriter& writer);
// `run`: its rows left out follow the table (as „nicht geprüft“); without it only the table.
void write_finance_report_csv(const CaseResult& result, const FinanceRun* run, const ReportWriter& writer);

// The same reports as one string (tests, the web desk, small runs).
std::string finance_report_text(const CaseResult& result, const FinanceRun& run);
std::string finance_report_csv(const CaseResult& result, const FinanceRun* run = nullptr);
std::string finance_report_json(const CaseResult& result, const FinanceRun& run);

// The verdict of an evaluated finance run, from the outputs the manifest declares
// (`weiterleitung: urteil:` and `ergebnis:`).
struct FinanceVerdict {
    bool in_order = false;  // every forwarding in order: exit code 0
    std::string sentence;   // the same in words, e.g. „alle 12 Weiterleitungen in Ordnung“
};
FinanceVerdict finance_verdict(const CaseResult& result);

}  // namespace klappt
