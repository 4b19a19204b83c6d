// The resolved program: a checked rule set linked with its parameter values
// and the rule set's manifest.  Everything the evaluator needs is an index
// into a vector here; no name is looked up while a case is evaluated.
//
// A Program is built once (see rule_set_loader.hpp) and shared read-only by
// every evaluator and thread; it must not move after construction because
// text values point into its strings.
#pragma once

#include <filesystem>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "dsl/rule_set.hpp"
#include "engine/base/arena.hpp"
#include "engine/base/value.hpp"

namespace klappt {

struct RuleSetSources;  // rule_set_loader.hpp

// What kind of statement a parameter value (or a rule) is — shown in every output.
enum class Provenance { fact, interpretation, example };

const char* provenance_word(Provenance p);  // "fakt", "auslegung", "beispiel"

struct ParameterVersion {
    DayNumber from = 0, to = kOpenEnd;  // inclusive
    Value value;
    Provenance provenance = Provenance::fact;
    std::string source;  // overrides the parameter's source when given
    std::string note;
    std::string text;    // storage of a text value
};

struct Parameter {
    std::string name, label, unit, source;
    std::vector<ParameterVersion> versions;  // sorted by `from`
    SourceRef file;
    Span span;
};

// A series of a timeline (regelwerk.yaml, `zeitachse: reihen:`): the windows of
// days T on which `module.output` is true — or, for an output of an optional enum
// type, set (one window per run of the same value) — where the module has one date
// parameter (T) and optionally one enum parameter (one series per value).
struct TimelineDeclaration {
    std::string name;  // the key in results, e.g. "bausteine"
    std::uint32_t module = 0;
    std::uint32_t output = 0;               // definition index of the bool (or optional enum) output
    bool valued = false;                    // the output is an optional enum
    std::uint32_t day_param = 0;            // index of the date parameter
    std::optional<std::uint32_t> key_param; // index of the enum parameter, if any
};

// How a timeline names a boundary (regelwerk.yaml `zeitachse: texte:`): `{}` is the name of
// what changes (a field's or definition's label, the number of years of a birthday), a
// second `{}` in `fassung` the date a parameter version starts.
struct TimelineTexts {
    std::string day_before;            // tag_vor: "Tag vor {}"
    std::string day_after;             // tag_nach: "Tag nach {}"
    std::string birthday;              // geburtstag: "{}. Geburtstag"
    std::string day_before_birthday;   // tag_vor_geburtstag: "Tag vor dem {}. Geburtstag"
    std::string day_after_birthday;    // tag_nach_geburtstag: "Tag nach dem {}. Geburtstag"
    std::string version;               // fassung: "{} (Fassung ab {})"
};

// The dates of a case on a timeline (regelwerk.yaml `zeitachse: daten:`): a module with one
// date parameter (called with the check date) whose outputs are records with the fields
// `datum: date`, `was: text` and `frist: bool`, or lists of them.
struct TimelineDates {
    std::uint32_t module = 0;
    std::uint32_t day_param = 0;
    std::uint32_t date_field = 0, text_field = 0, deadline_field = 0;  // field indices of the record
};

// What `klappt weiterleitung` fills and writes (regelwerk.yaml `weiterleitung:`; finance rule
// sets only): the input that takes the Zuwendungsbescheid, the list input that takes the
// forwardings, the top-level list output that --csv writes as the table for Excel, and the
// verdict: a bool output, whether every forwarding is in order (the exit code), and a text
// output, the same as a sentence (the headline of the web desk's page).
struct ForwardingDeclaration {
    std::uint32_t bescheid_input = 0;  // index into rules.inputs; a record
    std::uint32_t list_input = 0;      // index into rules.inputs; a list of records
    std::uint32_t table_output = 0;    // index into rules.outputs; a list
    std::uint32_t verdict_output = 0;  // index into rules.outputs; a bool
    std::uint32_t verdict_text_output = 0;  // index into rules.outputs; a text
};

struct Manifest {
    std::string name;
    std::string version;
    std::string case_id;     // input naming a case
    std::string check_date;  // input holding the check date
    std::vector<TimelineDeclaration> timelines;
    std::optional<DayNumber> timeline_from, timeline_to;  // default period of `klappt zeitachse`
    TimelineTexts timeline_texts;
    std::optional<TimelineDates> timeline_dates;
    std::optional<ForwardingDeclaration> forwarding;
};

struct Program {
    RuleSet rules;
    // The node graph for evaluation without a trace: a copy of rules.nodes/children in which a
    // reference to a definition used only once (no exceptions, no versions, not an output, not
    // in a loop) is replaced by that definition's body.  Same node ids, so everything else
    // (definition bodies, frames) stays valid.  Explanations and timelines use rules.nodes.
    std::vector<Node> fast_nodes;
    std::vector<NodeId> fast_children;
    std::vector<Value> constants;      // rules.constants as run-time values
    std::vector<Parameter> parameters;  // index = rules.params index
    Manifest manifest;
    std::string sha256;  // over every file of the rule set, in path order
    // The files sha256 covers, as read (the Prüfprotokoll stores them under sha256).
    std::shared_ptr<const RuleSetSources> sources;
    std::filesystem::path directory;

    // The version of parameter `p` valid on `day`, or nullptr.
    const ParameterVersion* parameter_version(std::uint32_t p, DayNumber day) const;
    const Definition& definition(std::uint32_t module, std::uint32_t d) const {
        return rules.modules[module].definitions[d];
    }
    // The legal source of a definition, falling back to its module's.
    const std::string& source_of(std::uint32_t module, std::uint32_t d) const;
};

// A literal of the rules (or a field's default) as a run-time value.  Texts are copied
// into `arena` when one is given (a case's own values), else they point into the constant.
Value constant_value(const Constant& c, Arena* arena = nullptr);

// Converts the checked rule set's constants into run-time values (texts point into `rules`).
void link_constants(Program& program);

// Builds fast_nodes/fast_children (see Program).
void inline_single_use_definitions(Program& program);

}  // namespace klappt
