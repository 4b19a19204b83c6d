// A C++ port of the throughput workload generator (reference/lib/workload.mjs):
// the same xorshift32 stream and draw order, so it writes the same CSV bytes as
// `node reference/gen.mjs` — the benchmarks need neither Node.js nor a data file.
// Also the rule written by hand in C++ (the reference figure klappt is compared with).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace klappt::workload {

class XorShift32 {
public:
    explicit XorShift32(std::uint32_t seed) : s_(seed ? seed : 0x9e3779b9u) {
        for (int i = 0; i < 20; ++i) next();
    }
    std::uint32_t next() {
        std::uint32_t x = s_;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return s_ = x;
    }

private:
    std::uint32_t s_;
};

inline std::uint32_t below(std::uint32_t u, std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(u) * n) >> 32);
}

inline std::int32_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Civil {
    int y;
    unsigned m, d;
};

inline Civil civil_from_days(std::int32_t z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(yoe) + era * 400 + (m <= 2), m, d};
}

// One generated case, in the form a hand-written program would parse it into.
struct Case {
    std::uint32_t id;
    Civil birth, entry;
    std::uint8_t status;  // index into kStatuses
    bool sgb2, sgb12;
    int months;
};

inline const char* const kStatuses[] = {"duldung", "gestattung", "aufenthaltserlaubnis", "niederlassungserlaubnis",
                                        "keiner"};
inline const char* const kCsvHeader = "id,birth_date,residence_status,sgb2,sgb12,entry_date,months\n";

inline std::vector<Case> generate(std::uint32_t n, std::uint32_t seed) {
    static const unsigned cumulative[] = {40, 70, 85, 95, 100};
    static const int leap_years[] = {1992, 1996, 2000, 2004, 2008};
    const std::int32_t birth_from = days_from_civil(1990, 1, 1), birth_to = days_from_civil(2008, 12, 31);
    const std::int32_t entry_from = days_from_civil(2019, 10, 1), entry_to = days_from_civil(2023, 9, 30);
    XorShift32 rng(seed);
    std::vector<Case> out;
    out.reserve(n);
    for (std::uint32_t id = 1; id <= n; ++id) {
        Case c{};
        c.id = id;
        std::uint32_t a = rng.next(), b = rng.next();
        if (below(a, 100) == 0) c.birth = {leap_years[below(b, 5)], 2, 29};
        else c.birth = civil_from_days(birth_from + static_cast<std::int32_t>(below(b, static_cast<std::uint32_t>(birth_to - birth_from + 1))));
        unsigned r = below(rng.next(), 100), si = 0;
        while (r >= cumulative[si]) ++si;
        c.status = static_cast<std::uint8_t>(si);
        c.sgb2 = below(rng.next(), 100) < 15;
        c.sgb12 = below(rng.next(), 100) < 5;
        c.entry = civil_from_days(entry_from + static_cast<std::int32_t>(below(rng.next(), static_cast<std::uint32_t>(entry_to - entry_from + 1))));
        c.months = static_cast<int>(below(rng.next(), 25));
        out.push_back(c);
    }
    return out;
}

inline void append_iso(std::string& out, Civil c) {
    char buf[11];
    buf[0] = static_cast<char>('0' + c.y / 1000);
    buf[1] = static_cast<char>('0' + c.y / 100 % 10);
    buf[2] = static_cast<char>('0' + c.y / 10 % 10);
    buf[3] = static_cast<char>('0' + c.y % 10);
    buf[4] = '-';
    buf[5] = static_cast<char>('0' + c.m / 10);
    buf[6] = static_cast<char>('0' + c.m % 10);
    buf[7] = '-';
    buf[8] = static_cast<char>('0' + c.d / 10);
    buf[9] = static_cast<char>('0' + c.d % 10);
    out.append(buf, 10);
}

// The CSV of gen.mjs (header `id,birth_date,residence_status,sgb2,sgb12,entry_date,months`).
inline std::string csv(const std::vector<Case>& cases) {
    std::string out = kCsvHeader;
    out.reserve(cases.size() * 56);
    for (const Case& c : cases) {
        out += std::to_string(c.id);
        out += ',';
        append_iso(out, c.birth);
        out += ',';
        out += kStatuses[c.status];
        out += c.sgb2 ? ",true" : ",false";
        out += c.sgb12 ? ",true," : ",false,";
        append_iso(out, c.entry);
        out += ',';
        out += std::to_string(c.months);
        out += '\n';
    }
    return out;
}

// The rule by hand: the reference a rules engine is measured against.
struct Result {
    bool eligible;
    std::int64_t amount_cents;
};

inline Result evaluate(const Case& c) {
    int age = c.entry.y - c.birth.y - (c.entry.m * 100 + c.entry.d < c.birth.m * 100 + c.birth.d ? 1 : 0);
    int ymd = c.entry.y * 10000 + static_cast<int>(c.entry.m * 100 + c.entry.d);
    bool eligible = age >= 18 && age <= 27 && c.status <= 1 && !c.sgb2 && !c.sgb12 && ymd >= 20200101 && ymd <= 20230630;
    if (!eligible) return {false, 0};
    int remaining = (2023 - c.entry.y) * 12 + (6 - static_cast<int>(c.entry.m)) + 1;
    int months = c.months < 12 ? c.months : 12;
    if (remaining < months) months = remaining;
    return {true, static_cast<std::int64_t>(months) * 30000};
}

// gen.mjs --n 200000 --seed 42 (../shared/bench/README.md).
inline constexpr std::uint32_t kBenchN = 200000, kBenchSeed = 42;
inline constexpr std::int64_t kBenchEligible = 52196, kBenchTotalCents = 12293160000;

}  // namespace klappt::workload
