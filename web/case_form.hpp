// The case form: generated from the rule set's input declarations (field labels,
// types, enum value labels), so no field, status or Baustein is written here.
// The form's state is the case as a YAML tree of what was typed, in declaration
// order; it converts to and from the io.md YAML the store, the import and the
// export use.  Field names are the io.md field paths (person.geburtsdatum,
// massnahmen.1.beginn), so the loader's errors land next to their field.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/runtime/case_data.hpp"
#include "engine/runtime/program.hpp"

namespace klappt::web {

// The posted form: field path → value (the last one wins), plus the action button pressed.
using FormFields = std::multimap<std::string, std::string>;

// The YAML tree of a posted form.  Dates typed 15.03.2021 and amounts typed 1.234,56
// become io.md values; what cannot be read stays as typed, so the loader names it.
YAML::Node tree_from_form(const Program& program, const FormFields& fields);

// The first document of a YAML text (an empty map when there is none or it does not parse).
YAML::Node tree_from_yaml(const std::string& text);

// io.md YAML of a tree.
std::string yaml_from_tree(const YAML::Node& tree);

// Applies "neu:PATH" (append an empty entry to the list at PATH) or "weg:PATH.N"
// (remove entry N, 1-based); returns whether it was such an action.
bool apply_list_action(YAML::Node& tree, const std::string& action);

// A new case: the case id given, today's date as the check date.
YAML::Node new_case_tree(const Program& program, const std::string& id, const std::string& today_iso);

struct FormView {
    std::vector<FieldError> errors;      // the loader's field errors
    std::vector<std::string> needed;     // field paths the interview still asks for, in its order (highlighted)
    std::vector<std::string> not_needed; // empty fields no result depends on (hidden unless show_all)
    bool show_all = false;
};

// The fieldsets of the form (without the <form> element): every input of the rule set.
std::string render_case_fields(const Program& program, const YAML::Node& tree, const FormView& view);

// The GOV.UK error summary for the field errors ("" when there are none).
std::string render_error_summary(const Program& program, const std::vector<FieldError>& errors);

// HTML id of the control of a field path: massnahmen.1.beginn → f-massnahmen-1-beginn.
std::string field_id(const std::string& path);

// The German label of an enum value of the rule set, searched by enum name ("Baustein")
// or, when `enum_name` is empty, in every enum; the value itself when none is found.
std::string enum_label(const Program& program, const std::string& enum_name, const std::string& value);

// The label of a field path (person.geburtsdatum → "Geburtsdatum"), for messages.
std::string field_label(const Program& program, const std::string& path);

// A stored value of a field shown the German way by the field's type: dates 15.03.2021,
// amounts 1.234,56 €, enum values by their label, ja/nein.
std::string field_display(const Program& program, const std::string& path, const std::string& raw);

}  // namespace klappt::web
