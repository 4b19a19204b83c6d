// age() and months_touched() use a fast day-number → date conversion (calendar.cpp);
// they must agree with plain year_month_day arithmetic everywhere, including far
// outside the dates cases use and across the switch to the slow path (±10 000 000 days).
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "engine/base/calendar.hpp"

using namespace klappt;

namespace {

int reference_age(calendar::Day birth, calendar::Day on) {
    date::year_month_day b{birth}, d{on};
    int years = int(d.year()) - int(b.year());
    if (unsigned(d.month()) * 100 + unsigned(d.day()) < unsigned(b.month()) * 100 + unsigned(b.day())) --years;
    return years;
}

std::int64_t reference_months(calendar::Day from, calendar::Day to) {
    if (to < from) return 0;
    date::year_month_day a{from}, b{to};
    return (int(b.year()) - int(a.year())) * 12 + (int(unsigned(b.month())) - int(unsigned(a.month()))) + 1;
}

}  // namespace

TEST_CASE("age and months_touched agree with year_month_day arithmetic on every day of 1890-2110", "[calendar]") {
    const std::int32_t first = calendar::day_number(date::sys_days{date::year{1890} / 1 / 1});
    const std::int32_t last = calendar::day_number(date::sys_days{date::year{2110} / 12 / 31});
    // Birth dates: every 29 February and month end of 1992-2008, plus some ordinary days.
    std::vector<std::int32_t> births;
    for (int y = 1992; y <= 2008; ++y)
        for (unsigned m = 1; m <= 12; ++m) {
            births.push_back(calendar::day_number(date::sys_days{date::year{y} / m / date::last}));
            births.push_back(calendar::day_number(date::sys_days{date::year{y} / m / 1}));
        }
    std::size_t checked = 0;
    for (std::int32_t birth : births)
        for (std::int32_t on = first; on <= last; on += 7 + (birth & 3)) {
            auto b = calendar::from_day_number(birth), d = calendar::from_day_number(on);
            if (calendar::age(b, d) != reference_age(b, d) || calendar::months_touched(b, d) != reference_months(b, d)) {
                INFO("birth " << calendar::iso(b) << ", on " << calendar::iso(d));
                CHECK(calendar::age(b, d) == reference_age(b, d));
                CHECK(calendar::months_touched(b, d) == reference_months(b, d));
            }
            ++checked;
        }
    CHECK(checked > 1'000'000);
}

TEST_CASE("the fast date conversion is exact at the edges of its range and beyond", "[calendar]") {
    for (std::int32_t centre : {0, -10'000'000, 10'000'000, -719'468, 2'000'000'000 / 4, -2'000'000'000 / 4}) {
        for (std::int32_t n = centre - 800; n <= centre + 800; ++n) {
            auto a = calendar::from_day_number(n), b = calendar::from_day_number(n + 400);
            REQUIRE(calendar::age(a, b) == reference_age(a, b));
            REQUIRE(calendar::months_touched(a, b) == reference_months(a, b));
        }
    }
}
