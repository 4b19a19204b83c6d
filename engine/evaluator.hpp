// The evaluator: one instance per thread, reused for every case.
//
// Definitions are evaluated lazily and memoised in frame slots: a module
// without parameters has one frame per case, a parametrised module one frame
// per distinct argument list.  When tracing is on, every definition records
// which definitions, parameters and input fields it read; explanations and
// reasons() are read off that trace, never computed a second time.
//
// All per-case memory comes from an arena that is reset between cases, so a
// case without lists costs no heap allocation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/arena.hpp"
#include "engine/case_data.hpp"
#include "engine/program.hpp"

namespace klappt {

struct Slot {
    Value value;
    std::uint8_t state = 0;      // 0 not evaluated, 1 being evaluated, 2 done
    std::int8_t exception = -1;  // index of the exception that decided, or -1
    std::uint32_t trace_begin = 0, trace_end = 0;
};

struct Frame {
    std::uint32_t module = 0;
    const Value* args = nullptr;
    Slot* slots = nullptr;
};

// One thing a definition read while it was evaluated.
struct TraceEdge {
    enum class Kind : std::uint8_t { definition, leaf, parameter };
    Kind kind;
    std::uint32_t index;  // definition index (in frame's module), node id (leaf), parameter index
    Frame* frame;
    Value value;
};

// A case could not be evaluated (overflow, a parameter without a valid value …).
struct EvaluationError {
    std::string message;
    NodeId node = kNoNode;
};

class Evaluator {
public:
    explicit Evaluator(const Program& program);

    // Prepares the evaluation of `kase`; the case must outlive the evaluation.
    void start(const Case& kase, bool trace = false);

    // Top-level output `i` (program.rules.outputs[i]); may throw EvaluationError.
    Value output(std::size_t i);
    // Whether an input record meets one of its type's `check` conditions.
    bool record_check_holds(const RecordCheck& check, const Value& record);
    Value force(Frame* frame, std::uint32_t definition);
    Frame* singleton(std::uint32_t module);

    // --- reading the trace (after evaluation) ---
    bool tracing() const { return tracing_; }
    const Slot& slot(const Frame* frame, std::uint32_t definition) const { return frame->slots[definition]; }
    const TraceEdge* edges_begin(const Slot& s) const { return edges_.data() + s.trace_begin; }
    const TraceEdge* edges_end(const Slot& s) const { return edges_.data() + s.trace_end; }
    // The parameter version used in this case (null when none is valid on the check date).
    const ParameterVersion* parameter_used(std::uint32_t p) const { return param_version_[p]; }
    DayNumber check_date() const { return check_date_; }
    const Program& program() const { return program_; }
    const Case& current_case() const { return *case_; }
    const std::string& qualified_name(std::uint32_t module, std::uint32_t definition) const {
        return qualified_[module][definition];
    }

private:
    Value eval(NodeId id, Frame* frame);
    Value eval_param(std::uint32_t p);
    Frame* instance(std::uint32_t module, const Value* args);
    Frame* new_frame(std::uint32_t module, const Value* args);
    Value reasons(const Node& node, Frame* frame);
    bool uses_example_values(const Node& node, Frame* frame);
    std::pair<Frame*, std::uint32_t> definition_ref(NodeId ref, Frame* frame);
    [[noreturn]] void fail(NodeId node, std::string message) const;

    const Program& program_;
    const RuleSet& rules_;
    const Case* case_ = nullptr;
    Arena arena_;
    bool tracing_ = false;
    DayNumber check_date_ = 0;
    bool has_check_date_ = false;
    std::vector<Frame*> singletons_;
    std::vector<std::vector<Frame*>> instances_;
    std::vector<Value> binders_;
    std::vector<Value> param_value_;
    std::vector<const ParameterVersion*> param_version_;
    std::vector<std::uint8_t> param_state_;
    std::vector<TraceEdge> edges_;    // finished children lists, addressed by slots
    std::vector<TraceEdge> pending_;  // children of the definitions being evaluated (a stack)
    std::vector<std::vector<std::string>> qualified_;
    std::vector<std::uint32_t> value_list_;  // scratch
};

// Structural equality of two values of the same type (records and lists by identity).
bool same_value(const Value& a, const Value& b, TypeKind kind);

}  // namespace klappt
