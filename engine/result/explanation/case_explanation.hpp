// What a person reads first about a case, as data: the verdict in one sentence, per
// module value (e.g. per measure) its verdict, the calculation line of every amount and
// the reasons that decided it.  Built once from an evaluation (its values and trace) and
// read by every renderer — the German summary, the JSON fields of `klappt check --json
// --erklaerung`, the web desk.  All wording comes from the rule files (`urteil`,
// `rechenweg`, `wenn_nicht`, `hinweis`, labels, sources); nothing here knows a Baustein.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/evaluator.hpp"

namespace klappt {

// One condition that decided a result.
struct DecidingReason {
    enum class Kind {
        condition,    // a rule that held (✓) or failed (✗)
        alternative,  // a result that holds through another way: which one applied and why not the first
        note,         // a rule's `hinweis` (shown because the rule holds)
    };
    Kind kind = Kind::condition;
    bool holds = true;
    std::string text;            // positive label when held, its `wenn_nicht` text when failed
    std::string source;          // legal source
    std::string rule;            // qualified rule name (`zielgruppe.alter_passt`), shown only on request
    bool interpretation = false; // rests on an interpretation (Auslegung)
    std::string exception;       // the exception that decided, if one did
};

// A calculation line: „Betrag: 266 von 400 Unterrichtsstunden … = 10.305,50 €“.
struct CalculationLine {
    std::string definition;  // output name (`betrag`)
    std::string label;       // its label (`Betrag`)
    std::string text;        // the `rechenweg`, filled with the evaluated values
};

// One module value shown on its own, e.g. a measure.
struct ItemExplanation {
    std::string output;  // the output it belongs to (`massnahmen`)
    std::string title;   // „Maßnahmen 1“
    std::uint32_t number = 0;
    std::string verdict;  // from the outputs' `urteil`/`wenn_nicht`, "" when none is declared
    std::vector<CalculationLine> calculations;
    std::vector<DecidingReason> reasons;  // of the module's reasons(…) output, the deciding ones
    std::vector<std::string> notes;       // `hinweis` texts of rules that hold
    const Frame* frame = nullptr;         // the module value, valid while the evaluation lives
};

// The deciding reasons of one reasons(…) output.
struct ReasonList {
    std::string definition;  // output name (`gruende`)
    std::vector<DecidingReason> reasons;
};

struct CaseExplanation {
    std::string verdict;  // one sentence, "" when the rule set declares no `urteil`
    std::vector<CalculationLine> calculations;  // of top-level outputs
    std::vector<ReasonList> reasons;            // of top-level reasons(…) outputs
    std::vector<std::string> notes;
    std::vector<ItemExplanation> items;
};

// Builds the explanation of the case just evaluated (evaluation must have been traced).
// May throw EvaluationError, like any evaluation.
CaseExplanation explain_case(Evaluator& evaluator);

// The deciding reasons of rule `definition` in `frame` (see deciding_reasons.cpp).
std::vector<DecidingReason> deciding_reasons(Evaluator& evaluator, Frame* frame, std::uint32_t definition);

// The first alternative of a text of a definition of `frame`'s module whose condition holds,
// filled with evaluated values; nullopt when none applies (or none is declared).
std::optional<std::string> fill_template(Evaluator& evaluator, const TextTemplates& text, Frame* frame);

// How definition `d` of `frame` was computed: its `rechenweg`; without one, the rechenweg of
// the definition its value was taken from (through `if`), else its value.
std::string calculation_text(Evaluator& evaluator, Frame* frame, std::uint32_t d);

// A rule's text for its value: label when it holds, `wenn_nicht` (else „nicht: label“) when not.
std::string rule_text(Evaluator& evaluator, Frame* frame, std::uint32_t definition, bool holds);

}  // namespace klappt
