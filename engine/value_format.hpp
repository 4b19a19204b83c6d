// Writing values for people (German: 9.365,00 €, 15.03.2021, ja/nein, enum
// labels) and for machines (JSON: "9365.00", "2021-03-15", true, enum names).
// One place, so that text output, explanations, CSV and JSON agree.
#pragma once

#include <string>

#include "engine/program.hpp"

namespace klappt {

// Short German rendering of a scalar (and a summary of lists/records).
std::string german_value(const Program& program, const Value& v, TypeId type);

// The name of an enum value as written in rules and case files (`F4`), not its label.
std::string enum_value_name(const Program& program, const Value& v, TypeId type);

// JSON for any value; module instances are written by the caller's callback.
class JsonOut {
public:
    explicit JsonOut(std::string& out) : out_(out) {}
    void string(std::string_view s);
    void raw(std::string_view s) { out_.append(s); }
    void key(std::string_view k) {
        string(k);
        out_.push_back(':');
    }
    std::string& buffer() { return out_; }

private:
    std::string& out_;
};

// Writes a scalar, list or record; instances are handed to `instance` (may be null: written as null).
template <typename InstanceWriter>
void json_value(JsonOut& out, const Program& program, const Value& v, TypeId type, InstanceWriter&& instance);

std::string json_scalar(const Program& program, const Value& v, TypeId type);

}  // namespace klappt

#include "engine/value_format_inl.hpp"
