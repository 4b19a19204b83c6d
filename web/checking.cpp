#include "web/checking.hpp"

#include <map>
#include <memory>

#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"

namespace klappt::web {

bool CheckRun::all_valid() const {
    if (!file_problem.empty() || cases.empty()) return false;
    for (const auto& c : cases)
        if (!c.valid) return false;
    return true;
}

std::string CheckRun::json_lines() const {
    std::string out;
    for (const auto& c : cases) out += c.json + "\n";
    return out;
}

CaseRunner& thread_runner(const Program& program) {
    thread_local std::map<const Program*, std::unique_ptr<CaseRunner>> runners;
    auto& slot = runners[&program];
    if (!slot) slot = std::make_unique<CaseRunner>(program);
    return *slot;
}

Evaluator& thread_evaluator(const Program& program) { return thread_runner(program).evaluator(); }

namespace {

// The first line: the check unless it cannot be evaluated.
void checked_result(const CaseResult& result, Detail detail, CheckedCase& checked) {
    checked.json = case_json(result);
    if (!result.evaluated()) {
        checked.errors = {{"", result.error, {}}};
        return;
    }
    if (detail == Detail::explained) checked.explained_json = case_json(result, JsonFields::explained);
    checked.valid = true;
}

}  // namespace

CheckRun check_cases(const Program& program, const std::string& text, const std::string& name,
                     std::optional<DayNumber> check_date, Detail detail) {
    CheckRun run;
    auto file = std::make_shared<const SourceFile>(name, text);
    Diagnostics file_diagnostics;
    CaseRunner& runner = thread_runner(program);
    ResultDetail wanted;
    wanted.explanation = detail == Detail::explained;
    bool any = for_each_case_yaml(program, file, file_diagnostics, [&](CaseDocument& doc, const Diagnostics&) {
        CheckedCase checked;
        checked.id = doc.id;
        if (!doc.data) {
            checked.errors = doc.errors;
            checked.json = case_error_json(program, doc.id, doc.errors);
            run.cases.push_back(std::move(checked));
            return;
        }
        Case& kase = *doc.data;
        if (check_date && program.rules.check_date_input)
            kase.inputs[*program.rules.check_date_input] = Value::date(*check_date);
        checked_result(runner.run(kase, wanted), detail, checked);
        run.cases.push_back(std::move(checked));
    });
    if (!any || run.cases.empty()) {
        std::string text_of_problems = render(file_diagnostics);
        run.file_problem = text_of_problems.empty() ? "keine Fälle gefunden" : text_of_problems;
    }
    return run;
}

}  // namespace klappt::web

#include "engine/timeline/timeline.hpp"

namespace klappt::web {

TimelineRun timelines(const Program& program, const std::string& text, const std::string& name) {
    TimelineRun run;
    if (program.manifest.timelines.empty()) {
        run.file_problem = "das Regelwerk erklärt keine Zeitachse (regelwerk.yaml: zeitachse)";
        run.all_valid = false;
        return run;
    }
    DayNumber from = program.manifest.timeline_from.value_or(0);
    DayNumber to = program.manifest.timeline_to.value_or(from + 365);
    auto file = std::make_shared<const SourceFile>(name, text);
    Diagnostics file_diagnostics;
    Evaluator& evaluator = thread_evaluator(program);
    std::size_t documents = 0;
    bool any = for_each_case_yaml(program, file, file_diagnostics, [&](CaseDocument& doc, const Diagnostics&) {
        ++documents;
        if (!doc.data) {
            run.all_valid = false;
            run.json_lines += case_error_json(program, doc.id, doc.errors) + "\n";
            return;
        }
        try {
            Timeline t = compute_timeline(evaluator, *doc.data, from, to);
            run.json_lines += timeline_json(t) + "\n";
            if (run.svg.empty()) {
                run.svg = timeline_svg(t);
                run.text = timeline_text(t);
            }
        } catch (const EvaluationError& e) {
            run.all_valid = false;
            run.json_lines += case_error_json(program, doc.data->id, {{"", evaluation_error_text(program, e), {}}}) + "\n";
        }
    });
    if (!any || documents == 0) {
        run.all_valid = false;
        std::string problems = render(file_diagnostics);
        run.file_problem = problems.empty() ? "keine Fälle gefunden" : problems;
    }
    return run;
}

}  // namespace klappt::web
