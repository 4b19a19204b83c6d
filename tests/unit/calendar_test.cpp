// engine/base/calendar.hpp: age and birthdays after §§ 187 Abs. 2, 188 BGB, month
// arithmetic clamped to the month end, inclusive day and month counts, and the
// two date notations of the case files (io.md).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <string>

#include "engine/base/calendar.hpp"
#include "support/golden.hpp"
#include "support/parser_table.hpp"

using namespace klappt;
using calendar::Day;
using testing::check_reads;
using testing::check_refuses;

// Failed checks print dates as ISO text.
namespace Catch {
template <>
struct StringMaker<Day> {
    static std::string convert(Day day) { return klappt::calendar::iso(day); }
};
template <>
struct StringMaker<std::optional<Day>> {
    static std::string convert(const std::optional<Day>& day) { return day ? klappt::calendar::iso(*day) : "nullopt"; }
};
}  // namespace Catch

namespace {

// A date that must exist; a typo in a test fails loudly instead of yielding 1970-01-01.
Day d(const char* iso) {
    auto parsed = calendar::parse(iso);
    if (!parsed) FAIL("test date does not parse: " << iso);
    return *parsed;
}

Day ymd(int y, unsigned m, unsigned day) { return date::sys_days{date::year{y} / date::month{m} / date::day{day}}; }

// ISO and German dates with leading zeros and the day each is: what parse reads, and
// parse_spreadsheet as well.
const std::initializer_list<std::pair<const char*, Day>> kDatesWithLeadingZeros = {
    {"2021-03-15", ymd(2021, 3, 15)},
    {"15.03.2021", ymd(2021, 3, 15)},
    {"2020-02-29", ymd(2020, 2, 29)},
    {"29.02.2020", ymd(2020, 2, 29)},
    {"2000-02-29", ymd(2000, 2, 29)},
    {"1970-01-01", ymd(1970, 1, 1)},
    {"31.12.1999", ymd(1999, 12, 31)},
};

// Rows {day, age}: the age in completed years of someone born on `birth`, on each day.
void check_ages(const char* birth, std::initializer_list<std::pair<const char*, int>> rows) {
    for (const auto& [on, age] : rows) {
        INFO("born " << birth << ", on " << on);
        CHECK(calendar::age(d(birth), d(on)) == age);
    }
}

}  // namespace

TEST_CASE("age: a year of life is completed on the birthday (§ 187 Abs. 2 BGB)", "[calendar][age]") {
    check_ages("2002-03-15", {
        {"2020-03-14", 17},
        {"2020-03-15", 18},
        {"2020-03-16", 18},
        {"2021-03-14", 18},
        {"2021-03-15", 19},
        {"2002-03-15", 0},
        {"2002-12-31", 0},
        {"2003-03-15", 1},
    });
}

TEST_CASE("age: born on 29 February becomes older on 1 March in non-leap years", "[calendar][age]") {
    check_ages("2004-02-29", {
        {"2022-02-27", 17},
        {"2022-02-28", 17},
        {"2022-03-01", 18},
        {"2021-03-01", 17},
        {"2021-02-28", 16},
    });
}

TEST_CASE("age: born on 29 February has the birthday itself in leap years", "[calendar][age]") {
    check_ages("2000-02-29", {
        {"2020-02-28", 19},
        {"2020-02-29", 20},
        {"2020-03-01", 20},
        // 2100 is not a leap year (divisible by 100, not by 400): 1 March again.
        {"2100-02-28", 99},
        {"2100-03-01", 100},
    });
}

TEST_CASE("age: the day before the 28th birthday is the last day aged 27", "[calendar][age]") {
    Day birth = d("1995-01-01");
    Day last_eligible = d("2022-12-31");
    CHECK(calendar::age(birth, last_eligible) == 27);
    CHECK(calendar::age(birth, d("2023-01-01")) == 28);
    CHECK(calendar::birthday(birth, 28) - date::days{1} == last_eligible);

    Day leap = d("1992-02-29");
    CHECK(calendar::age(leap, d("2020-02-28")) == 27);
    CHECK(calendar::age(leap, d("2020-02-29")) == 28);
}

TEST_CASE("age agrees with the 28 hand-computed edge cases of the throughput benchmark", "[calendar][age][fixture]") {
    // tests/unit/data/bench_edge_cases.json is a byte-identical copy of
    // ../shared/bench/fixtures/edge-cases.json (public reference data of the
    // benchmark workload, see tests/unit/data/README.md), kept here so a clean
    // clone of this repository can run the test.
    auto path = testing::test_dir() / "unit" / "data" / "bench_edge_cases.json";
    std::ifstream in(path);
    REQUIRE(in.good());
    nlohmann::json fixture = nlohmann::json::parse(in);
    const auto& cases = fixture.at("cases");
    REQUIRE(cases.size() == 28);
    for (const auto& c : cases) {
        std::string birth = c.at("birth_date").get<std::string>();
        std::string entry = c.at("entry_date").get<std::string>();
        INFO("case " << c.at("id").get<int>() << ": born " << birth << ", entry " << entry << " — "
                     << c.at("note").get<std::string>());
        auto b = calendar::parse(birth);
        auto e = calendar::parse(entry);
        REQUIRE(b.has_value());
        REQUIRE(e.has_value());
        CHECK(calendar::age(*b, *e) == c.at("expect").at("age").get<int>());
    }
}

TEST_CASE("birthday: the day a given age is reached", "[calendar][birthday]") {
    CHECK(calendar::birthday(d("2002-03-15"), 18) == d("2020-03-15"));
    CHECK(calendar::birthday(d("2002-03-15"), 28) == d("2030-03-15"));
    CHECK(calendar::birthday(d("2002-03-15"), 0) == d("2002-03-15"));
    CHECK(calendar::birthday(d("2004-02-29"), 18) == d("2022-03-01"));
    CHECK(calendar::birthday(d("2004-02-29"), 16) == d("2020-02-29"));
    CHECK(calendar::birthday(d("2000-02-29"), 20) == d("2020-02-29"));
    CHECK(calendar::birthday(d("2000-02-29"), 100) == d("2100-03-01"));
    CHECK(calendar::birthday(d("1992-02-29"), 28) == d("2020-02-29"));
    CHECK(calendar::birthday(d("1995-02-28"), 28) == d("2023-02-28"));
    CHECK(calendar::birthday(d("2003-12-31"), 18) == d("2021-12-31"));
    // Consistent with age(): on the birthday the age is reached, the day before it is not.
    for (Day birth : {d("2004-02-29"), d("2000-02-29"), d("2001-05-17"), d("2003-12-31"), d("2005-01-01")}) {
        for (int years : {1, 17, 18, 27, 28}) {
            INFO(calendar::iso(birth) << " + " << years);
            Day day = calendar::birthday(birth, years);
            CHECK(calendar::age(birth, day) == years);
            CHECK(calendar::age(birth, day - date::days{1}) == years - 1);
        }
    }
}

TEST_CASE("add_months keeps the day and clamps to the month end (§ 188 Abs. 3 BGB)", "[calendar][months]") {
    CHECK(calendar::add_months(d("2021-01-31"), 1) == d("2021-02-28"));
    CHECK(calendar::add_months(d("2020-01-31"), 1) == d("2020-02-29"));
    CHECK(calendar::add_months(d("2021-03-31"), -1) == d("2021-02-28"));
    CHECK(calendar::add_months(d("2021-03-31"), 1) == d("2021-04-30"));
    CHECK(calendar::add_months(d("2021-01-15"), 1) == d("2021-02-15"));
    CHECK(calendar::add_months(d("2021-01-31"), 0) == d("2021-01-31"));
    CHECK(calendar::add_months(d("2021-12-31"), 1) == d("2022-01-31"));
    CHECK(calendar::add_months(d("2021-01-01"), -1) == d("2020-12-01"));
    CHECK(calendar::add_months(d("2021-08-31"), 6) == d("2022-02-28"));
    // No drift back: each step starts from the original day of the month.
    CHECK(calendar::add_months(calendar::add_months(d("2021-01-31"), 1), 1) == d("2021-03-28"));
    CHECK(calendar::add_months(d("2021-01-31"), 2) == d("2021-03-31"));
}

TEST_CASE("add_months with large and negative counts", "[calendar][months]") {
    CHECK(calendar::add_months(d("2021-03-31"), -13) == d("2020-02-29"));
    CHECK(calendar::add_months(d("2021-03-31"), -12) == d("2020-03-31"));
    CHECK(calendar::add_months(d("2021-01-01"), -24) == d("2019-01-01"));
    CHECK(calendar::add_months(d("2021-01-31"), 1200) == d("2121-01-31"));
    CHECK(calendar::add_months(d("2021-01-31"), -1200) == d("1921-01-31"));
    CHECK(calendar::add_months(d("2020-02-29"), 12 * 80 + 1) == d("2100-03-29"));
    CHECK(calendar::add_months(d("2020-02-29"), 12 * 80) == d("2100-02-28"));
    // The evaluator's bound (±100 000 months) stays inside the representable years.
    CHECK(calendar::add_months(d("2021-05-31"), 100000) == ymd(10354, 9, 30));
    CHECK(calendar::add_months(d("2021-05-31"), -100000) == ymd(-6312, 1, 31));
    CHECK(calendar::add_months(calendar::add_months(d("2021-05-15"), 100000), -100000) == d("2021-05-15"));
}

TEST_CASE("add_years: 29 February clamps to 28 February, unlike a birthday", "[calendar][months]") {
    CHECK(calendar::add_years(d("2020-02-29"), 1) == d("2021-02-28"));
    CHECK(calendar::add_years(d("2020-02-29"), 4) == d("2024-02-29"));
    CHECK(calendar::add_years(d("2020-02-29"), -1) == d("2019-02-28"));
    CHECK(calendar::add_years(d("2020-02-29"), 80) == d("2100-02-28"));
    CHECK(calendar::add_years(d("2021-03-15"), 0) == d("2021-03-15"));
    CHECK(calendar::add_years(d("2021-03-15"), -21) == d("2000-03-15"));
    CHECK(calendar::add_years(d("2001-05-17"), 28) == d("2029-05-17"));
    // The birthday of someone born on 29 February is 1 March (§ 188 Abs. 3 for years of life).
    CHECK(calendar::birthday(d("2020-02-29"), 1) == d("2021-03-01"));
}

TEST_CASE("days_inclusive counts both the first and the last day", "[calendar][days]") {
    CHECK(calendar::days_inclusive(d("2021-03-15"), d("2021-03-15")) == 1);
    CHECK(calendar::days_inclusive(d("2021-03-15"), d("2021-03-16")) == 2);
    CHECK(calendar::days_inclusive(d("2021-03-16"), d("2021-03-15")) == 0);
    CHECK(calendar::days_inclusive(d("2022-01-01"), d("2021-01-01")) == 0);
    CHECK(calendar::days_inclusive(d("2020-02-28"), d("2020-03-01")) == 3);
    CHECK(calendar::days_inclusive(d("2021-02-28"), d("2021-03-01")) == 2);
    CHECK(calendar::days_inclusive(d("2020-01-01"), d("2020-12-31")) == 366);
    CHECK(calendar::days_inclusive(d("2021-01-01"), d("2021-12-31")) == 365);
    // The io.md example course: 2021-01-11..2021-06-30.
    CHECK(calendar::days_inclusive(d("2021-01-11"), d("2021-06-30")) == 171);
}

TEST_CASE("months_touched counts every calendar month the period touches", "[calendar][months_touched]") {
    CHECK(calendar::months_touched(d("2021-01-31"), d("2021-02-01")) == 2);
    CHECK(calendar::months_touched(d("2021-03-01"), d("2021-03-31")) == 1);
    CHECK(calendar::months_touched(d("2021-03-15"), d("2021-03-15")) == 1);
    CHECK(calendar::months_touched(d("2021-12-31"), d("2022-01-01")) == 2);
    CHECK(calendar::months_touched(d("2021-11-15"), d("2023-02-01")) == 16);
    CHECK(calendar::months_touched(d("2021-02-01"), d("2021-06-30")) == 5);  // io.md: Feb–Jun
    CHECK(calendar::months_touched(d("2020-01-01"), d("2020-12-31")) == 12);
    CHECK(calendar::months_touched(d("2021-02-01"), d("2021-01-31")) == 0);
    CHECK(calendar::months_touched(d("2022-01-01"), d("2021-12-31")) == 0);
}

TEST_CASE("parse reads ISO and German dates", "[calendar][parse]") {
    check_reads(calendar::parse, kDatesWithLeadingZeros);
    CHECK(calendar::day_number(*calendar::parse("1970-01-02")) == 1);
    CHECK(calendar::from_day_number(18701) == ymd(2021, 3, 15));
}

TEST_CASE("parse rejects impossible dates and other notations", "[calendar][parse]") {
    check_refuses(calendar::parse,
                  {"2001-02-30", "30.02.2001", "2001-02-29", "29.02.2001", "1900-02-29", "2021-13-01", "2021-00-10",
                   "2021-04-31", "31.04.2021", "00.01.2021", "2021-01-00", "2021-1-5", "5.1.2021", "05.1.2021",
                   " 2021-01-05", "2021-01-05 ", "2021-01-05\n", "", "garbage", "2021/01/05", "2021.01.05",
                   "05-01-2021", "20210105", "2021-01-5x", "+021-01-05", "2021-0a-05", "15.03.21", "2021-03-15T00:00",
                   "１５.03.2021"});
}

TEST_CASE("parse_spreadsheet also reads German dates without leading zeros", "[calendar][parse]") {
    check_reads(calendar::parse_spreadsheet, kDatesWithLeadingZeros);
    check_reads(calendar::parse_spreadsheet, {
        {"1.1.2021", ymd(2021, 1, 1)},
        {"5.12.2021", ymd(2021, 12, 5)},
        {"05.1.2021", ymd(2021, 1, 5)},
        {"29.2.2020", ymd(2020, 2, 29)},
    });
    check_refuses(calendar::parse_spreadsheet,
                  {"29.2.2021", "31.4.2021", "0.1.2021", "1.0.2021", "1.13.2021", "1.1.21", "1.1.02021", "001.1.2021",
                   "1.001.2021", "1..2021", ".1.2021", "1.1.", "1.1.2021 ", " 1.1.2021", "1,1,2021", "a.1.2021",
                   "1.b.2021", "1.1.2o21", "2021-1-5", ""});
}

TEST_CASE("iso and german format with leading zeros", "[calendar][format]") {
    CHECK(calendar::iso(ymd(2021, 3, 5)) == "2021-03-05");
    CHECK(calendar::german(ymd(2021, 3, 5)) == "05.03.2021");
    CHECK(calendar::iso(ymd(2020, 12, 31)) == "2020-12-31");
    CHECK(calendar::german(ymd(2020, 12, 31)) == "31.12.2020");
    CHECK(calendar::iso(ymd(999, 1, 1)) == "0999-01-01");
    CHECK(calendar::german(ymd(999, 1, 1)) == "01.01.0999");
    for (const char* text : {"2000-02-29", "2021-01-31", "1970-01-01", "2099-12-31"}) {
        Day day = d(text);
        CHECK(calendar::iso(day) == text);
        CHECK(calendar::parse(calendar::german(day)) == day);
    }
}

TEST_CASE("full_months counts calendar months wholly inside the period", "[calendar]") {
    using namespace date;
    auto d = [](int y, unsigned m, unsigned dd) { return klappt::calendar::Day{year{y} / m / dd}; };
    CHECK(klappt::calendar::full_months(d(2021, 1, 15), d(2021, 4, 10)) == 2);  // February, March
    CHECK(klappt::calendar::full_months(d(2021, 1, 1), d(2021, 1, 31)) == 1);
    CHECK(klappt::calendar::full_months(d(2021, 1, 2), d(2021, 1, 31)) == 0);
    CHECK(klappt::calendar::full_months(d(2020, 2, 1), d(2020, 2, 29)) == 1);   // leap February
    CHECK(klappt::calendar::full_months(d(2020, 2, 1), d(2020, 2, 28)) == 0);
    CHECK(klappt::calendar::full_months(d(2020, 12, 1), d(2021, 1, 31)) == 2);  // across the year
    CHECK(klappt::calendar::full_months(d(2021, 3, 1), d(2021, 2, 1)) == 0);    // reversed
}

TEST_CASE("write_iso writes what iso writes, far from today too, and from_civil is its inverse", "[calendar][iso]") {
    // Every 37th day from year -200 to 10 200 (both sides of the fast path's 0..9999 years).
    for (std::int32_t n = -792'000; n <= 3'000'000; n += 37) {
        Day d = calendar::from_day_number(n);
        char text[32];
        char* end = calendar::write_iso(text, d);
        REQUIRE(std::string(text, end) == calendar::iso(d));
        date::year_month_day ymd{d};
        REQUIRE(calendar::from_civil(int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())) == d);
    }
    char text[32];
    CHECK(std::string(text, calendar::write_iso(text, *calendar::parse("2024-02-29"))) == "2024-02-29");
    CHECK(calendar::day_number(calendar::from_civil(1970, 1, 1)) == 0);
}
