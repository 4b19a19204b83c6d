// Names of results for people: what a flat output path (massnahmen.1.foerderfaehig, as
// `klappt fragen` and `klappt check --wege` report them) means in plain German — the
// output's label („förderfähig“) and the name of the module instance it belongs to
// („Maßnahme 1 (F4)“).  Works on any rule set: an instance in a list is named by the label of
// the record it was made from, its position and the code of that record's first enum field.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "engine/runtime/evaluator.hpp"

namespace klappt {

struct OutputName {
    std::string container;       // path of the module instance: massnahmen.1 ("" at the top level)
    std::string container_name;  // Maßnahme 1 (F4) ("" at the top level)
    std::string label;           // förderfähig; a record field: „Summe: Betrag“
    static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
    std::uint32_t module = kNone, definition = kNone;  // the output definition the path ends at, if any
    TypeId type = 0;                 // its type (0 when the path ends elsewhere)
    Better better = Better::none;    // its `besser`
};

class OutputNames {
public:
    // `evaluator` has started an evaluation of the case (plain mode); instances are named from
    // their arguments.  `unknown` tells which input values are not known (partial cases): a
    // field that is unknown is not used in a name.
    explicit OutputNames(Evaluator& evaluator, std::function<bool(const Value*)> unknown = {});

    OutputName name(const std::string& path);

private:
    OutputName resolve(const std::string& path);
    std::string instance_name(const Value& instance, std::uint32_t position, const std::string& fallback);

    Evaluator& ev_;
    const Program& program_;
    std::function<bool(const Value*)> unknown_;
    std::map<std::string, std::string> names_;  // container path → name
};

// „a, b und c“ (at most `shown` items, then „und N weitere Angaben“).
std::string german_list(const std::vector<std::string>& items, std::size_t shown = 1000);

}  // namespace klappt
