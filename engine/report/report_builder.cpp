// Adding cases to the Zwischenbilanz.  See report.hpp.
#include "engine/report/report.hpp"

#include "engine/runtime/evaluator.hpp"

namespace klappt {

namespace {

const EnumType& enum_of(const RuleSet& rules, TypeId t) {
    return rules.enums[rules.types[rules.types.strip_optional(t)].ref];
}

std::vector<ReportRow> enum_rows(const RuleSet& rules, TypeId t) {
    std::vector<ReportRow> rows;
    const EnumType& e = enum_of(rules, t);
    for (std::size_t i = 0; i < e.values.size(); ++i)
        rows.push_back({e.values[i], e.value_labels[i].empty() ? e.values[i] : e.value_labels[i], 0});
    return rows;
}

}  // namespace

ReportBuilder::ReportBuilder(const Program& program, const ReportSpec& spec) : program_(program), spec_(spec) {
    const RuleSet& rules = program.rules;
    report_.title = spec.title;
    report_.admitted_label = spec.admitted_label;
    for (const auto& p : spec.persons) {
        ReportPersonCount count{p.id, p.label, p.by_enum, 0, {}};
        if (p.by_enum) count.rows = enum_rows(rules, program.definition(p.ref.module, p.ref.definition).type);
        report_.persons.push_back(std::move(count));
    }
    const Module& measure = rules.modules[spec.measure_module];
    report_.measures_label = spec.measures_label;
    report_.group_label = spec.group_label;
    for (const auto& c : spec.subsets) report_.subset_columns.push_back({c.id, c.label, "", ""});
    for (const auto& c : spec.marked) report_.marked_columns.push_back({c.id, c.label, c.note_one, c.note_many});
    for (const auto& s : spec.sums) {
        report_.sum_names.push_back(s.name);
        report_.sum_labels.push_back(s.label);
    }
    for (auto& row : enum_rows(rules, measure.definitions[spec.group].type)) {
        ReportMeasureRow r;
        r.key = row.key;
        r.label = row.label;
        r.subsets.assign(spec.subsets.size(), 0);
        r.sums.assign(spec.sums.size(), 0);
        r.marked.assign(spec.marked.size(), 0);
        report_.measure_rows.push_back(std::move(r));
    }
    report_.measure_total.key = "summe";
    report_.measure_total.label = "Summe";
    report_.measure_total.subsets.assign(spec.subsets.size(), 0);
    report_.measure_total.sums.assign(spec.sums.size(), 0);
    report_.measure_total.marked.assign(spec.marked.size(), 0);
}

void ReportBuilder::add(Evaluator& ev) {
    auto global = [&](const ReportSpec::Ref& r) { return ev.force(ev.singleton(r.module), r.definition); };
    // Evaluate everything first, so that an evaluation error leaves the report untouched.
    bool admitted = global(spec_.admitted).b;
    std::vector<Value> person_values;
    std::vector<std::int64_t> persons_in_group(report_.measure_rows.size(), 0);
    Report next = report_;
    ++next.cases;
    const RuleSet& rules = program_.rules;
    if (rules.check_date_input) {
        DayNumber day = ev.current_case().inputs[*rules.check_date_input].day;
        if (!next.first_check_date || day < *next.first_check_date) next.first_check_date = day;
        if (!next.last_check_date || day > *next.last_check_date) next.last_check_date = day;
    }
    if (admitted) {
        ++next.admitted;
        for (std::size_t i = 0; i < spec_.persons.size(); ++i) {
            Value v = global(spec_.persons[i].ref);
            if (!v.present) continue;
            if (spec_.persons[i].by_enum) ++next.persons[i].rows[v.ordinal].count;
            else if (v.b) ++next.persons[i].count;
        }
        std::vector<bool> in_subset(spec_.subsets.size());
        for (std::size_t c = 0; c < spec_.subsets.size(); ++c) {
            Value v = global(spec_.subsets[c].ref);
            in_subset[c] = v.present && v.b;
        }
        Value list = global(spec_.list);
        bool any = false;
        for (std::uint32_t i = 0; i < list.list.size; ++i) {
            Frame* frame = list.list.items[i].frame;
            if (!ev.force(frame, spec_.counts).b) continue;
            Value group = ev.force(frame, spec_.group);
            if (!group.present) continue;
            ReportMeasureRow& row = next.measure_rows[group.ordinal];
            ++row.measures;
            ++next.measure_total.measures;
            for (std::size_t s = 0; s < spec_.sums.size(); ++s) {
                std::int64_t cents = ev.force(frame, spec_.sums[s].definition).i;
                row.sums[s] += cents;
                next.measure_total.sums[s] += cents;
            }
            for (std::size_t c = 0; c < spec_.marked.size(); ++c)
                if (ev.force(frame, spec_.marked[c].definition).b) {
                    ++row.marked[c];
                    ++next.measure_total.marked[c];
                }
            persons_in_group[group.ordinal] = 1;
            any = true;
        }
        for (std::size_t g = 0; g < persons_in_group.size(); ++g) {
            if (!persons_in_group[g]) continue;
            ++next.measure_rows[g].persons;
            for (std::size_t c = 0; c < in_subset.size(); ++c) next.measure_rows[g].subsets[c] += in_subset[c];
        }
        if (any) {
            ++next.measure_total.persons;
            for (std::size_t c = 0; c < in_subset.size(); ++c) next.measure_total.subsets[c] += in_subset[c];
        }
    }
    report_ = std::move(next);
}

}  // namespace klappt
