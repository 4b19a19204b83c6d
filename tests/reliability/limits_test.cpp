// Every limit of dsl/limits.hpp: an input just inside it is accepted, one beyond it is
// refused with its German message — never a crash, a hang or unbounded memory.
#include <catch2/catch.hpp>

#include <string>

#include "dsl/limits.hpp"
#include "dsl/parser.hpp"
#include "engine/batch/batch.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/input/csv_case_loader.hpp"
#include "engine/input/csv_reader.hpp"
#include "engine/input/partial_case.hpp"
#include "engine/ruletest/rule_tests.hpp"
#include "support/batch_support.hpp"
#include "support/golden.hpp"
#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

const char* kManifest = "fall: fall\nstichtag: stichtag\n";
const char* kHead = "module grenze\ninput fall: text \"Fall\"\ninput stichtag: date \"Stichtag\"\n";

bool mentions(const Diagnostics& d, const std::string& text) { return render(d).find(text) != std::string::npos; }

const Program& batch_rules() {
    static LoadResult loaded = load_rule_set(source_dir() / "tests" / "batch" / "regeln");
    REQUIRE(loaded.program);
    return *loaded.program;
}

// `n` definitions, each using the one before: d1 = d0 + 1 …; the output is d<n>.
std::string definition_chain(std::size_t n, bool reversed = false) {
    std::vector<std::string> lines;
    lines.push_back("let d0: int = 0\n");
    for (std::size_t i = 1; i <= n; ++i)
        lines.push_back("let d" + std::to_string(i) + ": int = d" + std::to_string(i - 1) + " + 1\n");
    if (reversed) std::reverse(lines.begin(), lines.end());
    std::string text = kHead;
    for (auto& l : lines) text += l;
    return text + "output ergebnis: int \"Ergebnis\" = d" + std::to_string(n) + "\n";
}

// The classic "billion laughs": nine levels of nine aliases, 9^9 nodes when written out.
std::string alias_bomb(const std::string& indent) {
    std::string out = indent + "a0: &a0 [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n";
    for (int i = 1; i <= 9; ++i) {
        std::string p = "*a" + std::to_string(i - 1);
        out += indent + "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + p;
        for (int k = 1; k < 9; ++k) out += "," + p;
        out += "]\n";
    }
    return out;
}

}  // namespace

TEST_CASE("limit: rule-file size", "[limits]") {
    std::string big = std::string(kHead) + "# " + std::string(limits::kMaxRuleFileBytes, 'x') + "\n";
    auto result = load_rules_text({{"gross.rules", big}}, {}, kManifest);
    CHECK(!result.program);
    CHECK(mentions(result.diagnostics, "Regeldatei zu groß"));
    CHECK(mentions(result.diagnostics, "höchstens 4096 KiB"));
    // Read from disk: refused before it is read to its end.
    TempFile file("gross.rules", big);
    std::string error;
    CHECK(!read_source_file(file.path(), error, limits::kMaxRuleFileBytes));
    CHECK(error.find("Datei zu groß") != std::string::npos);
    CHECK(error.find("höchstens 4 MiB") != std::string::npos);
}

TEST_CASE("limit: files read whole stop at their limit, also a device without end", "[limits]") {
    std::string error;
    CHECK(!read_source_file("/dev/zero", error, 1u << 20));
    CHECK(error == "Datei zu groß: /dev/zero (höchstens 1 MiB)");
    CHECK(limits::kMaxInputFileBytes == 128u << 20);
}

TEST_CASE("limit: expression nesting", "[limits]") {
    auto nested = [](std::size_t depth) {
        return std::string(kHead) + "output x: int \"x\" = " + std::string(depth, '(') + "1" + std::string(depth, ')') + "\n";
    };
    CHECK(load_rules_text({{"ok.rules", nested(limits::kMaxExpressionNesting / 4)}}, {}, kManifest).program);
    auto deep = load_rules_text({{"tief.rules", nested(limits::kMaxExpressionNesting * 2)}}, {}, kManifest);
    CHECK(!deep.program);
    CHECK(mentions(deep.diagnostics, "Ausdruck zu tief verschachtelt (höchstens 256 Ebenen)"));
}

TEST_CASE("limit: identifier length", "[limits]") {
    auto with_name = [](std::size_t length) {
        std::string name(length, 'n');
        return std::string(kHead) + "let " + name + ": int = 1\noutput x: int \"x\" = " + name + "\n";
    };
    CHECK(load_rules_text({{"ok.rules", with_name(limits::kMaxIdentifierLength)}}, {}, kManifest).program);
    auto longer = load_rules_text({{"lang.rules", with_name(limits::kMaxIdentifierLength + 1)}}, {}, kManifest);
    CHECK(!longer.program);
    CHECK(mentions(longer.diagnostics, "Name zu lang: 129 Zeichen (höchstens 128)"));
    // Long words in strings and comments are not names.
    std::string text = std::string(kHead) + "# " + std::string(500, 'k') + "\noutput x: text \"" + std::string(500, 's') +
                       "\" = \"" + std::string(500, 't') + "\"\n";
    CHECK(load_rules_text({{"text.rules", text}}, {}, kManifest).program);
}

TEST_CASE("limit: exceptions and versions per definition", "[limits]") {
    auto with = [](std::size_t exceptions, std::size_t versions) {
        std::string text = std::string(kHead) + "let x: int \"x\" = 0\n";  // versions first, then exceptions
        for (std::size_t i = 0; i < versions; ++i)
            text += "  valid from " + std::to_string(1900 + i) + "-01-01 to " + std::to_string(1900 + i) + "-12-31 = " +
                    std::to_string(i) + "\n";
        for (std::size_t i = 0; i < exceptions; ++i)
            text += "  exception \"A" + std::to_string(i) + "\" when fall == \"" + std::to_string(i) + "\" => " + std::to_string(i) + "\n";
        return text + "output y: int \"y\" = x\n";
    };
    auto ok = load_rules_text({{"ok.rules", with(limits::kMaxExceptionsPerDefinition, limits::kMaxVersionsPerDefinition)}}, {},
                              kManifest);
    INFO(render(ok.diagnostics));
    CHECK(ok.program);
    // 128 exceptions used to wrap the signed byte that records which one decided.
    auto many = load_rules_text({{"viele.rules", with(128, 0)}}, {}, kManifest);
    CHECK(!many.program);
    CHECK(mentions(many.diagnostics, "„x“ hat 128 Ausnahmen; höchstens 100 sind erlaubt"));
    auto versions = load_rules_text({{"fassungen.rules", with(0, limits::kMaxVersionsPerDefinition + 1)}}, {}, kManifest);
    CHECK(!versions.program);
    CHECK(mentions(versions.diagnostics, "„x“ hat 101 Fassungen (valid from); höchstens 100 sind erlaubt"));
}

TEST_CASE("limit: evaluation depth — a long chain of definitions is refused, never a stack overflow", "[limits]") {
    // The chain of the issue: 20 000 definitions d_i = d_{i-1} + 1, in order and reversed
    // (the reversed one made the checker itself recurse 20 000 deep).
    for (bool reversed : {false, true}) {
        auto chain = load_rules_text({{"kette.rules", definition_chain(20000, reversed)}}, {}, kManifest);
        CHECK(!chain.program);
        CHECK((mentions(chain.diagnostics, "ist zu tief verschachtelt") ||
               mentions(chain.diagnostics, "zu lange Kette von Definitionen")));
    }
    auto just_over = load_rules_text({{"kette.rules", definition_chain(limits::kMaxEvaluationDepth / 2)}}, {}, kManifest);
    CHECK(!just_over.program);
    CHECK(mentions(just_over.diagnostics, "(höchstens 2000)"));
    // Only the definition where the limit is first crossed is named, not every one after it.
    CHECK(just_over.diagnostics.error_count() == 1);
}

TEST_CASE("limit: a chain just inside the evaluation depth evaluates, in check and in batch worker threads", "[limits]") {
    // depth = 3 per link (the reference, the definition, the addition)
    std::size_t n = limits::kMaxEvaluationDepth / 3 - 5;
    auto chain = load_rules_text({{"kette.rules", definition_chain(n)}}, {}, kManifest);
    INFO(render(chain.diagnostics));
    REQUIRE(chain.program);
    std::string rows = "fall,stichtag\n";
    for (int i = 0; i < 40; ++i) rows += "K" + std::to_string(i) + ",2021-03-15\n";
    TempFile file("kette.csv", rows);
    auto result = batch(*chain.program, {file.path()}, 2);
    CHECK(result.summary.cases == 40);
    CHECK(result.summary.ok());
    CHECK(result.out.find("\"ergebnis\": " + std::to_string(n)) != std::string::npos);
    // With the trace (klappt check --explain) too.
    Evaluator evaluator(*chain.program);
    CaseFile cases = load_cases_yaml(*chain.program,
                                     std::make_shared<SourceFile>("k.yaml", "fall: K\nstichtag: 2021-03-15\n"));
    REQUIRE(cases.cases.size() == 1);
    REQUIRE(cases.cases[0].data);
    evaluator.start(*cases.cases[0].data, true);
    CHECK(evaluator.output(0).i == static_cast<std::int64_t>(n));
}

TEST_CASE("limit: cases per YAML file", "[limits]") {
    std::string text;
    text.reserve((limits::kMaxCasesPerFile + 1) * 8);
    for (std::size_t i = 0; i <= limits::kMaxCasesPerFile; ++i) text += "---\nx: 1\n";
    Diagnostics diagnostics;
    std::size_t seen = 0;
    bool ok = for_each_case_yaml(batch_rules(), std::make_shared<SourceFile>("viele.yaml", text), diagnostics,
                                 [&](CaseDocument&, const Diagnostics&) { ++seen; });
    CHECK(!ok);
    CHECK(seen == 0);
    CHECK(mentions(diagnostics, "zu viele Fälle in einer Datei: 1000001 (höchstens 1000000)"));

    // The partial cases of klappt fragen open their documents the same way, under the same limit.
    Diagnostics partial_diagnostics;
    auto partial = load_partial_cases_yaml(batch_rules(), std::make_shared<SourceFile>("viele.yaml", text), partial_diagnostics);
    CHECK(partial.empty());
    CHECK(mentions(partial_diagnostics, "zu viele Fälle in einer Datei: 1000001 (höchstens 1000000)"));
}

TEST_CASE("limit: list elements per case (YAML and CSV)", "[limits]") {
    auto with_measures = [](std::size_t n) {
        std::string text = "fall: L\nstichtag: 2021-03-15\nperson: {geburtsdatum: 2001-05-17, status: duldung}\nmassnahmen:\n";
        for (std::size_t i = 0; i < n; ++i) text += "  - {beginn: 2021-01-11, ende: 2021-06-30, kosten: 1.00}\n";
        return std::make_shared<SourceFile>("m.yaml", text);
    };
    CaseFile ok = load_cases_yaml(batch_rules(), with_measures(limits::kMaxListElementsPerCase));
    REQUIRE(ok.cases.size() == 1);
    CHECK(ok.cases[0].data);
    CaseFile many = load_cases_yaml(batch_rules(), with_measures(limits::kMaxListElementsPerCase + 1));
    REQUIRE(many.cases.size() == 1);
    CHECK(!many.cases[0].data);
    CHECK(render(many.diagnostics).find("„massnahmen“: 20001 Einträge; höchstens 20000 je Fall") != std::string::npos);
    // CSV: a column beyond the limit is a problem of the header.
    std::vector<std::string_view> header = {"fall", "stichtag", "person.geburtsdatum", "person.status", "massnahmen.20001.beginn"};
    CsvCaseMapping mapping(batch_rules(), header);
    REQUIRE(mapping.problems().size() >= 1);
    CHECK(mapping.problems()[0].find("hat höchstens 20000 Einträge je Fall") != std::string::npos);
}

TEST_CASE("limit: errors per case (50 000 empty keys give 100 errors and one line saying so)", "[limits]") {
    auto with_commas = [](std::size_t n) {
        return std::make_shared<SourceFile>("k.yaml", "fall: K\nstichtag: 2021-03-15\nperson: {geburtsdatum: 2001-05-17" +
                                                          std::string(n, ',') + "}\n");
    };
    CaseFile few = load_cases_yaml(batch_rules(), with_commas(limits::kMaxErrorsPerCase));
    REQUIRE(few.cases.size() == 1);
    CHECK(few.cases[0].errors.size() == limits::kMaxErrorsPerCase);
    CaseFile many = load_cases_yaml(batch_rules(), with_commas(50'000));
    REQUIRE(many.cases.size() == 1);
    const std::vector<FieldError>& errors = many.cases[0].errors;
    REQUIRE(errors.size() == limits::kMaxErrorsPerCase + 1);
    CHECK(errors[0].message == "Feldnamen müssen einfache Namen sein");
    CHECK(errors.back().message == "weitere Fehler in diesem Fall werden nicht gezeigt (höchstens 100 je Fall); zuerst die gezeigten beheben");
    CHECK(render(many.diagnostics).size() < 100'000);  // it was 13 MB of messages
}

TEST_CASE("limit: YAML alias expansion (an alias bomb is refused at once)", "[limits]") {
    // In a case file …
    CaseFile cases = load_cases_yaml(batch_rules(), std::make_shared<SourceFile>("bombe.yaml", alias_bomb("") + "fall: B\n"));
    REQUIRE(cases.cases.size() == 1);
    CHECK(!cases.cases[0].data);
    CHECK(render(cases.diagnostics).find("zu groß, wenn man seine Aliase (*name) ausschreibt") != std::string::npos);
    // … and in a rule test's vorlage, which is copied and merged (it used to grow to gigabytes).
    Diagnostics diagnostics;
    auto tests = load_rule_tests(std::make_shared<SourceFile>("t.yaml", "vorlage:\n" + alias_bomb("  ") +
                                                                            "tests:\n  - name: t\n    erwartet: {}\n"),
                                 diagnostics);
    CHECK(tests.empty());
    CHECK(mentions(diagnostics, "Aliase (*name)"));
    // Anchors within reason are fine.
    Diagnostics fine;
    auto ok = load_rule_tests(std::make_shared<SourceFile>("t.yaml", "vorlage: &v\n  stichtag: 2021-03-15\n"
                                                                     "tests:\n  - name: t\n    fall: *v\n    erwartet: {}\n"),
                              fine);
    CHECK(ok.size() == 1);
    CHECK(!fine.has_errors());
}

TEST_CASE("limit: CSV row length — a stray quote costs one row, reading goes on", "[limits]") {
    std::string header = "fall,stichtag,person.geburtsdatum,person.status\n";
    std::string good = ",2021-03-15,2001-05-17,duldung\n";
    std::string text = header + "A" + good + "B\"" + good;  // row 3: a quote that never closes
    for (int i = 0; i < 50; ++i) text += "C" + std::to_string(i) + good;
    TempFile file("streuner.csv", text);
    for (std::size_t chunk : {61u, 256u * 1024u}) {
        BatchOptions options;
        options.chunk_bytes = chunk;
        StringSink sink;
        BatchSummary summary = run_batch(batch_rules(), {file.path()}, options, sink);
        CHECK(summary.cases == 52);
        CHECK(summary.invalid == 1);
        CHECK(summary.file_errors == 0);
        CHECK(sink.log.find(file.path() + ":3: Anführungszeichen nicht geschlossen") != std::string::npos);
        CHECK(sink.out.find("\"fall\": \"C49\"") != std::string::npos);
    }
    // A quoted line break is still part of its row.
    CsvReader quoted("a,b\n\"x\ny\",2\n3,4\n");
    std::vector<std::string_view> f;
    REQUIRE(quoted.next(f));
    REQUIRE(quoted.next(f));
    CHECK(f == std::vector<std::string_view>{"x\ny", "2"});
    // A line longer than the limit: an error of its row, the next row is read.
    std::string long_line = "a,b\n" + std::string(limits::kMaxCsvRowBytes + 10, 'x') + "\n1,2\n";
    CsvReader reader(long_line);
    REQUIRE(reader.next(f));
    REQUIRE(reader.next(f));
    CHECK(reader.row_error() == "Zeile länger als 1 MiB; die Zeile wird übersprungen");
    REQUIRE(reader.next(f));
    CHECK(f == std::vector<std::string_view>{"1", "2"});
    CHECK(reader.line() == 3);
    // … also in klappt batch, which must not hold the line in memory.
    TempFile long_file("lang.csv", header + std::string(3 * limits::kMaxCsvRowBytes, 'y') + "\nZ" + good);
    BatchOptions options;
    StringSink sink;
    BatchSummary summary = run_batch(batch_rules(), {long_file.path()}, options, sink);
    CHECK(summary.cases == 2);
    CHECK(summary.invalid == 1);
    CHECK(sink.log.find(long_file.path() + ":2: Zeile länger als 1 MiB") != std::string::npos);
    CHECK(sink.out.find("\"fall\": \"Z\"") != std::string::npos);
}

TEST_CASE("limit: CSV fields per row", "[limits]") {
    std::string wide = "a\n" + std::string(limits::kMaxCsvFields, ',') + "\n1\n";
    CsvReader reader(wide);
    std::vector<std::string_view> f;
    REQUIRE(reader.next(f));
    REQUIRE(reader.next(f));
    CHECK(reader.row_error() == "mehr als 10000 Felder; die Zeile wird übersprungen");
    REQUIRE(reader.next(f));
    CHECK(f == std::vector<std::string_view>{"1"});
    std::string at_limit = "a\n" + std::string(limits::kMaxCsvFields - 1, ',') + "\n";
    CsvReader ok(at_limit);
    REQUIRE(ok.next(f));
    REQUIRE(ok.next(f));
    CHECK(ok.row_error().empty());
    CHECK(f.size() == limits::kMaxCsvFields);
}

TEST_CASE("limit: batch worker threads", "[limits]") {
    unsigned limit = batch_thread_limit();
    CHECK(limit >= 1);
    CHECK(limit <= limits::kMaxBatchThreads);
    // 1000 threads asked for: the same results, with at most `limit` threads and their buffers.
    TempFile file("t.csv", "fall,stichtag,person.geburtsdatum,person.status\nT1,2021-03-15,2001-05-17,duldung\n");
    auto few = batch(batch_rules(), {file.path()}, 1);
    auto many = batch(batch_rules(), {file.path()}, 1000);
    CHECK(many.out == few.out);
}

TEST_CASE("limit: request body size of the web desk", "[limits]") {
    // Defined here for the web desk (klappt web), which refuses larger bodies with 413;
    // a case is far smaller, and a body is never allowed more than a file.
    CHECK(limits::kMaxRequestBodyBytes == 1u << 20);
    CHECK(limits::kMaxRequestBodyBytes < limits::kMaxInputFileBytes);
}
