// A case (Fall): the values of a rule set's inputs for one person (or one
// finance run), with the arena that owns its texts, records and lists.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "engine/base/arena.hpp"
#include "engine/base/value.hpp"

namespace klappt {

struct Case {
    std::string id;             // the case id as text, for messages and results
    std::vector<Value> inputs;  // one per rule-set input, in declaration order
    Arena arena;
};

// One invalid field of a case: the field path (person.kinder.1.geburtsdatum) and what is wrong.
struct FieldError {
    std::string field;
    std::string message;
    Span span;  // in the case file
};

// One case as read from a file: either a case or its field errors (never both).
struct CaseDocument {
    SourceRef file;
    Span span;       // where the case starts
    std::string id;  // as far as it could be read; else "Dokument N"
    std::unique_ptr<Case> data;
    std::vector<FieldError> errors;
};

struct CaseFile {
    std::vector<CaseDocument> cases;
    Diagnostics diagnostics;  // file-level problems and every case's field errors, rendered as file:line:col
};

}  // namespace klappt
