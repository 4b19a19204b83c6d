// `klappt docs --out DIR`: the rule set as HTML for people who read the Richtlinie —
// one page per module (in the order the rule set's modules cite the Richtlinie: by the
// first „Nr. x.y“ of their source, then by file), each definition with its title, source,
// interpretation, its formula as written, what it uses and where it is used (links), and
// examples from the rule tests; one page with every parameter's history (validity, value,
// art, source).  Self-contained files (inline CSS, no scripts), readable printed.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/runtime/program.hpp"
#include "engine/ruletest/rule_tests.hpp"

namespace klappt::authoring {

// File name → HTML text.
std::map<std::string, std::string> generate_docs(const Program& program, const std::vector<RuleTest>& tests);

}  // namespace klappt::authoring
