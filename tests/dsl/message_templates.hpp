// The message templates of the rule language's diagnostics, read from the C++ source of dsl/:
// every message an author can see, with `{}` where a name, a type or a number is filled in at
// run time.  The coverage test (diagnostic_coverage_test.cpp) requires one golden file per
// template, so a new diagnostic without a golden fails a test instead of going unseen.
//
// The scan reads source text, not a parse of C++; it knows these forms:
//   error(…, MESSAGE)  warning(…, MESSAGE)  file_error(…, MESSAGE)  general_error(MESSAGE)
//   notes.push_back({…, MESSAGE})                 (a note under a diagnostic)
//   message += MESSAGE;                           (a suffix appended to a diagnostic)
//   a helper that puts one of its arguments into a message (coerce, arity, …: kForwarders)
// where MESSAGE is a sum of string literals, std::string("…"), `(c ? "a" : "b")` and other
// terms (the parts filled in at run time).  A call whose message holds no literal only passes
// a message on (Checker::error) and is not a template of its own.
#pragma once

#include <filesystem>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace klappt::testing {

struct MessageTemplate {
    std::string text;                // literal parts, `{}` for each part filled in at run time
    std::string pattern;             // ECMAScript regex matching a rendered message of this template
    std::vector<std::string> where;  // "dsl/checker.cpp:312", every place it is written
    std::regex regex() const { return std::regex(pattern); }
};

// A helper that writes one or more of its arguments into a message: `pattern` is a regex over
// the whole message in which {N} stands for argument N (0-based) of a call, {-1} for the last
// one (counted from the end where that is where the text is, so that a helper that gains a
// leading parameter — a Checker& when the checker is split — is still read right).
struct Forwarder {
    const char* function;
    const char* pattern;
};

// The helpers of dsl/ known today.  A forwarder that is no longer called anywhere with a
// literal argument fails the coverage test, so a renamed helper is noticed, not skipped.
const std::vector<Forwarder>& forwarders();

// All templates of one source text (`file` names it in `where`).
std::vector<MessageTemplate> message_templates_in(const std::string& file, std::string_view code);

// All templates of every .cpp and .hpp under `directory` (recursively), deduplicated by text;
// `root` is the directory `where` is relative to.
std::vector<MessageTemplate> message_templates(const std::filesystem::path& root, const std::filesystem::path& directory);

// How often `function(` is called with a literal in the arguments its forwarder reads.
std::size_t forwarder_calls(const std::filesystem::path& directory, const Forwarder& forwarder);

}  // namespace klappt::testing
