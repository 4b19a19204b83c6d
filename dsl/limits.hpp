// The limits of every input klappt reads, in one place.  Each is checked where the input
// is read, answered with a German message naming the limit (never a crash, a hang or
// unbounded memory), and tested (tests/limits_test.cpp).  They sit in the lowest layer
// (dsl) so that the parser, the engine, the CLI and the web desk all read the same numbers.
//
// The numbers are far above anything the Richtlinie's rules and real caseloads need
// (the bundled rules: evaluation depth < 100, at most 3 exceptions per definition, cases
// with a handful of measures) and far below what would exhaust a machine.
#pragma once

#include <cstddef>
#include <cstdint>

namespace klappt::limits {

// ---- rule files (dsl/parser.cpp, dsl/checker/) --------------------------------------
// A rule file larger than this is refused before it is parsed.
inline constexpr std::size_t kMaxRuleFileBytes = 4u << 20;  // 4 MiB
// Nesting of one expression (parentheses, calls, operators): the parser recurses per level.
inline constexpr std::size_t kMaxExpressionNesting = 256;
// Syntax errors reported per rule file before giving up.
inline constexpr std::size_t kMaxSyntaxErrors = 50;
// Characters of a name (definition, input, field, parameter, module, type, enum value).
inline constexpr std::size_t kMaxIdentifierLength = 128;
// The number of a duration literal (`100000 days`, in any unit): far beyond any period of the
// Richtlinie, and small enough that date arithmetic with it stays within the calendar.
inline constexpr std::size_t kMaxDurationCount = 100'000;
// Exceptions (`exception when …`) and versions (`valid from …`) of one definition; the
// evaluator records which one decided in a signed byte.
inline constexpr std::size_t kMaxExceptionsPerDefinition = 100;
inline constexpr std::size_t kMaxVersionsPerDefinition = 100;
// The signed byte (engine/evaluator.hpp, `exception` and `version`: -1 for none) must hold
// every index; checked in dsl/checker/definitions.cpp, tested in tests/reliability/limits_test.cpp.
static_assert(kMaxExceptionsPerDefinition <= INT8_MAX && kMaxVersionsPerDefinition <= INT8_MAX,
              "exception and version indices are recorded in an int8_t");
// How deep one evaluation may go: operations nested inside each other, counted through
// every definition a definition uses (a chain d2 = d1 + 1, d3 = d2 + 1 … adds two per link).
// The evaluator recurses per level; this keeps it far inside an 8 MiB thread stack, also
// under AddressSanitizer and in klappt batch's worker threads.
inline constexpr std::size_t kMaxEvaluationDepth = 2000;

// ---- files read whole (cases, parameters, Bescheid, forwardings, rule tests) ---------
// YAML and CSV files that are read into memory at once; larger ones are refused before
// they are read to the end (`klappt check /dev/zero`).  Large caseloads belong in CSV
// files for `klappt batch`, which streams them.
inline constexpr std::size_t kMaxInputFileBytes = 128u << 20;  // 128 MiB
// Case documents (`---`) in one YAML case file.
inline constexpr std::size_t kMaxCasesPerFile = 1'000'000;
// Elements of one list in one case (measures, children …); a case is one person.  The
// evaluator's indexed comprehensions keep even this many linear (tests/unit/list_index_test.cpp
// evaluates 20 000); 100 000 measures took 16–24 s and 2 GB.
inline constexpr std::size_t kMaxListElementsPerCase = 20'000;
// Errors reported for one case.  A flow mapping of 50 000 commas (`person: {a: 1,,,,…}`)
// gave 50 000 identical errors and 13 MB of messages, each showing the same long line: 6 s
// (seen in a slow unit of the long fuzz_cases run).  Past this many the case says how many
// more there were; no person fixes a case by reading the hundred-and-first.
inline constexpr std::size_t kMaxErrorsPerCase = 100;
// Forwardings (rows) in one forwarding list of `klappt weiterleitung`.  The finance rules
// compare every forwarding with the others (W6) and sum them per Baustein, so the whole list
// stays in memory, about 4.3 KB per row; a Kreis forwards hundreds to a few thousand a year.
// 100 000 rows take about 430 MB; a longer list is refused with this number instead of
// growing without bound.
inline constexpr std::size_t kMaxForwardingRows = 100'000;
// YAML anchors and aliases (`&a`, `*a`): nodes a document may have once every alias is
// expanded, beyond one node per byte of the document (which no document without aliases
// exceeds).  An alias bomb of a few hundred bytes is refused at once.
inline constexpr std::size_t kMaxYamlAliasExpansion = 100'000;

// ---- CSV (klappt batch, klappt weiterleitung) -----------------------------------------
// One row, from its first byte to its line break (quoted line breaks included).  A longer
// row — also a stray `"` that opens a quote that never closes — is an error of that row;
// reading goes on with the next line.
inline constexpr std::size_t kMaxCsvRowBytes = 1u << 20;  // 1 MiB
// Fields of one row (and columns of the header).
inline constexpr std::size_t kMaxCsvFields = 10'000;

// ---- klappt batch ------------------------------------------------------------------
// Worker threads: more than the machine has cores only adds memory (each thread keeps
// up to two chunks of input and output); requests above this are lowered to it.
inline constexpr unsigned kMaxBatchThreadsPerCore = 2;
inline constexpr unsigned kMaxBatchThreads = 64;

// ---- the web desk (klappt web) ---------------------------------------------------------
// The body of one HTTP request (a case as JSON or YAML, a form).
inline constexpr std::size_t kMaxRequestBodyBytes = 1u << 20;  // 1 MiB

}  // namespace klappt::limits
