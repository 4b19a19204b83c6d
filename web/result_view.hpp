// The result beside the form, rendered from the one result value: the io.md JSON
// line that `klappt check --json` prints for the case (and /api/check returns).
// Labels come from the rule set (output and enum labels), amounts and dates are
// shown the German way; nothing here decides anything.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/runtime/program.hpp"
#include "web/checking.hpp"

namespace klappt::web {

struct ResultExtras {
    std::string timeline_svg;   // the case's timeline chart ("" when none)
    std::string timeline_text;  // the same as text (for screen readers and print)
    std::string ways_html;      // "what would make it work" ("" when not available)
};

// The result panel for one checked case (valid or not).
std::string render_result(const Program& program, const CheckedCase& checked, const ResultExtras& extras);

// A short verdict for the case list: "förderfähig (2 von 3 Maßnahmen)", "nicht förderfähig", "unvollständig".
std::string short_verdict(const CheckedCase& checked);

// Labels and German values of a rule set's outputs, for every view that reads a result JSON:
// the label of output `name` (of the top level, or of `module`), the module of a list
// output's elements, and a value shown by its declared type (euro, date, enum label).
std::string output_label(const Program& program, std::optional<std::uint32_t> module, const std::string& name);
std::optional<std::uint32_t> list_module(const Program& program, const std::string& name);
std::string shown_value(const Program& program, std::optional<std::uint32_t> module, const std::string& name,
                        const nlohmann::ordered_json& v);

}  // namespace klappt::web
