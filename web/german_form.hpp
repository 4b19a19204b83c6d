// A value of a result (io.md JSON) in its German form by its declared type — shared by the
// case result and the finance report, so both show a value of one type the same way.
#pragma once

#include <optional>
#include <string>

#include "engine/runtime/program.hpp"

namespace klappt::web {

// "9365.00" of a money type → "9.365,00 €", "2021-03-15" of a date → "15.03.2021", a choice
// value → its label (the value itself when it has none); nullopt for a type without a German
// form of its own (text, numbers), which the caller shows as it sees fit.
std::optional<std::string> german_form(const Program& program, TypeId type, const std::string& value);

}  // namespace klappt::web
