// Reading one scalar cell (from YAML, CSV or a command-line option) as a
// value of a declared type.  Shared by every loader so that "30.02.2001",
// "-5" or "1.234,567" give the same message wherever they appear.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dsl/rule_set.hpp"
#include "engine/base/arena.hpp"
#include "engine/base/money.hpp"
#include "engine/base/value.hpp"

namespace klappt {

struct ScalarResult {
    std::optional<Value> value;
    std::string error;  // German, says what was expected; empty on success
};

// `type` must be a scalar type (bool, int, decimal, money, date, text, enum), optional or not.
// Texts are copied into `arena`.  Money must not be negative.
ScalarResult parse_scalar(const RuleSet& rules, TypeId type, std::string_view text, Arena& arena,
                          money::Notation notation = money::Notation::machine);

// What the type accepts, e.g. "ein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)"; for messages.
std::string expected_text(const RuleSet& rules, TypeId type);

bool is_scalar_type(const RuleSet& rules, TypeId type);

// true/false, ja/nein, yes/no, wahr/falsch, 1/0 (any case).
std::optional<bool> parse_bool(std::string_view text);

}  // namespace klappt
