// Pieces of random cases of the bundled rules (rules/), shared by the generators of
// fragen_test, wege_test and timeline_test: the values the rules accept and a measure.  Each
// generator keeps its own mix and order of random choices; these pieces draw theirs in the
// order written here.
#pragma once

#include <string>

#include "support/case_text.hpp"

namespace klappt::testing::bundled_case {

inline constexpr const char* kStatuses[] = {"duldung", "gestattung", "aufenthaltserlaubnis", "eu_buerger", "sonstiger"};
inline constexpr const char* kBausteine[] = {"F1", "F2", "F3", "F4", "F5", "F6"};
inline constexpr const char* kTraeger[] = {"vhs", "weiterbildung_14_wbg", "schultraeger_apo_wbk",
                                           "berufskolleg_teilzeit_av", "bildungstraeger", "sonstiger"};
// Check dates under each programme-end version.
inline constexpr const char* kStichtage[] = {"2019-11-15", "2020-05-01", "2022-03-01", "2022-08-01", "2023-02-01"};

// A random measure up to its course hours, `  - {baustein: …, beginn: …, ende: …, eintritt: …
// [, traegerart: …], unterrichtsstunden: …`, without the closing brace (a generator may add
// fields).  `pick(lo, hi)` draws a number, `some_day(lo, hi)` a day in [lo, hi]; the entry lies
// between the start and `late_entry_days` after the end.
template <typename Pick, typename SomeDay>
std::string random_measure(Pick&& pick, SomeDay&& some_day, int late_entry_days = 0) {
    DayNumber begin = some_day(day(2019, 6, 1), day(2023, 3, 1));
    DayNumber end = some_day(begin, begin + 700);
    DayNumber entry = begin + pick(0, end - begin + late_entry_days);
    std::string out = std::string("  - {baustein: ") + kBausteine[pick(0, 5)] + ", beginn: " + iso(begin) +
                      ", ende: " + iso(end) + ", eintritt: " + iso(entry);
    if (pick(0, 3)) out += std::string(", traegerart: ") + kTraeger[pick(0, 5)];
    out += ", unterrichtsstunden: " + std::to_string(pick(0, 600));
    return out;
}

}  // namespace klappt::testing::bundled_case
