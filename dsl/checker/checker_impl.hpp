// The checker's private header: the one class whose parts the files of dsl/checker/ define,
// each file one concern.
//
//   check.cpp           the phases in order (declare, resolve, check definitions, texts …)
//   declarations.cpp    modules, enums, records, inputs, parameters, definitions; duplicates
//   definitions.cpp     checking a definition on demand, its versions and exceptions; cycles
//   expressions.cpp     literals, operators, if, lists, records; coercions (int → decimal, T → T?)
//   narrowing.cpp       what `x is set` proves about the expressions after it
//   names.cpp           names and `a.b`: binders, definitions, inputs, parameters, enum values
//   instantiation.cpp   calling a module with parameters: `zielgruppe(am: stichtag)`
//   comprehensions.cpp  `count(x in liste where …)`, sum, all, any, filter, map, first, min, max
//   builtin_calls.cpp   calls of built-in functions, typed as dsl/builtins.hpp's table says
//   templates.cpp       the texts people read (rechenweg, wenn_nicht, urteil, hinweis)
//   levers.cpp          `besser` and `hebel` (klappt check --wege)
//   outputs.cpp         the rule set's outputs and the case's id and check-date inputs
//   ir_emitter.hpp      writing the IR: the only place that appends nodes and constants
//
// Expressions are typed bottom-up; an expected type flows down only as a hint (bare enum
// values, empty lists).  An expression that already failed has the error type, and nothing
// built on it is reported again.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/checker.hpp"
#include "dsl/checker/ir_emitter.hpp"
#include "dsl/diagnostic.hpp"
#include "dsl/rule_set.hpp"

namespace klappt::dsl {
struct Builtin;
}

namespace klappt::dsl::checking {

// A definition without a declared type (its type is that of its value).
inline constexpr TypeId kNoType = std::numeric_limits<TypeId>::max();

// A name a comprehension binds (`x` in `count(x in liste …)`), with its slot in the frame.
struct Binder {
    std::string name;
    TypeId type;
    std::uint32_t slot;
};

// What an expression can see besides declarations: comprehension binders and
// paths known to be set (after `x is set and …`).
struct Scope {
    std::uint32_t module = 0;
    std::vector<Binder> binders;
    std::vector<std::string> narrowed;
    // In a record's `check`: the record's fields are names (the record sits in binder slot `record_binder`).
    std::optional<std::uint32_t> record;
    std::uint32_t record_binder = 0;
    // … and which fields and inputs the check reads, so a failed check can name the field.
    std::vector<std::uint32_t>* check_fields = nullptr;
    std::vector<std::uint32_t>* check_inputs = nullptr;
    // The type a declaration gives this value could not be read (an unknown type, reported
    // there): `[]` and `none`, which take their type from the declaration, are not reported again.
    bool declared_type_unknown = false;
};

inline Scope scope_in(std::uint32_t module) {
    Scope s;
    s.module = module;
    return s;
}

enum class DefState : std::uint8_t { unchecked, checking, done };

// ---- narrowing (narrowing.cpp) ----------------------------------------------------
// The key under which `x is set` narrows an expression: its source text without blanks.
std::string path_of(const ast::Expr& e, std::string_view text);
// Whether a narrowing key uses `name` as a whole word.
bool mentions(const std::string& key, const std::string& name);
// Paths that are set when `cond` evaluates to `when`.
void narrowing_facts(const ast::Expr& cond, bool when, std::string_view text, std::vector<std::string>& out);

// ---- small helpers (expressions.cpp) ----------------------------------------------
std::string op_text(ast::BinaryOp op);
std::optional<DayNumber> day_number(const ast::DateLiteral& d);
// Why a date that day_number rejects is no day: „der Februar 2023 hat 28 Tage“.
std::string why_no_such_day(const ast::DateLiteral& d);

class Checker {
public:
    Checker(const std::vector<ast::Module>& modules, const CheckOptions& options, Diagnostics& diagnostics)
        : modules_(modules), options_(options), diags_(diagnostics) {}

    // All phases; diagnostics accumulate (check.cpp).
    RuleSet run();

private:
    // ---- small helpers ---------------------------------------------------

    const SourceRef& file_of(std::uint32_t module) const { return modules_[module].source; }
    std::string_view text_of(std::uint32_t module) const { return modules_[module].source->text(); }
    // The source text at `span` of the module being checked, as written.
    std::string text_at(Span span) const {
        return std::string(text_of(current_module_).substr(span.begin, span.end - span.begin));
    }

    Diagnostic& error(std::uint32_t module, Span span, std::string message) {
        return diags_.error(file_of(module), span, std::move(message));
    }

    TypeKind kind(TypeId t) const { return rs_.types.kind(t); }
    TypeId type_of(NodeId n) const { return rs_.nodes[n].type; }
    bool is_error(NodeId n) const { return kind(type_of(n)) == TypeKind::error; }
    std::string tname(TypeId t) const { return rs_.type_name(t); }
    TypeId type_of_definition(std::uint32_t m, std::uint32_t d) const {
        return rs_.types.strip_optional(rs_.modules[m].definitions[d].type);
    }

    // ---- declarations (declarations.cpp) -----------------------------------

    void declare_builtin_records();
    void declare_modules();
    // Enters `name` into `index` as the next of `declared` (rs_.enums, records, inputs or params);
    // false, with the error, for a reserved word or a name declared before.
    template <typename Map, typename Declared>
    bool declare_global(Map& index, const std::vector<Declared>& declared, const std::string& name, std::uint32_t module,
                        Span span, const char* what);
    void declare_types();
    static bool is_builtin_type_name(const std::string& n);
    std::vector<std::string> type_names() const;
    std::string known_types() const;
    TypeId resolve_type(const ast::TypeExpr& t, std::uint32_t module);
    std::optional<Constant> default_constant(const ast::Expr& e, TypeId type, std::uint32_t module);
    FieldType field(const ast::FieldDecl& f, std::uint32_t module);
    void resolve_record_fields();
    void check_record_checks();
    void declare_inputs_and_params();
    void declare_definitions();

    // ---- definitions and cycles (definitions.cpp) ---------------------------

    TypeId ensure_checked(std::uint32_t m, std::uint32_t d, Span reference);
    void report_cycle(std::uint32_t m, std::uint32_t d);
    void check_definition(std::uint32_t m, std::uint32_t d);

    // ---- texts people read (templates.cpp) ----------------------------------

    void check_templates();
    TextTemplates templates(const std::vector<ast::Template>& alternatives, std::uint32_t m);
    std::optional<std::pair<std::uint32_t, std::uint32_t>> referenced_definition(NodeId n) const;
    TextTemplate template_parts(const ast::Template& t, std::uint32_t m);

    // ---- levers and better values (levers.cpp) -------------------------------

    void check_better();
    void check_levers();

    // ---- expressions (expressions.cpp) ---------------------------------------

    NodeId expr(const ast::Expr& e, Scope& s, TypeId expected);
    NodeId declared_value(const ast::Expr& e, Scope& s, TypeId declared);
    NodeId coerce(NodeId n, TypeId target, Span span, const std::string& what);
    std::string literal_fix(NodeId n, TypeId want) const;
    bool unitless_number(NodeId n) const;
    static void attach_fix(Diagnostic& d, const std::string& replacement, Span span);
    NodeId check(const ast::BoolLiteral& b, const ast::Expr& e, Scope&, TypeId);
    NodeId check(const ast::IntLiteral& i, const ast::Expr& e, Scope&, TypeId expected);
    NodeId check(const ast::DecimalLiteral& d, const ast::Expr& e, Scope&, TypeId);
    NodeId check(const ast::MoneyLiteral& m, const ast::Expr& e, Scope&, TypeId);
    NodeId check(const ast::DateLiteral& d, const ast::Expr& e, Scope&, TypeId);
    NodeId check(const ast::DurationLiteral& d, const ast::Expr& e, Scope&, TypeId);
    NodeId check(const ast::TextLiteral& t, const ast::Expr& e, Scope&, TypeId);
    NodeId check(const ast::IsSet& is, const ast::Expr& e, Scope& s, TypeId);
    NodeId check(const ast::Unary& u, const ast::Expr& e, Scope& s, TypeId expected);
    NodeId check(const ast::Binary& b, const ast::Expr& e, Scope& s, TypeId);
    NodeId check_in(const ast::Binary& b, const ast::Expr& e, Scope& s);
    NodeId check(const ast::If& i, const ast::Expr& e, Scope& s, TypeId expected);
    NodeId check(const ast::Invalid&, const ast::Expr& e, Scope&, TypeId);
    NodeId check(const ast::SetLiteral&, const ast::Expr& e, Scope& s, TypeId);
    NodeId check(const ast::ListLiteral& l, const ast::Expr& e, Scope& s, TypeId expected);
    NodeId check(const ast::RecordLiteral& r, const ast::Expr& e, Scope& s, TypeId);

    // ---- narrowing (narrowing.cpp) -------------------------------------------

    bool narrowed(const Scope& s, const std::string& path) const;
    TypeId maybe_narrow(const Scope& s, const ast::Expr& e, TypeId t);

    // ---- names (names.cpp) ---------------------------------------------------

    bool is_value_name(const std::string& n, const Scope& s) const;
    std::vector<std::string> visible_names(const Scope& s, TypeId expected) const;
    NodeId reference_definition(std::uint32_t m, std::uint32_t d, Span span);
    NodeId check(const ast::NameRef& n, const ast::Expr& e, Scope& s, TypeId expected);
    bool unparsed(const std::string& name) const;
    bool module_visible(std::uint32_t from, const std::string& name) const;
    NodeId check(const ast::MemberAccess& ma, const ast::Expr& e, Scope& s, TypeId);

    // ---- calls: modules, comprehensions, built-ins -----------------------------

    NodeId check(const ast::Call& c, const ast::Expr& e, Scope& s, TypeId expected);   // builtin_calls.cpp
    NodeId instantiate(std::uint32_t m, const ast::Call& c, const ast::Expr& e, Scope& s);  // instantiation.cpp
    NodeId comprehension(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s);  // comprehensions.cpp
    // builtin_calls.cpp: one typing rule per Builtin::Typing
    NodeId builtin(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s, TypeId expected);
    NodeId signature_call(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s);
    NodeId blank_test(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s);
    NodeId value_or_call(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s, TypeId expected);
    NodeId extremum(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s);
    NodeId conditions(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s);
    NodeId list_count(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s);
    NodeId definitions_call(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s);
    NodeId format_call(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s);
    NodeId arity(const ast::Expr& e, Scope& s, const std::string& name, const std::string& what);

    // ---- outputs and case inputs (outputs.cpp) ---------------------------------

    void collect_outputs();
    void resolve_case_inputs();

    // ---- state -------------------------------------------------------------------

    const std::vector<ast::Module>& modules_;
    const CheckOptions& options_;
    Diagnostics& diags_;
    RuleSet rs_;
    std::uint32_t current_module_ = 0;
    IrEmitter emit_{rs_, current_module_};
    std::uint32_t builtin_record_count_ = 0;
    std::unordered_map<std::string, std::uint32_t> module_index_, enum_index_, record_index_, input_index_,
        param_index_;
    std::vector<std::pair<std::uint32_t, const ast::RecordDecl*>> record_ast_;
    std::vector<std::unordered_map<std::string, std::uint32_t>> def_index_;
    std::vector<std::vector<const ast::Definition*>> def_ast_;
    std::vector<std::vector<DefState>> def_state_;
    std::vector<std::set<std::string>> imports_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stack_;
    std::set<std::pair<std::uint32_t, std::uint32_t>> cycle_reported_;
    bool chain_too_deep_reported_ = false;
};

}  // namespace klappt::dsl::checking
