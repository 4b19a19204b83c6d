// A check as the Prüfprotokoll records it: evaluated once with the trace, rendered
// the way `klappt check --json` and `--explain` render it.
#include "engine/base/calendar.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/protokoll/protokoll.hpp"

namespace klappt::protokoll {

CheckInput record_of(const CaseResult& result, std::string facts, const std::string& user, bool check_date_given) {
    const Program& program = *result.program;
    const Case& kase = *result.facts;
    CheckInput check;
    check.case_id = kase.id;
    check.facts = std::move(facts);
    if (program.rules.check_date_input)
        check.check_date = calendar::iso(calendar::from_day_number(kase.inputs[*program.rules.check_date_input].day));
    check.check_date_given = check_date_given;
    check.result_json = case_json(result);
    check.explanation = result.technical_tree;
    check.user = user;
    return check;
}

CheckInput evaluate_check(const Program& program, std::string_view facts_yaml, const std::string& user,
                          std::optional<DayNumber> check_date) {
    auto file = std::make_shared<const SourceFile>("fall.yaml", std::string(facts_yaml));
    CaseFile cases = load_cases_yaml(program, file);
    if (cases.cases.size() != 1) throw Error(Error::Kind::invalid_input, "erwartet genau einen Fall, gefunden: " + std::to_string(cases.cases.size()));
    CaseDocument& doc = cases.cases.front();
    if (!doc.data) {
        std::string message = "Fall " + doc.id + " ist nicht auswertbar:";
        for (const auto& e : doc.errors) message += "\n  " + (e.field.empty() ? std::string() : e.field + ": ") + e.message;
        throw Error(Error::Kind::invalid_input, message);
    }
    if (check_date) {
        if (!program.rules.check_date_input) throw Error(Error::Kind::invalid_input, "das Regelwerk nennt keinen Stichtag");
        doc.data->inputs[*program.rules.check_date_input] = Value::date(*check_date);
    }
    CaseRunner runner(program);
    ResultDetail detail;
    detail.technical_tree = true;
    const CaseResult& result = runner.run(*doc.data, detail);
    if (!result.evaluated()) throw Error(Error::Kind::invalid_input, "Fall " + doc.id + ": " + result.error);
    return record_of(result, std::string(facts_yaml), user, check_date.has_value());
}

}  // namespace klappt::protokoll
