// Editing io.md case text in tests: rule-test cases carry their check date beside the case
// (`stichtag:` of the test), which a test that reads the case as a file must write into it.
#pragma once

#include <string>

#include "engine/base/calendar.hpp"

namespace klappt::testing {

// A day number from year, month, day (tests write dates this way).
inline DayNumber day(int y, unsigned m, unsigned d) {
    return calendar::day_number(date::sys_days{date::year{y} / date::month{m} / date::day{d}});
}
inline std::string iso(DayNumber d) { return calendar::iso(calendar::from_day_number(d)); }

// `yaml` with its top-level `stichtag:` line replaced by `date` (or one added).
inline std::string replace_check_date(const std::string& yaml, const std::string& date) {
    std::string out;
    std::size_t pos = 0;
    bool done = false;
    while (pos < yaml.size()) {
        std::size_t eol = yaml.find('\n', pos);
        if (eol == std::string::npos) eol = yaml.size();
        std::string line = yaml.substr(pos, eol - pos);
        if (line.rfind("stichtag:", 0) == 0) {
            line = "stichtag: " + date;
            done = true;
        }
        out += line + "\n";
        pos = eol + 1;
    }
    if (!done) out += "stichtag: " + date + "\n";
    return out;
}

}  // namespace klappt::testing
