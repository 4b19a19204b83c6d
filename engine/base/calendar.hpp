// Dates with German-law semantics, all in one place.
//
// Age and deadlines follow §§ 187 Abs. 2, 188 Abs. 2/3 BGB:
// - a year of life is completed at the end of the day before the birthday, so
//   the new age counts from the birthday itself;
// - someone born on 29 February has the birthday on 1 March in non-leap years
//   (the day before the missing 29th ends the year of life, § 188 Abs. 3);
// - adding months or years to a date keeps the day of the month and clamps to
//   the last day of a shorter month (2021-01-31 + 1 month = 2021-02-28).
// Day counts are inclusive: both the first and the last day count.
#pragma once

#include <date/date.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace klappt::calendar {

using Day = date::sys_days;

inline std::int32_t day_number(Day d) { return static_cast<std::int32_t>(d.time_since_epoch().count()); }
inline Day from_day_number(std::int32_t n) { return Day{date::days{n}}; }

// Completed years of life on day `on` for someone born on `birth`.
int age(Day birth, Day on);

// The day on which someone born on `birth` reaches `years` completed years.
Day birthday(Day birth, int years);

// d + n months, clamped to the month's last day (§ 188 Abs. 3 BGB).
// The result must lie within date::year's range (±32 767): callers bound n
// (the evaluator allows ±100 000 months); beyond that the result is unspecified.
Day add_months(Day d, std::int64_t months);
Day add_years(Day d, std::int64_t years);

// Calendar days from `from` to `to`, both included; 0 when `to` is before `from`.
std::int64_t days_inclusive(Day from, Day to);

// Calendar months touched by the period (2021-01-31..2021-02-01 → 2); 0 when empty.
std::int64_t months_touched(Day from, Day to);

// Calendar months lying wholly inside the period (2021-01-15..2021-04-10 → 2: February
// and March); 0 when none.
std::int64_t full_months(Day from, Day to);

// Parses `2021-03-15` or `15.03.2021`; nullopt for anything else, including
// impossible dates such as 30.02.2001.
std::optional<Day> parse(std::string_view text);

// As parse, and also German dates without leading zeros (`1.1.2021`, `5.12.2021`) as
// Excel writes them from cells formatted as text — for CSV cells only; the year always
// has four digits.
std::optional<Day> parse_spreadsheet(std::string_view text);

// The day of a civil date known to exist (the caller has checked month and day).
inline Day from_civil(int year, unsigned month, unsigned day) {
    return Day{date::year_month_day{date::year{year}, date::month{month}, date::day{day}}};
}

std::string iso(Day d);     // 2021-03-15
// The same written at `p` without a temporary string (at most 16 characters; returns the end):
// klappt batch writes one per date in its output.
char* write_iso(char* p, Day d);
std::string german(Day d);  // 15.03.2021

}  // namespace klappt::calendar
