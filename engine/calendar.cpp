#include "engine/calendar.hpp"

#include <cstdio>

namespace klappt::calendar {

using namespace date;

int age(Day birth, Day on) {
    year_month_day b{birth}, d{on};
    int years = int(d.year()) - int(b.year());
    // Compare (month, day): a 29-February birthday is "not yet reached" on 28 February
    // and reached on 1 March in a non-leap year, exactly as §§ 187, 188 BGB require.
    unsigned bmd = unsigned(b.month()) * 100 + unsigned(b.day());
    unsigned dmd = unsigned(d.month()) * 100 + unsigned(d.day());
    if (dmd < bmd) --years;
    return years;
}

Day birthday(Day birth, int years) {
    year_month_day b{birth};
    year_month_day target{b.year() + date::years{years}, b.month(), b.day()};
    if (target.ok()) return sys_days{target};
    // Born on 29 February, and the target year has none: the birthday is 1 March (§ 188 Abs. 3 BGB).
    return sys_days{year_month_day{target.year(), month{3}, day{1}}};
}

Day add_months(Day d, std::int64_t months) {
    year_month_day ymd{d};
    year_month ym = year_month{ymd.year(), ymd.month()} + date::months{months};
    day last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
    return sys_days{year_month_day{ym.year(), ym.month(), ymd.day() <= last ? ymd.day() : last}};
}

Day add_years(Day d, std::int64_t years) { return add_months(d, years * 12); }

std::int64_t days_inclusive(Day from, Day to) {
    if (to < from) return 0;
    return (to - from).count() + 1;
}

std::int64_t months_touched(Day from, Day to) {
    if (to < from) return 0;
    year_month_day a{from}, b{to};
    return (int(b.year()) - int(a.year())) * 12 + (int(unsigned(b.month())) - int(unsigned(a.month()))) + 1;
}

std::int64_t full_months(Day from, Day to) {
    if (to < from) return 0;
    year_month_day a{from}, b{to};
    // The first whole month starts on the 1st at or after `from`; the last whole month ends at or before `to`.
    year_month first = year_month{a.year(), a.month()} + date::months{unsigned(a.day()) == 1 ? 0 : 1};
    year_month last = year_month{b.year(), b.month()};
    if (year_month_day_last{b.year(), month_day_last{b.month()}}.day() != b.day()) last -= date::months{1};
    auto count = (int(last.year()) - int(first.year())) * 12 + (int(unsigned(last.month())) - int(unsigned(first.month()))) + 1;
    return count > 0 ? count : 0;
}

namespace {

bool digits(std::string_view s, int& out) {
    if (s.empty()) return false;
    out = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

}  // namespace

std::optional<Day> parse(std::string_view text) {
    int y, m, d;
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        if (!digits(text.substr(0, 4), y) || !digits(text.substr(5, 2), m) || !digits(text.substr(8, 2), d))
            return std::nullopt;
    } else if (text.size() == 10 && text[2] == '.' && text[5] == '.') {
        if (!digits(text.substr(0, 2), d) || !digits(text.substr(3, 2), m) || !digits(text.substr(6, 4), y))
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd};
}

std::string iso(Day d) {
    year_month_day ymd{d};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
    return buf;
}

std::string german(Day d) {
    year_month_day ymd{d};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u.%02u.%04d", unsigned(ymd.day()), unsigned(ymd.month()), int(ymd.year()));
    return buf;
}

}  // namespace klappt::calendar
