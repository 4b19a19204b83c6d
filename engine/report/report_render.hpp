// The Zwischenbilanz rendered: German text (people), CSV for Excel (`;`, decimal comma, UTF-8
// with BOM, header row) and JSON (machines).  Each reads a finished Report.
#pragma once

#include <string>
#include <vector>

#include "engine/report/report.hpp"

namespace klappt {

// The sentences of `markiert:` for the totals (one per marked count above zero that has one),
// numbers with German thousands dots.
std::vector<std::string> report_notes(const Report& report);

std::string report_text(const Report& report);
std::string report_csv(const Report& report);   // with BOM, CRLF line ends
std::string report_json(const Report& report);  // one object, newline at the end

}  // namespace klappt
