// No heap allocation per case: once warmed up, reading a CSV row into a reused
// Case, evaluating it and writing its JSON line allocates nothing (cases
// without lists; bench/workload and a rule set with records and an optional
// record).  Its own executable, because it replaces the global operator new to
// count allocations.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

#include "engine/batch/batch.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/input/csv_case_loader.hpp"
#include "engine/input/csv_reader.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "support/golden.hpp"

#include "bench/counting_allocator.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

// Reads `csv` row by row into one Case, evaluates and writes each; returns the
// allocations of the second pass (the first one warms up every buffer, and shows
// that the counter counts).
std::uint64_t allocations_per_pass(const Program& program, const std::string& csv, std::size_t& rows) {
    CaseRunner runner(program);
    ResultWriter writer(program, BatchFormat::jsonl);
    Case kase;
    std::vector<std::string_view> cells;
    std::string out;
    std::uint64_t counted = 0;
    for (int pass = 0; pass < 2; ++pass) {
        CsvReader reader(csv);
        REQUIRE(reader.next(cells));
        CsvCaseMapping mapping(program, cells);
        REQUIRE(mapping.problems().empty());
        CsvCaseReader rows_reader(mapping);
        out.clear();
        out.reserve(1 << 20);
        rows = 0;
        std::uint64_t before = klappt::counting::allocations.load();
        while (reader.next(cells)) {
            REQUIRE(rows_reader.read(cells, reader.line(), kase, runner.evaluator()));
            const CaseResult& result = runner.run(kase);
            REQUIRE(result.evaluated());
            writer.write_case(result, out);
            ++rows;
        }
        counted = klappt::counting::allocations.load() - before;
        if (pass == 0) CHECK(counted > 0);
    }
    return counted;
}

}  // namespace

TEST_CASE("reading, evaluating and writing a case allocates nothing once warmed up", "[batch][alloc]") {
    LoadResult workload = load_rule_set(source_dir() / "bench" / "workload");
    REQUIRE(workload.program);
    std::string csv = read_file(test_dir() / "batch" / "workload_edge.csv");
    std::size_t rows = 0;
    std::string text = csv;
    for (int i = 0; i < 50; ++i) text += csv.substr(csv.find('\n') + 1);  // 1 400 cases
    CHECK(allocations_per_pass(*workload.program, text, rows) == 0);
    CHECK(rows == 28 * 51);

    // Records, an optional record, defaults and a record check (tests/batch/regeln), without lists.
    LoadResult records = load_rule_set(test_dir() / "batch" / "regeln");
    REQUIRE(records.program);
    std::string people = "fall;stichtag;kommune.name;person.geburtsdatum;person.status;person.sgb2\n";
    for (int i = 0; i < 500; ++i)
        people += "P" + std::to_string(i) + ";15.03.2021;" + (i % 3 ? "Neuss" : "") + ";17.05.2001;duldung;" +
                  (i % 2 ? "ja" : "nein") + "\n";
    CHECK(allocations_per_pass(*records.program, people, rows) == 0);
    CHECK(rows == 500);
}
