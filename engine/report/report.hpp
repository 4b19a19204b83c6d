// The Zwischenbilanz: counts and sums over many cases, as a Kommunales
// Integrationszentrum reports them to the Land.  What is counted is declared
// in the rule set (bericht.yaml names definitions of the rules: who is
// admitted, which enum to count by, which list of measures, which amounts to
// sum); this file only aggregates and renders, so no Baustein, age or amount
// of the Richtlinie appears here.
//
// Renderings: German text (people), CSV for Excel (`;`, decimal comma,
// UTF-8 with BOM, header row) and JSON (machines).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

class Evaluator;

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

struct ReportRow {
    std::string key;    // enum value name (machine)
    std::string label;  // enum value label (people)
    std::int64_t count = 0;
};

struct ReportPersonCount {
    std::string id, label;
    bool by_enum = false;
    std::int64_t count = 0;        // bool counts
    std::vector<ReportRow> rows;   // enum counts
};

struct ReportMeasureRow {
    std::string key, label;
    std::int64_t persons = 0, measures = 0;
    std::vector<std::int64_t> subsets;  // persons, in the order of the spec's `davon:`
    std::vector<std::int64_t> sums;     // cents, in the order of the spec's sums
    std::vector<std::int64_t> marked;   // measures, in the order of the spec's `markiert:`
};

// A column of the measure table declared by the spec (`davon:`, `markiert:`).
struct ReportColumn {
    std::string id, label;
    std::string note_one, note_many;  // `markiert:` only: the sentence under the table
};

struct Report {
    std::string title;
    std::int64_t cases = 0, invalid = 0;
    std::optional<DayNumber> first_check_date, last_check_date;
    std::string admitted_label;
    std::int64_t admitted = 0;
    std::vector<ReportPersonCount> persons;
    std::string measures_label, group_label;
    std::vector<std::string> sum_names, sum_labels;
    std::vector<ReportColumn> subset_columns, marked_columns;
    std::vector<ReportMeasureRow> measure_rows;
    ReportMeasureRow measure_total;  // persons = persons with at least one counted measure
};

// Adds cases one at a time.
class ReportBuilder {
public:
    ReportBuilder(const Program& program, const ReportSpec& spec);
    // The case must have been started on `evaluator`; may throw EvaluationError (then nothing is added).
    void add(Evaluator& evaluator);
    void add_invalid() {
        ++report_.cases;
        ++report_.invalid;
    }
    const Report& report() const { return report_; }

private:
    const Program& program_;
    const ReportSpec& spec_;
    Report report_;
};

// The sentences of `markiert:` for the totals (one per marked count above zero that has one),
// numbers with German thousands dots.
std::vector<std::string> report_notes(const Report& report);

std::string report_text(const Report& report);
std::string report_csv(const Report& report);   // with BOM, CRLF line ends
std::string report_json(const Report& report);  // one object, newline at the end

}  // namespace klappt
