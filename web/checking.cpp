#include "web/checking.hpp"

#include <map>
#include <memory>

#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/render/explanation/case_explanation.hpp"

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

Evaluator& thread_evaluator(const Program& program) {
    thread_local std::map<const Program*, std::unique_ptr<Evaluator>> evaluators;
    auto& slot = evaluators[&program];
    if (!slot) slot = std::make_unique<Evaluator>(program);
    return *slot;
}

CheckRun check_cases(const Program& program, const std::string& text, const std::string& name,
                     std::optional<DayNumber> check_date, Detail detail) {
    CheckRun run;
    auto file = std::make_shared<const SourceFile>(name, text);
    Diagnostics file_diagnostics;
    Evaluator& evaluator = thread_evaluator(program);
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
        try {
            evaluator.start(kase, detail == Detail::explained);
            checked.json = case_json(evaluator);
            if (detail == Detail::explained) {
                CaseExplanation explanation = explain_case(evaluator);
                checked.explained_json = case_json(evaluator, &explanation);
            }
            checked.valid = true;
        } catch (const EvaluationError& e) {
            std::string message = evaluation_error_text(program, e);
            checked.errors = {{"", message, {}}};
            checked.json = case_error_json(program, kase.id, checked.errors);
        }
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
