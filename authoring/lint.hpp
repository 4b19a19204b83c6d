// `klappt lint`: warnings about a rule set that loads but may not say what its author
// meant — unused declarations, conditions that cannot change, exceptions that never
// apply, parameters with gaps, missing sources, untested outputs, undeclared rounding —
// and an inventory of the example values in use.  Each kind of finding has a stable id
// and a page docs/lints/<id>.md (what, why, an example, how to fix).
//
// A finding is suppressed by a comment on its line or the line above:
//     # klappt-lint: ignoriere unbenutzt
#pragma once

#include <string>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "engine/runtime/program.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/ruletest/rule_tests.hpp"

namespace klappt::authoring {

struct LintKind {
    std::string id;        // stable, e.g. "unbenutzt"
    std::string category;  // Sorgfalt, Logik, Nachweis, Tests, Werte
    std::string title;     // one line, German
    std::string hint;      // the one-line hint printed under each finding
    bool inventory = false;  // an inventory entry (Severity::note): listed, but not a warning
    bool fixable = false;    // `klappt lint --fix` repairs it
};

const std::vector<LintKind>& lint_catalogue();
const LintKind* find_lint(const std::string& id);

struct LintInput {
    const Program* program = nullptr;
    const RuleSetSources* sources = nullptr;
    // What the rule tests evaluated (RuleTestRunner::record_coverage), for untested outputs;
    // null: that lint is left out.
    const RuleCoverage* tests = nullptr;
};

// All findings, each a Diagnostic with `code` = the lint id (warning, or note for an
// inventory entry) and, when safe, a `fix`.  Sorted by file and position.
std::vector<Diagnostic> lint(const LintInput& input);

// `file:line:col: warning: message [id]`, the line, a caret, and `  Hinweis: …`.
std::string render_finding(const Diagnostic& finding);

// The text of `file` with the fixes of `findings` that belong to it applied.
std::string apply_fixes(const SourceFile& file, const std::vector<Diagnostic>& findings);

}  // namespace klappt::authoring
