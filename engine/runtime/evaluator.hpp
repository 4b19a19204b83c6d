// The evaluator: one instance per thread, reused for every case.
//
// Definitions are evaluated lazily and memoised in frame slots: a module
// without parameters has one frame per case, a parametrised module one frame
// per distinct argument list.  When tracing is on, every definition records
// which definitions, parameters and input fields it read; explanations and
// reasons() are read off that trace, never computed a second time.
//
// The same evaluation code runs in a second, compile-time mode for timelines
// (timeline.hpp): one argument is the varied day T; values remember whether
// they are T + k or an age at T, comparisons against them yield the exact day
// their outcome flips, and every other dependence on T narrows the period in
// which the result is known not to change.  That is how timelines find change
// points from the rules instead of evaluating every day.
//
// All per-case memory comes from an arena that is reset between cases, so a
// case without lists costs no heap allocation.  The frames of modules without
// parameters live as long as the evaluator; slot stamps (see Slot) tell which
// values belong to the current case.
#pragma once

#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/base/arena.hpp"
#include "engine/runtime/evaluation_error.hpp"
#include "engine/runtime/case_data.hpp"
#include "engine/runtime/list_index.hpp"
#include "engine/runtime/same_value.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

struct Slot {
    Value value;
    // Which evaluation the slot belongs to: the evaluator's done stamp (evaluated in the
    // current case), its busy stamp (being evaluated), or anything else (not yet).  Each
    // start() moves the stamps on, so no slot needs clearing between cases.
    std::uint32_t stamp = 0;
    std::int8_t exception = -1;  // index of the exception that decided, or -1
    std::int8_t version = -1;    // index of the `valid from` version used, or -1 for the general rule
    std::uint32_t trace_begin = 0, trace_end = 0;
};

struct Frame {
    std::uint32_t module = 0;
    const Value* args = nullptr;
    Slot* slots = nullptr;
    // Per definition of the module: its body when it has neither versions nor
    // exceptions (evaluated on the short path of force_def), else kNoNode.
    const NodeId* plain = nullptr;
};

// One thing a definition read while it was evaluated.
struct TraceEdge {
    enum class Kind : std::uint8_t { definition, leaf, parameter };
    Kind kind;
    std::uint32_t index;  // definition index (in frame's module), node id (leaf), parameter index
    Frame* frame;
    Value value;
};

// Why a stable period begins or ends: a named thing (a parameter, a definition,
// an input field, the n-th birthday) and whether the boundary is that day, the
// day before or the day after it.
struct Cause {
    std::int32_t origin = 0;  // 0: the edge of the examined period
    std::int8_t shift = 0;    // -1 the day before, +1 the day after
    // The definition being evaluated when the boundary was found (Evaluator::global_definition
    // + 1; 0: none): a timeline keeps only the causes met inside definitions whose value
    // actually changes on that day (timeline_explain.hpp).
    std::uint32_t context = 0;
    bool operator==(const Cause&) const = default;
};

// Partial cases (engine/fragen/): which unknown inputs an evaluation in tracking
// mode read, and which values an unknown number or text met in a comparison.
// Only the tracking mode (eval<true>) looks at it, so plain evaluation pays nothing.
struct UnknownWatch {
    std::vector<const Value*> slots;  // the unknown inputs' values inside the case
    std::vector<std::uint16_t> read;  // indexes into slots, in the order first read
    // per entry of `read`: the rule (or else the innermost definition) that read it, as
    // (module, definition), or (npos, npos) when read outside any definition
    std::vector<std::pair<std::uint32_t, std::uint32_t>> reader;
    // (unknown index, the value it was compared with): candidate change points of a number
    std::vector<std::pair<std::uint16_t, Value>> met;
    void clear() {
        read.clear();
        reader.clear();
        met.clear();
    }
};

inline constexpr DayNumber kFirstDay = std::numeric_limits<DayNumber>::min() / 2;
inline constexpr DayNumber kLastDay = std::numeric_limits<DayNumber>::max() / 2;

// The result of a probe is the same for every day T in [from, to].
struct Stability {
    DayNumber from = kFirstDay, to = kLastDay;
    Cause from_cause, to_cause;  // the preferred cause of each boundary
    // Every cause found for the day `from` and the day `to` (several things may change on
    // one day; not all of them change the result).
    std::vector<Cause> from_causes, to_causes;
};

class Evaluator {
public:
    explicit Evaluator(const Program& program);

    // Prepares the evaluation of `kase`; the case must outlive the evaluation.
    void start(const Case& kase, bool trace = false);

    // Top-level output `i` (program.rules.outputs[i]); may throw EvaluationError.
    Value output(std::size_t i);
    Value force(Frame* frame, std::uint32_t definition);
    Frame* singleton(std::uint32_t module) { return &singletons_[module]; }
    Frame* instance(std::uint32_t module, const Value* args);
    // Whether an input record meets one of its type's `check` conditions.
    bool record_check_holds(const RecordCheck& check, const Value& record);

    // --- timelines ---
    // Evaluates definition `d` of `module` with `args`, where args[day_arg] is the varied day T
    // (its value is the day probed); returns the value and the days around T with the same value.
    Value probe(const Case& kase, std::uint32_t module, std::vector<Value> args, std::uint32_t day_arg,
                std::uint32_t definition, Stability& stability);
    // --- partial cases (engine/fragen/) ---
    // Starts an evaluation of `kase` in tracking mode that notes in `watch` which of its
    // unknown slots are read.  When `varied` is given, that slot holds the day probed and is
    // the varied day T (as in probe()): stability() then tells the days it may take without
    // changing what was evaluated.  Values of unknown numbers carry their slot as origin
    // (watch_origin), so comparisons note what they met.
    void start_watched(const Case& kase, UnknownWatch& watch, const Value* varied = nullptr);
    Value watched_output(std::size_t i);
    Value watched_force(Frame* frame, std::uint32_t definition);
    bool watched_record_check(const RecordCheck& check, const Value& record);
    Value watched_settle(Value v) { return settle(v); }
    const Stability& stability() const { return stability_; }
    static std::int32_t watch_origin(std::size_t unknown);
    void stop_watching() { watch_ = nullptr; }

    // German text of a cause: „Ende des Förderzeitraums“, „Tag vor dem 28. Geburtstag“ …
    std::string describe(const Cause& cause) const;
    // A number for definition `d` of `module`, unique in the rule set (Cause::context).
    std::uint32_t global_definition(std::uint32_t module, std::uint32_t d) const { return definition_base_[module] + d; }

    // --- texts with placeholders (rechenweg, urteil …), after evaluation ---
    // The value of a placeholder node in `frame`; definitions are memoised as usual, and
    // what it reads is not added to the trace of the definition being explained.
    Value placeholder(NodeId node, Frame* frame);
    // The frame and definition a reference node names (`pauschale`, `kurs(m).faktor`), forced.
    std::pair<Frame*, std::uint32_t> referenced_definition(NodeId node, Frame* frame);

    // --- reading the trace (after evaluation) ---
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
    template <bool Track>
    Value eval(NodeId id, Frame* frame);
    template <bool Track>
    Value eval_more(NodeId id, Frame* frame);  // the operations eval() does not hold
    template <bool Track>
    [[gnu::always_inline]] inline Value force_def(Frame* frame, std::uint32_t definition);
    template <bool Track>
    Value force_general(Frame* frame, std::uint32_t definition);  // every case force_def does not take itself
    // An operand of an operation: eval(), with constants, untraced inputs and memoised
    // definitions read in place (no call, no dispatch) outside timelines.
    template <bool Track>
    Value operand(NodeId id, Frame* frame);
    template <bool Track>
    Value leaf_operand(NodeId id, Frame* frame);  // operand() without comparisons
    // An operand whose dependence on T (in timelines) is settled first.
    template <bool Track>
    Value settled(NodeId id, Frame* frame);
    template <bool Track>
    Value leaf(Value v, const Node& n, NodeId id, Frame* frame);
    [[noreturn]] void fail_overflow(NodeId node) const;
    template <bool Track>
    Value eval_param(std::uint32_t p);
    template <bool Track>
    Value reasons(const Node& node, Frame* frame);
    template <bool Track>
    bool uses_example_values(const Node& node, Frame* frame);
    template <bool Track>
    std::pair<Frame*, std::uint32_t> definition_ref(NodeId ref, Frame* frame);
    Frame* new_frame(std::uint32_t module, const Value* args);
    // The elements of `list` that can match comprehension `id`'s condition (see list_index.hpp),
    // or null when all have to be visited.
    const std::vector<std::uint32_t>* indexed_candidates(NodeId id, const Node& n, const Value& list, Frame* frame);
    [[noreturn]] void fail(NodeId node, std::string message) const;

    // Partial cases (only called when Track is true).
    void note_read(const Value* slot);
    void note_met(const Value& a, const Value& b);
    UnknownWatch* watch_ = nullptr;

    // Timeline tracking (only called when Track is true).
    Value settle(Value v);
    void narrow(DayNumber from, DayNumber to, Cause from_cause, Cause to_cause);
    void keep_comparison(Op op, const Value& a, const Value& b, TypeKind kind, NodeId node);
    void keep_day_predicate(Op op, std::int32_t offset, DayNumber threshold, std::int32_t origin);
    std::int32_t origin_of(const Value& v) const;
    static DayNumber last_birth_for_age(DayNumber on, int years);
    std::int32_t definition_origin(std::uint32_t module, std::uint32_t d) const;

    const Program& program_;
    const RuleSet& rules_;
    const Node* nodes_;         // rules_.nodes or program_.fast_nodes (no trace): read for every operation
    const Value* constants_;    // program_.constants.data()
    const NodeId* children_;    // the children array belonging to nodes_
    struct OutputSlot {
        Frame* frame;
        std::uint32_t definition;
    };
    std::vector<OutputSlot> outputs_;  // rules_.outputs, resolved to their frames
    bool always_trace_;                // rules_.uses_explanations
    const Case* case_ = nullptr;
    Arena arena_;
    bool tracing_ = false;
    DayNumber check_date_ = 0;
    bool has_check_date_ = false;
    std::uint32_t busy_stamp_ = 1, done_stamp_ = 2;  // see Slot::stamp
    std::vector<Frame> singletons_;                  // one per module, for its use without parameters
    std::vector<std::unique_ptr<Slot[]>> singleton_slots_;
    std::vector<std::vector<NodeId>> plain_bodies_;  // per module, Frame::plain
    std::vector<std::vector<Frame*>> instances_;
    bool instances_used_ = false;  // instances_ (and instance_index_) hold frames of the current case
    // Instances by a hash of their arguments, once a module has many (one per forwarding, say).
    std::vector<std::unordered_multimap<std::uint64_t, Frame*>> instance_index_;
    std::vector<std::vector<TypeKind>> param_kinds_;  // per module, the kinds its arguments are compared by
    // Hash indexes of lists for comprehensions (per case).
    struct IndexKey {
        NodeId node;
        const Value* items;
        std::uint32_t size;
        bool operator==(const IndexKey&) const = default;
    };
    struct IndexKeyHash {
        std::size_t operator()(const IndexKey& k) const {
            return std::hash<const void*>{}(k.items) ^ (std::size_t{k.node} << 20) ^ k.size;
        }
    };
    struct IndexState {
        bool seen = false;                 // met once; built when met again
        std::unique_ptr<ListIndex> index;
    };
    std::vector<IndexPlan> index_plans_;
    std::unordered_map<IndexKey, IndexState, IndexKeyHash> indexes_;
    std::vector<Value> binders_;
    std::vector<Value> param_value_;
    std::vector<const ParameterVersion*> param_version_;
    std::vector<std::uint32_t> param_stamp_;  // done stamp: read in the current case
    std::vector<TraceEdge> edges_;    // finished children lists, addressed by slots
    std::vector<TraceEdge> pending_;  // children of the definitions being evaluated (a stack)
    std::vector<std::vector<std::string>> qualified_;
    std::vector<std::uint32_t> definition_base_;  // global number of a module's first definition (origins)

    // Timeline state of the current probe.
    DayNumber probe_day_ = 0;
    Stability stability_;
    std::vector<std::int32_t> forcing_;  // origins of the definitions being evaluated
};

}  // namespace klappt
