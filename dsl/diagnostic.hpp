// Diagnostics are values: the parser, the checker, the loaders and the
// evaluator all report a user's mistake as a Diagnostic, and one renderer
// turns it into `file:line:col: error: message`, the source line and a caret.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsl/source.hpp"

namespace klappt {

enum class Severity { error, warning, note };

// A secondary location ("previously defined here").
struct DiagnosticNote {
    SourceRef source;
    Span span;
    std::string message;
};

// A replacement that repairs the mistake when it is obvious (`55` → `55 days`): the
// message names it; editors (klappt lsp) and `klappt lint --fix` can apply it.
struct DiagnosticFix {
    Span span;
    std::string replacement;
};

struct Diagnostic {
    Severity severity = Severity::error;
    SourceRef source;  // may be null for problems without a file (e.g. a missing directory)
    Span span;
    std::string message;
    std::vector<DiagnosticNote> notes;
    bool has_location = true;  // false: render only `file: error: message`
    std::optional<DiagnosticFix> fix;
    std::string code;  // a lint id (e.g. "unbenutzt"); empty for errors of the language
};

class Diagnostics {
public:
    Diagnostic& error(SourceRef source, Span span, std::string message);
    Diagnostic& warning(SourceRef source, Span span, std::string message);
    // A problem with a file as a whole (cannot be read, is empty, …).
    Diagnostic& file_error(SourceRef source, std::string message);
    Diagnostic& general_error(std::string message);

    void append(const Diagnostics& other);
    bool has_errors() const { return error_count_ > 0; }
    std::size_t warning_count() const;
    std::size_t error_count() const { return error_count_; }
    bool empty() const { return items_.empty(); }
    const std::vector<Diagnostic>& items() const { return items_; }

private:
    std::vector<Diagnostic> items_;
    std::size_t error_count_ = 0;
};

// `file:line:col: error: message`, the source line, a caret line; notes follow the same way.
std::string render(const Diagnostic& d);
std::string render(const Diagnostics& ds);

// The closest candidate by edit distance, or "" when none is close enough to be a plausible typo.
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);
// `; meinten Sie „x“?` or "".
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace klappt
