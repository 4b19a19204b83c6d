// Replaying recorded checks: with the rule set they were made with (is the result
// still byte-identical?) and under new rules (a Nachberechnung after an amendment:
// which cases change in target group, fundability, amounts, dates; totals per Baustein).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/program.hpp"
#include "engine/protokoll/protokoll.hpp"

namespace klappt::protokoll {

// One value of the result that differs: a path into the result JSON (massnahmen.1.betrag).
struct Difference {
    std::string field, before, after;  // JSON texts; "" when the field is missing on that side
};

struct Replay {
    std::int64_t nr = 0;
    std::string case_id;
    bool identical = false;                  // result and explanation byte for byte
    bool result_identical = false, explanation_identical = false;
    std::string result_json, explanation;    // as rendered now
    std::vector<Difference> differences;     // of the result (empty when only the explanation differs)
    std::vector<std::string> explanation_lines;  // the first differing lines: "Zeile N: alt | neu"
};

// The check record `nr` evaluated again with the rule set stored with it (or with
// `rules` when given).  Throws Error(invalid_input) for a record that is no check, whose
// personal data was deleted, or whose facts no longer load.
Replay replay(const Store& store, std::int64_t nr, const Program* rules = nullptr);

// Differences between two results: every scalar that differs, by path; `regeln` (the
// rule set's identity) and `gruende` (texts of the reasons) are left out.
std::vector<Difference> result_differences(const std::string& before_json, const std::string& after_json);

struct BausteinTotal {
    std::string baustein;  // as the results name it (from the rules, never from C++)
    std::int64_t before_cents = 0, after_cents = 0;
};

struct Recalculation {
    std::int64_t checks = 0;           // latest check per case within the range
    std::vector<Replay> changed;       // cases whose result changes
    std::vector<std::string> skipped;  // "Fall X (Eintrag N): why" — deleted data, facts invalid under the new rules
    std::vector<BausteinTotal> totals; // sum of `betrag` over the fundable measures, before and after
};

// The latest check of every case whose check date (stichtag) is within [from, to],
// evaluated under `rules` and compared with what was recorded.
Recalculation recalculate(const Store& store, const Program& rules, std::optional<DayNumber> from = std::nullopt,
                          std::optional<DayNumber> to = std::nullopt);

}  // namespace klappt::protokoll
