// Values as people read them (German: 9.365,00 €, 15.03.2021, ja/nein, enum labels).
// In the runtime because the language's own `format` builtin writes values this way;
// every text output (summaries, explanations, CSV) uses the same words.
#pragma once

#include <string>

#include "engine/runtime/program.hpp"

namespace klappt {

// Short German rendering of a scalar (and a summary of lists/records).
std::string german_value(const Program& program, const Value& v, TypeId type);

// The name of an enum value as written in rules and case files (`F4`), not its label.
std::string enum_value_name(const Program& program, const Value& v, TypeId type);

}  // namespace klappt
