#include "engine/base/calendar.hpp"

#include <cstdio>
#include <cstring>

namespace klappt::calendar {

using namespace date;

namespace {

struct Civil {
    int year;
    unsigned month, day;
};

// Year, month and day of a day number.  age() and months_touched() run for every
// case of a batch, so they use the shortest exact algorithm known (Neri and
// Schneider, "Euclidean affine functions and their application to calendar
// algorithms", 2022: two multiplications instead of date's divisions).  Checked
// against year_month_day for every day from year -25 400 to 29 300; outside that
// range year_month_day is used.
[[gnu::noinline]] Civil civil_far(Day d) {
    year_month_day ymd{d};
    return {int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())};
}

inline Civil civil(Day d) {
    std::int32_t n = day_number(d);
    if (n < -10'000'000 || n > 10'000'000) return civil_far(d);
    constexpr std::uint32_t s = 82, K = 719468 + 146097 * s, L = 400 * s;
    std::uint32_t N = static_cast<std::uint32_t>(n) + K;
    std::uint32_t N_1 = 4 * N + 3;
    std::uint32_t C = N_1 / 146097;
    std::uint32_t N_C = N_1 % 146097 / 4;
    std::uint32_t N_2 = 4 * N_C + 3;
    std::uint64_t P_2 = std::uint64_t{2939745} * N_2;
    auto Z = static_cast<std::uint32_t>(P_2 / 4294967296);
    std::uint32_t N_Y = static_cast<std::uint32_t>(P_2 % 4294967296) / 2939745 / 4;
    std::uint32_t Y = 100 * C + Z;
    std::uint32_t N_3 = 2141 * N_Y + 197913;
    std::uint32_t M = N_3 / 65536;
    std::uint32_t D = N_3 % 65536 / 2141;
    std::uint32_t J = N_Y >= 306;  // January and February belong to the next year
    return {static_cast<int>(Y - L + J), J ? M - 12 : M, D + 1};
}

}  // namespace

int age(Day birth, Day on) {
    Civil b = civil(birth), d = civil(on);
    int years = d.year - b.year;
    // Compare (month, day): a 29-February birthday is "not yet reached" on 28 February
    // and reached on 1 March in a non-leap year, exactly as §§ 187, 188 BGB require.
    unsigned bmd = b.month * 100 + b.day;
    unsigned dmd = d.month * 100 + d.day;
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
    Civil a = civil(from), b = civil(to);
    return (b.year - a.year) * 12 + (static_cast<int>(b.month) - static_cast<int>(a.month)) + 1;
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

std::optional<Day> parse_spreadsheet(std::string_view text) {
    if (auto day = parse(text)) return day;
    // D.M.YYYY with one or two digits for day and month.
    std::size_t first = text.find('.'), second = first == std::string_view::npos ? first : text.find('.', first + 1);
    if (second == std::string_view::npos || first < 1 || first > 2 || second - first - 1 < 1 || second - first - 1 > 2 ||
        text.size() - second - 1 != 4)
        return std::nullopt;
    int y, m, d;
    if (!digits(text.substr(0, first), d) || !digits(text.substr(first + 1, second - first - 1), m) ||
        !digits(text.substr(second + 1), y))
        return std::nullopt;
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

char* write_iso(char* p, Day d) {
    Civil c = civil(d);
    if (c.year < 0 || c.year > 9999) {
        std::string far = iso(d);
        std::memcpy(p, far.data(), far.size());
        return p + far.size();
    }
    auto year = static_cast<unsigned>(c.year);
    *p++ = static_cast<char>('0' + year / 1000);
    *p++ = static_cast<char>('0' + year / 100 % 10);
    *p++ = static_cast<char>('0' + year / 10 % 10);
    *p++ = static_cast<char>('0' + year % 10);
    *p++ = '-';
    *p++ = static_cast<char>('0' + c.month / 10);
    *p++ = static_cast<char>('0' + c.month % 10);
    *p++ = '-';
    *p++ = static_cast<char>('0' + c.day / 10);
    *p++ = static_cast<char>('0' + c.day % 10);
    return p;
}

std::string german(Day d) {
    year_month_day ymd{d};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u.%02u.%04d", unsigned(ymd.day()), unsigned(ymd.month()), int(ymd.year()));
    return buf;
}

}  // namespace klappt::calendar
