// The Zwischenbilanz: counts and sums over many cases, as a Kommunales
// Integrationszentrum reports them to the Land.  What is counted is declared
// in the rule set (bericht.yaml names definitions of the rules: who is
// admitted, which enum to count by, which list of measures, which amounts to
// sum: report_spec.hpp); this file only aggregates, so no Baustein, age or
// amount of the Richtlinie appears here.  The renderings: report_render.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/report/report_spec.hpp"

namespace klappt {

class Evaluator;

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

}  // namespace klappt
