// What reading rows from CSV and from YAML shares (record_rows_csv.cpp, record_rows_yaml.cpp)
// and the finance run uses too.  Private to engine/finance.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/input/case_loader.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

class Evaluator;

// A field left empty: its declared default, else no value.
Value default_of(const FieldType& field, Arena& arena);

// The list input's element record, or null with `error` set.
const RecordType* element_record(const Program& program, std::uint32_t input, TypeId& element, std::string& error);

// Runs the record checks of the pending rows; returns, per pending row, its failed checks.
std::vector<std::vector<FieldError>> failed_checks(Evaluator& checks, const Case& kase,
                                                   const std::vector<PendingCheck>& pending);

}  // namespace klappt
