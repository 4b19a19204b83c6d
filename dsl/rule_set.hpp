// The checked rule set: every name resolved to an index, every expression
// typed and lowered to an operation that knows its operand types.  This is
// what the checker produces and what the engine links with parameter values
// and evaluates; nothing here refers to the AST or to names at run time.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/source.hpp"
#include "dsl/types.hpp"

namespace klappt {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();

// Days since 1970-01-01 (date::sys_days::time_since_epoch().count()).
using DayNumber = std::int32_t;
inline constexpr DayNumber kOpenEnd = std::numeric_limits<DayNumber>::max();

enum class Op : std::uint8_t {
    // values and references                               a / b / c, children
    constant,        // a = constant index
    input,           // a = input index
    param,           // a = parameter index (the version valid on the check date)
    definition,      // a = module, b = definition: a definition of a module without parameters
    own_definition,  // b = definition of the current (parametrised) module's frame
    module_param,    // a = index of the current module's parameter
    binder,          // a = binder slot of an enclosing comprehension
    instantiate,     // a = module; children = arguments in parameter order
    instance_member, // a = child (instance), b = definition
    field,           // a = child (record or record?), b = field index; none propagates
    // logic
    logical_not, logical_and, logical_or,
    if_then_else,    // a = condition, b = then, c = else
    is_set, is_not_set,
    // arithmetic; operand kinds are fixed by the op (int operands of decimal ops are promoted by to_decimal)
    negate_int, negate_decimal, negate_money, negate_duration,
    to_decimal,
    add_int, sub_int, mul_int, div_int,  // div_int: int / int → decimal
    add_decimal, sub_decimal, mul_decimal, div_decimal,
    add_money, sub_money, mul_money_int, mul_money_decimal, div_money_int, div_money_money,
    add_date_duration, sub_date_duration, add_duration, sub_duration, mul_duration_int,
    // comparison; c = TypeKind of the operands (after stripping optional for ==, !=)
    eq, ne, lt, le, gt, ge,
    in_set, not_in_set,    // a = element; children = set elements
    in_list, not_in_list,  // a = element, b = list
    // constructors
    list_literal,    // children = elements
    record_literal,  // a = record; children = field values in field order
    // builtin functions; children = arguments
    age, birthday, add_days, add_months, add_years, days_inclusive, months_touched, full_months,
    year_of, month_of, day_of,
    earliest, latest, min_of, max_of,  // n-ary over dates / numbers (c = TypeKind)
    floor_decimal, ceil_decimal, round_decimal,
    value_or,
    trim, is_blank,
    format_text,     // children = the template (a text constant), then one value per `{}`
    count_list,
    all_of, any_of,  // children = conditions; every one is evaluated (and explained), unlike and/or
    // comprehensions: a = list, b = where (or kNoNode), c = body (or kNoNode); binder slot in `binder`
    agg_count, agg_sum, agg_all, agg_any, agg_filter, agg_map, agg_first, agg_min, agg_max,
    // explanation-aware builtins; children = definition references
    reasons,
    uses_example_values,
};

// The comprehensions (count, sum, all, any, filter, map, first, min, max over a list).
inline bool is_comprehension(Op op) { return op >= Op::agg_count && op <= Op::agg_max; }

// format(): the number of `{}` placeholders in a template, or nullopt when a brace
// is neither part of `{}` nor doubled (`{{` and `}}` stand for the braces themselves).
std::optional<std::size_t> format_placeholders(std::string_view text);

struct Node {
    Op op;
    TypeKind operand_kind = TypeKind::error;  // for comparisons, min/max, sums
    TypeId type = 0;
    std::uint32_t a = 0, b = 0, c = 0;
    std::uint32_t first_child = 0, child_count = 0;
    std::uint32_t binder = 0;
    std::uint16_t module = 0;  // where the node was written (for messages)
    bool trace_leaf = false;   // an input or module parameter path worth showing in explanations
    Span span;
};

// A literal value, independent of the engine's run-time representation.
struct Constant {
    TypeKind kind = TypeKind::error;
    std::int64_t a = 0;  // bool, int, cents, day number, enum ordinal, decimal numerator, duration months
    std::int64_t b = 0;  // decimal denominator, duration days
    std::string text;
    bool none = false;
};

struct EnumType {
    std::string name;
    std::string label;
    std::vector<std::string> values;
    std::vector<std::string> value_labels;  // "" when none was given
    // Per value, further words a case file may use for it (`auch "geduldet"`); see enum_lookup.hpp.
    std::vector<std::vector<std::string>> value_synonyms;
    SourceRef file;
    Span span;
};

struct FieldType {
    std::string name;
    TypeId type = 0;
    std::optional<Constant> default_value;
    std::string label;
    Span span;
    bool lever = false;  // `hebel`: a fact a caseworker can influence (klappt check --wege)
};

// A condition every input record must meet; the record is in binder slot `binder`.
struct RecordCheck {
    NodeId condition = kNoNode;
    std::string message;
    std::uint32_t binder = 0;
    Span span;
    // The record fields and the inputs the condition reads, in order of first use: a failed
    // check names its field when it reads exactly one (or the input when it reads no field).
    std::vector<std::uint32_t> fields;
    std::vector<std::uint32_t> inputs;
};

struct RecordType {
    std::string name;
    std::string label;
    std::vector<FieldType> fields;
    std::vector<RecordCheck> checks;
    SourceRef file;
    Span span;
};

struct InputDeclaration {
    FieldType field;
    SourceRef file;
    std::uint32_t module = 0;  // declared in; `module.name` reaches an input another definition shadows
};

struct ParamDeclaration {
    std::string name;
    TypeId type = 0;
    std::string label, source, interpretation;
    SourceRef file;
    Span span;
};

enum class DefinitionKind : std::uint8_t { let, rule, output };

// `besser …` on an output: which of its values is the better one (klappt check --wege).
enum class Better : std::uint8_t { none, true_value, false_value, more, less };

// How a placeholder of a text people read is filled: with its value (German), with the
// `rechenweg` of the definition it names (`{rechenweg(pauschale)}`), or with the deciding
// reasons of the rule it names (`{gruende(ist_foerderfaehig)}`), or with an enum value's
// code instead of its label (`{code(m.baustein)}` → F4).
enum class PlaceholderUse : std::uint8_t { value, calculation, reasons, code };

// A text with placeholders (`rechenweg`, `wenn_nicht`, `urteil`, `hinweis` of a definition),
// filled from evaluated values when an explanation is rendered — never on the plain
// evaluation path.
struct TextTemplate {
    struct Part {
        std::string text;          // literal text when value == kNoNode
        NodeId value = kNoNode;    // the placeholder, typed in the definition's module
        PlaceholderUse use = PlaceholderUse::value;
    };
    std::vector<Part> parts;
    NodeId condition = kNoNode;  // `when …` (bool), or kNoNode: always
    Span span;                   // the text in quotes, in its module's file (author tools point at it)
};

// The alternatives of one text, in order: the first whose condition holds is shown
// (none declared: empty).
using TextTemplates = std::vector<TextTemplate>;

struct DefinitionVersion {
    DayNumber from = 0, to = kOpenEnd;  // inclusive
    NodeId value = kNoNode;
};

struct DefinitionException {
    std::string label, source, interpretation;
    NodeId condition = kNoNode;
    NodeId value = kNoNode;
};

struct Definition {
    std::string name;
    DefinitionKind kind = DefinitionKind::let;
    TypeId type = 0;
    std::string label, source, interpretation;
    NodeId value = kNoNode;
    std::vector<DefinitionVersion> versions;
    std::vector<DefinitionException> exceptions;
    std::uint32_t module = 0;
    Span span;
    TextTemplates rechenweg;   // how the value is computed: „266 von 400 Unterrichtsstunden × 37,50 € = 9.975,00 €“
    TextTemplates wenn_nicht;  // a rule's text when it does not hold (its label says it positively)
    TextTemplates urteil;      // the verdict an output gives (a bool output: when true; wenn_nicht when false)
    TextTemplates hinweis;     // a note shown when the rule holds
    Better better = Better::none;  // outputs only
};

struct ModuleParameter {
    std::string name;
    TypeId type = 0;
};

struct Module {
    std::string name;
    std::string label, source, interpretation;
    SourceRef file;
    std::vector<ModuleParameter> params;
    std::vector<Definition> definitions;  // index = frame slot
    std::vector<std::uint32_t> outputs;   // definition indices, in declaration order
    bool parametrised() const { return !params.empty(); }
};

struct OutputRef {
    std::uint32_t module, definition;
};

struct RuleSet {
    TypeTable types;
    std::vector<EnumType> enums;
    std::vector<RecordType> records;
    std::vector<InputDeclaration> inputs;
    std::vector<ParamDeclaration> params;
    std::vector<Module> modules;
    std::vector<Node> nodes;
    std::vector<NodeId> children;
    std::vector<Constant> constants;
    std::vector<OutputRef> outputs;  // outputs of modules without parameters, in module then declaration order
    std::uint32_t binder_count = 0;
    std::uint32_t reason_record = 0;  // the built-in record `Grund`
    std::optional<std::uint32_t> check_date_input;
    std::optional<std::uint32_t> case_id_input;
    bool uses_explanations = false;  // reasons() or uses_example_values() occur: evaluation records a trace

    const Node& node(NodeId id) const { return nodes[id]; }
    const NodeId* child_ids(const Node& n) const { return children.data() + n.first_child; }
    std::string type_name(TypeId t) const;
    std::string qualified_name(std::uint32_t module, std::uint32_t definition) const;
    std::optional<std::uint32_t> find_input(const std::string& name) const;
    std::optional<std::uint32_t> find_module(const std::string& name) const;
};

}  // namespace klappt
