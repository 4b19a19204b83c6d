#include "engine/input/parameter_coverage.hpp"

#include <algorithm>
#include <limits>

#include "dsl/references.hpp"
#include "engine/base/calendar.hpp"

namespace klappt {

namespace {

constexpr DayNumber kOpenStart = std::numeric_limits<DayNumber>::min();

std::string day_text(DayNumber d) { return calendar::german(calendar::from_day_number(d)); }

}  // namespace

void check_parameter_coverage(const Program& program, Diagnostics& diagnostics) {
    const RuleSet& rules = program.rules;
    // The first day a rule can ask about: the earliest `ab:` of any parameter.
    DayNumber start = std::numeric_limits<DayNumber>::max();
    for (const auto& p : program.parameters)
        for (const auto& v : p.versions)
            if (v.from != kOpenStart) start = std::min(start, v.from);
    if (start == std::numeric_limits<DayNumber>::max()) return;  // every value holds always

    References refs = compute_references(rules);
    for (std::uint32_t p = 0; p < rules.params.size() && p < program.parameters.size(); ++p) {
        if (refs.param_users[p].empty()) continue;  // unused: a lint of its own
        const Parameter& param = program.parameters[p];
        bool optional = rules.types.is_optional(rules.params[p].type);
        auto [um, ud] = refs.definition_at[refs.param_users[p].front()];
        std::string user = rules.qualified_name(um, ud);
        SourceRef file = param.file ? param.file : rules.params[p].file;
        Span span = param.file ? param.span : rules.params[p].span;
        auto warn = [&](const std::string& message) {
            diagnostics.warning(file, span, "Parameter „" + param.name + "“ " + message + "; verwendet von " + user)
                .code = kCoverageLintId;
        };
        if (param.versions.empty()) continue;  // no values at all is an error elsewhere (or none for T?)
        // Versions are sorted by `from`; a later version ends an open earlier one (that is how
        // `ab:` reads), but an earlier one with `bis:` past the next `ab:` claims days twice.
        DayNumber covered_to = start - 1;  // the last day known to have a value
        for (std::size_t i = 0; i < param.versions.size(); ++i) {
            const auto& v = param.versions[i];
            if (i > 0) {
                const auto& prev = param.versions[i - 1];
                if (prev.from == v.from)
                    warn("hat ab " + day_text(std::max(v.from, start)) + " zwei Werte");
                else if (prev.to != kOpenEnd && prev.to >= v.from && prev.to >= start)
                    warn("hat vom " + day_text(std::max(v.from, start)) + " bis " + day_text(std::min(prev.to, v.to)) +
                         " zwei gültige Werte (bis: der einen Fassung reicht über ab: der nächsten)");
            }
            if (v.to < start) continue;
            DayNumber from = std::max(v.from, start);
            if (from > covered_to + 1 && !optional)
                warn("hat vom " + day_text(covered_to + 1) + " bis " + day_text(from - 1) + " keinen gültigen Wert");
            covered_to = v.to == kOpenEnd ? kOpenEnd : std::max(covered_to, v.to);
            if (covered_to == kOpenEnd && i + 1 < param.versions.size()) covered_to = param.versions[i + 1].from - 1;
        }
        if (covered_to != kOpenEnd && !optional)
            warn("hat ab " + day_text(covered_to + 1) + " keinen gültigen Wert");
    }
}

}  // namespace klappt
