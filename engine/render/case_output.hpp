// A case's result in the forms people and programs read: JSON Lines (io.md) and a German
// summary.  Both read one CaseResult (engine/result/case_result.hpp) and cannot evaluate or
// fail; the explanation trees are part of the result itself (`people_tree`,
// `technical_tree`).
#pragma once

#include <string>

#include "engine/result/case_result.hpp"
#include "engine/render/value_json.hpp"

namespace klappt {

// Which fields a case's JSON object has.
enum class JsonFields {
    io,         // io.md: case id, check date, rule-set identity, outputs in order
    explained,  // … followed by io.md's optional explanation fields (needs result.explanation)
};

// One JSON object (no newline) of an evaluated case.  With JsonFields::explained the optional
// fields of io.md's extension follow the existing ones (case: `urteil`, `hinweise`; each
// module value: `urteil`, `rechenweg`, `entscheidend`, `hinweise`).  A result with an error is written as case_error_json.
std::string case_json(const CaseResult& result, JsonFields fields = JsonFields::io);

// `"regeln": {"version": …, "sha256": …}` — which rules gave a result (io.md), written into
// every JSON record of check and batch.
void rules_identity_json(JsonOut& out, const Program& program);

// `{"fall": …, "fehler": [{"feld": …, "meldung": …}]}` for a case that cannot be evaluated.
std::string case_error_json(const Program& program, const std::string& id, const std::vector<FieldError>& errors);

// How the German summary is written.
struct TextOptions {
    bool ids = false;  // rule names after each reason (for policy authors)
};

// The German summary of an evaluated case: the verdict first, per module value (measure) its
// verdict, the calculation line of each amount and the deciding reasons — all read from
// result.explanation (a result without it shows the values only).
std::string case_text(const CaseResult& result, const TextOptions& options = {});

}  // namespace klappt
