// The minimal interview on the case page.  A form with empty fields is a partial case
// (engine/fragen): the page asks for exactly the facts `klappt fragen` lists, in its
// order and with its reasons, hides the empty fields no result depends on, and shows
// the result as soon as it stands — even while such fields are still empty.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/fragen/interview.hpp"
#include "engine/runtime/program.hpp"

namespace klappt::web {

// The interview of a case given as io.md YAML, when the case reads as a partial case
// with at least one unknown fact; nullopt for a complete case or one with errors other
// than missing facts (those are shown as errors).
std::optional<Interview> form_interview(const Program& program, const std::string& yaml);

// The fields the form asks for, in order: the facts that change a result, then those the
// search could not decide about (they may matter).
std::vector<std::string> asked_fields(const Interview& asked);

// The panel beside the form while facts are missing: the questions in order, each with
// why and a link to its field, and what is still open.  Carries the field paths the
// form asks for and those it does not need (data attributes), for the page's script.
std::string render_questions(const Program& program, const Interview& interview);

// An empty marker for a case that asks nothing (the script clears the form's marks).
std::string no_questions_marker();

// The German name of a flat output path: massnahmen.1.foerderfaehig → „förderfähig (Maßnahme 1)“.
std::string output_path_label(const Program& program, const std::string& path);

}  // namespace klappt::web
