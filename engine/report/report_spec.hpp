// The specification of the Zwischenbilanz (bericht.yaml), resolved against a rule set: which
// definitions say who is admitted, what to count by, which list of measures and which amounts
// to sum.  The rule set declares all of it, so no Baustein, age or amount appears in C++.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

// A resolved report specification (names looked up and type-checked against the rule set).
struct ReportSpec {
    struct Ref {
        std::uint32_t module = 0, definition = 0;
        std::string name;  // as written, for messages
    };
    struct PersonCount {
        std::string id, label;
        Ref ref;
        bool by_enum = false;  // false: count where the bool holds
    };
    struct Sum {
        std::uint32_t definition = 0;  // in the measure module
        std::string name, label;
    };
    // `davon:` — among the persons of each measure row, those for whom a bool (per person) holds:
    // a column per entry (text, CSV: `label`; JSON key: `id`).
    struct SubsetCount {
        std::string id, label;
        Ref ref;
    };
    // `markiert:` — the measures of each row for which a bool of the measure module holds: a column
    // in CSV and JSON, and in text the sentence `note_one`/`note_many` (one or several marked
    // measures; `{}` is their number, a second `{}` the number of all counted measures).
    struct MarkedCount {
        std::string id, label;
        std::uint32_t definition = 0;  // in the measure module
        std::string note_one, note_many;  // empty: no sentence
    };
    std::string title;
    Ref admitted;
    std::string admitted_label;
    std::vector<PersonCount> persons;
    // Measures
    Ref list;                         // list of module values
    std::uint32_t measure_module = 0;
    std::string measures_label;
    std::uint32_t group = 0;          // enum definition in the measure module
    std::string group_label;          // the header of the rows' column: `spalte:`, else the label of its enum
    std::uint32_t counts = 0;         // bool definition: the measure counts
    std::vector<SubsetCount> subsets;
    std::vector<Sum> sums;
    std::vector<MarkedCount> marked;
};

// Reads and resolves a report specification; problems are diagnostics at file:line:col.
std::optional<ReportSpec> load_report_spec(const Program& program, const SourceRef& file, Diagnostics& diagnostics);

}  // namespace klappt
