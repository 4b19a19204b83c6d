// Running rule tests (see rule_tests.hpp for the file format): each test's case is loaded
// under the rule set — with the test's parameter values, a variant of it — evaluated, and
// compared with the expectation (comparison.cpp); rule coverage is read off the trace.
#include "engine/ruletest/rule_tests.hpp"

#include <algorithm>
#include <limits>

#include "engine/base/calendar.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "engine/ruletest/comparison.hpp"
#include "engine/ruletest/test_keys.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/runtime/trace_walk.hpp"

namespace klappt {

using namespace ruletest;

struct RuleTestRunner::Impl {
    std::shared_ptr<const Program> base;
    // Rule sets with parameter values replaced, by the test's replacement list.
    std::map<std::string, std::unique_ptr<Program>> variants;
    Arena arena;  // parameter values of the variants
    std::vector<std::string> rule_names;
    RuleCoverage* coverage = nullptr;

    explicit Impl(std::shared_ptr<const Program> p) : base(std::move(p)) {
        const RuleSet& rules = base->rules;
        for (std::uint32_t m = 0; m < rules.modules.size(); ++m)
            for (std::uint32_t d = 0; d < rules.modules[m].definitions.size(); ++d)
                if (rules.modules[m].definitions[d].kind == DefinitionKind::rule)
                    rule_names.push_back(rules.qualified_name(m, d));
    }

    const Program* program_for(const RuleTest& test, Diagnostics& diags) {
        if (test.parameters.empty()) return base.get();
        std::string key;
        for (auto& [name, value, span] : test.parameters) key += name + "=" + value + "\n";
        if (auto it = variants.find(key); it != variants.end()) return it->second.get();
        auto variant = std::make_unique<Program>(*base);
        const RuleSet& rules = variant->rules;
        std::vector<std::string> names;
        for (auto& p : rules.params) names.push_back(p.name);
        bool ok = true;
        for (auto& [name, value, span] : test.parameters) {
            auto pos = std::find(names.begin(), names.end(), name);
            if (pos == names.end()) {
                diags.error(test.file, span, "Test „" + test.name + "“: unbekannter Parameter „" + name + "“" +
                                                 did_you_mean(name, names));
                ok = false;
                continue;
            }
            auto p = static_cast<std::size_t>(pos - names.begin());
            auto parsed = parse_scalar(rules, rules.params[p].type, value, arena);
            if (!parsed.value) {
                diags.error(test.file, span, "Test „" + test.name + "“: Parameter „" + name + "“: " + parsed.error);
                ok = false;
                continue;
            }
            ParameterVersion version;
            version.from = std::numeric_limits<DayNumber>::min();
            version.value = *parsed.value;
            version.provenance = Provenance::interpretation;
            version.source = "im Regeltest gesetzt";
            variant->parameters[p].versions = {version};
        }
        if (!ok) return nullptr;
        return variants.emplace(key, std::move(variant)).first->second.get();
    }
};

namespace {

// The place in the test file where an invalid field of an inline case is written.
Span inline_span(const RuleTest& test, const std::string& field) {
    std::string path = field;
    while (!path.empty()) {
        if (auto it = test.inline_spans.find(path); it != test.inline_spans.end()) return it->second;
        auto dot = path.rfind('.');
        path = dot == std::string::npos ? "" : path.substr(0, dot);
    }
    return test.case_span;
}

}  // namespace

namespace {

// Every definition the outputs were computed from, by the trace: what each rule came to
// and whether each exception of a definition decided.
void record(Evaluator& ev, RuleCoverage& coverage, const std::vector<std::pair<Frame*, std::uint32_t>>& forced) {
    const RuleSet& rules = ev.program().rules;
    for_each_reached_definition(ev, forced, [&](Frame* frame, std::uint32_t d, const Slot& slot) {
        const Definition& def = rules.modules[frame->module].definitions[d];
        coverage.evaluated.insert({frame->module, d});
        if (def.kind == DefinitionKind::rule && slot.value.present) {
            auto& s = coverage.rules[{frame->module, d}];
            (slot.value.b ? s.yes : s.no) = true;
        }
        for (std::uint32_t e = 0; e < def.exceptions.size(); ++e) {
            auto& s = coverage.exceptions[{frame->module, d, e}];
            if (slot.exception == static_cast<std::int8_t>(e)) s.yes = true;
            else if (slot.exception < 0 || slot.exception > static_cast<std::int8_t>(e)) s.no = true;
        }
    });
}

}  // namespace

void RuleTestRunner::record_coverage(RuleCoverage* coverage) { impl_->coverage = coverage; }

RuleTestRunner::RuleTestRunner(std::shared_ptr<const Program> program) : impl_(std::make_unique<Impl>(std::move(program))) {}
RuleTestRunner::~RuleTestRunner() = default;

RuleTestResult RuleTestRunner::run(const RuleTest& test, Diagnostics& diagnostics) {
    RuleTestResult result;
    std::size_t errors_before = diagnostics.error_count();
    const Program* program = impl_->program_for(test, diagnostics);
    if (!program) {
        result.mismatches.push_back("Parameter des Tests ungültig");
        return result;
    }
    const std::string where = "Test „" + test.name + "“: ";

    // The case.
    SourceRef source;
    if (test.case_file.empty()) {
        source = std::make_shared<SourceFile>(test.file->name() + " (" + test.name + ")", test.inline_case);
    } else {
        std::string error;
        source = read_source_file(test.case_file, error);
        if (!source) {
            diagnostics.error(test.file, test.case_span, where + error);
            result.mismatches.push_back("Falldatei nicht lesbar");
            return result;
        }
    }
    CaseFile cases = load_cases_yaml(*program, source);
    CaseDocument* doc = nullptr;
    if (!test.case_selector.empty()) {
        for (auto& c : cases.cases)
            if (c.id == test.case_selector) doc = &c;
        if (!doc) {
            diagnostics.error(test.file, test.case_span, where + "kein Fall „" + test.case_selector + "“ in " +
                                                             test.case_file);
            result.mismatches.push_back("Fall nicht gefunden");
            return result;
        }
    } else if (cases.cases.size() == 1) {
        doc = &cases.cases[0];
    } else {
        diagnostics.error(test.file, test.case_span,
                          where + (cases.cases.empty() ? "kein Fall in der Datei"
                                                       : "die Datei enthält mehrere Fälle; „kennung:“ wählt einen"));
        result.mismatches.push_back("Fall nicht eindeutig");
        return result;
    }

    const Expectation* invalid = nullptr;
    for (std::size_t i = 0; i < test.expected.keys.size(); ++i)
        if (test.expected.keys[i] == kInvalidKey) invalid = &test.expected.values[i];

    if (!doc->data) {
        if (invalid) {
            std::vector<std::string> expected, actual;
            if (invalid->kind == Expectation::Kind::list)
                for (auto& item : invalid->items) expected.push_back(item.text);
            for (auto& e : doc->errors) actual.push_back(e.field);
            std::sort(expected.begin(), expected.end());
            std::sort(actual.begin(), actual.end());
            actual.erase(std::unique(actual.begin(), actual.end()), actual.end());
            if (expected != actual)
                result.mismatches.push_back("fehler: erwartet [" + join(expected) + "], ist [" + join(actual) + "]");
            result.passed = result.mismatches.empty() && test.expected.keys.size() == 1;
            if (test.expected.keys.size() != 1)
                result.mismatches.push_back("bei „fehler:“ ist keine weitere Erwartung möglich");
            return result;
        }
        if (test.case_file.empty()) {
            for (auto& e : doc->errors)
                diagnostics.error(test.file, inline_span(test, e.field),
                                  where + "Fall: " + (e.field.empty() ? "" : e.field + ": ") + e.message);
        } else {
            diagnostics.append(cases.diagnostics);
        }
        std::vector<std::string> fields;
        for (auto& e : doc->errors) fields.push_back(e.field.empty() ? e.message : e.field);
        result.mismatches.push_back("Fall nicht auswertbar (" + join(fields) + ")");
        return result;
    }

    Case& kase = *doc->data;
    const RuleSet& rules = program->rules;
    if (!test.check_date.empty()) {
        auto day = calendar::parse(test.check_date);
        if (!day) {
            diagnostics.error(test.file, test.check_date_span,
                              where + "stichtag: „" + test.check_date + "“ ist kein gültiges Datum (JJJJ-MM-TT)");
            result.mismatches.push_back("Stichtag ungültig");
            return result;
        }
        if (!rules.check_date_input) {
            diagnostics.error(test.file, test.check_date_span, where + "das Regelwerk nennt keinen Stichtag");
            result.mismatches.push_back("Stichtag nicht möglich");
            return result;
        }
        kase.inputs[*rules.check_date_input] = Value::date(calendar::day_number(*day));
    }

    Evaluator evaluator(*program);
    try {
        evaluator.start(kase, impl_->coverage != nullptr);
        auto forced = compare_with_expectation(evaluator, test, impl_->rule_names, diagnostics, result);
        if (impl_->coverage) record(evaluator, *impl_->coverage, forced);
    } catch (const EvaluationError& e) {
        result.mismatches.push_back("nicht auswertbar: " + evaluation_error_text(*program, e));
    }
    result.passed = result.mismatches.empty() && diagnostics.error_count() == errors_before;
    return result;
}

}  // namespace klappt
