#include "engine/runtime/evaluator.hpp"

#include <algorithm>
#include <cstring>

#include "engine/base/calendar.hpp"
#include "engine/runtime/evaluation_support.hpp"
#include "engine/runtime/value_text.hpp"

namespace klappt {

using namespace evaluation;
using calendar::from_day_number;



Evaluator::Evaluator(const Program& program)
    : program_(program),
      rules_(program.rules),
      nodes_(program.rules.nodes.data()),
      constants_(program.constants.data()),
      children_(program.rules.children.data()),
      always_trace_(program.rules.uses_explanations),
      arena_(64 * 1024) {
    singletons_.resize(rules_.modules.size());
    for (std::uint32_t m = 0; m < rules_.modules.size(); ++m) {
        std::vector<NodeId> plain;
        for (const Definition& def : rules_.modules[m].definitions)
            plain.push_back(def.versions.empty() && def.exceptions.empty() ? def.value : kNoNode);
        plain_bodies_.push_back(std::move(plain));
        singleton_slots_.push_back(std::make_unique<Slot[]>(rules_.modules[m].definitions.size()));
        singletons_[m] = Frame{m, nullptr, singleton_slots_.back().get(), plain_bodies_.back().data()};
    }
    for (const OutputRef& ref : rules_.outputs) outputs_.push_back({&singletons_[ref.module], ref.definition});
    instances_.resize(rules_.modules.size());
    binders_.assign(rules_.binder_count, Value());
    instance_index_.resize(rules_.modules.size());
    for (const Module& m : rules_.modules) {
        std::vector<TypeKind> kinds;
        for (const auto& p : m.params) kinds.push_back(rules_.types.kind(rules_.types.strip_optional(p.type)));
        param_kinds_.push_back(std::move(kinds));
    }
    index_plans_ = plan_list_indexes(rules_);
    param_value_.assign(rules_.params.size(), Value());
    param_version_.assign(rules_.params.size(), nullptr);
    param_stamp_.assign(rules_.params.size(), 0);
    qualified_.resize(rules_.modules.size());
    std::uint32_t base = 0;
    for (std::uint32_t m = 0; m < rules_.modules.size(); ++m) {
        definition_base_.push_back(base);
        base += static_cast<std::uint32_t>(rules_.modules[m].definitions.size());
        for (std::uint32_t d = 0; d < rules_.modules[m].definitions.size(); ++d)
            qualified_[m].push_back(rules_.qualified_name(m, d));
    }
}

void Evaluator::start(const Case& kase, bool trace) {
    case_ = &kase;
    tracing_ = trace || always_trace_;
    // Without a trace, single-use definitions are evaluated inline (Program::fast_nodes);
    // explanations need every definition as it was written.
    bool fast = !tracing_ && !program_.fast_nodes.empty();
    nodes_ = fast ? program_.fast_nodes.data() : rules_.nodes.data();
    children_ = fast ? program_.fast_children.data() : rules_.children.data();
    arena_.reset();
    // A new case: values stamped for the previous one no longer count.
    if (done_stamp_ > std::numeric_limits<std::uint32_t>::max() - 4) {
        for (std::size_t m = 0; m < singletons_.size(); ++m)
            for (std::size_t d = 0; d < rules_.modules[m].definitions.size(); ++d) singletons_[m].slots[d].stamp = 0;
        std::fill(param_stamp_.begin(), param_stamp_.end(), 0);
        busy_stamp_ = 1;
        done_stamp_ = 2;
    }
    busy_stamp_ += 2;
    done_stamp_ += 2;
    if (instances_used_) {
        for (auto& list : instances_) list.clear();
        for (auto& index : instance_index_)
            if (!index.empty()) index.clear();
        instances_used_ = false;
    }
    if (!indexes_.empty()) indexes_.clear();
    edges_.clear();
    pending_.clear();
    has_check_date_ = rules_.check_date_input.has_value();
    if (has_check_date_) check_date_ = kase.inputs[*rules_.check_date_input].day;
}

void Evaluator::fail(NodeId node, std::string message) const { throw EvaluationError{std::move(message), node}; }

Frame* Evaluator::new_frame(std::uint32_t module, const Value* args) {
    auto* frame = static_cast<Frame*>(arena_.allocate(sizeof(Frame), alignof(Frame)));
    frame->module = module;
    frame->args = args;
    frame->plain = plain_bodies_[module].data();
    // Stamp 0 belongs to no case: every slot starts not evaluated.
    std::size_t count = rules_.modules[module].definitions.size();
    frame->slots = static_cast<Slot*>(arena_.allocate(sizeof(Slot) * (count ? count : 1), alignof(Slot)));
    std::memset(static_cast<void*>(frame->slots), 0, sizeof(Slot) * count);
    return frame;
}

Frame* Evaluator::instance(std::uint32_t module, const Value* args) {
    // A few instances are searched one by one; beyond that by a hash of the arguments,
    // so that one instance per list element (100 000 forwardings) stays linear.
    constexpr std::size_t kLinear = 8;
    const std::vector<TypeKind>& kinds = param_kinds_[module];
    auto same = [&](const Frame* f) {
        for (std::size_t i = 0; i < kinds.size(); ++i)
            if (!same_value(f->args[i], args[i], kinds[i])) return false;
        return true;
    };
    auto hash = [&](const Value* values) {
        std::uint64_t h = 0;
        for (std::size_t i = 0; i < kinds.size(); ++i) h = h * 1000003 ^ hash_value(values[i], kinds[i]);
        return h;
    };
    std::vector<Frame*>& frames = instances_[module];
    auto& index = instance_index_[module];
    if (frames.size() <= kLinear) {
        for (Frame* f : frames)
            if (same(f)) return f;
    } else {
        if (index.empty())
            for (Frame* f : frames) index.emplace(hash(f->args), f);
        auto [begin, end] = index.equal_range(hash(args));
        for (auto it = begin; it != end; ++it)
            if (same(it->second)) return it->second;
    }
    Frame* f = new_frame(module, args);
    frames.push_back(f);
    instances_used_ = true;
    if (!index.empty()) index.emplace(hash(args), f);
    return f;
}

const std::vector<std::uint32_t>* Evaluator::indexed_candidates(NodeId id, const Node& n, const Value& list,
                                                                Frame* frame) {
    static const std::vector<std::uint32_t> kNone;
    constexpr std::uint32_t kSmall = 16;  // shorter lists are scanned
    const IndexPlan& plan = index_plans_[id];
    if (plan.key == kNoNode || list.list.size < kSmall) return nullptr;
    IndexState& state = indexes_[IndexKey{id, list.list.items, list.list.size}];
    if (!state.seen) {
        state.seen = true;  // the list may be a temporary: scan it this once
        return nullptr;
    }
    if (!state.index) {
        state.index = std::make_unique<ListIndex>(plan.kind);
        Value& binder = binders_[n.binder];
        Value saved = binder;
        for (std::uint32_t i = 0; i < list.list.size; ++i) {
            binder = list.list.items[i];
            Value key = eval<false>(plan.key, frame);
            if (!plan.membership) {
                state.index->add(key, i);
            } else if (key.present) {
                for (std::uint32_t j = 0; j < key.list.size; ++j)
                    if (key.list.items[j].present) state.index->add(key.list.items[j], i);
            }
        }
        binder = saved;
    }
    Value probe = eval<false>(plan.probe, frame);
    if (plan.membership && !probe.present) return &kNone;
    const std::vector<std::uint32_t>* found = state.index->find(probe);
    return found ? found : &kNone;
}

Value Evaluator::output(std::size_t i) {
    const OutputSlot& out = outputs_[i];
    return force_def<false>(out.frame, out.definition);
}

Value Evaluator::force(Frame* frame, std::uint32_t d) { return force_def<false>(frame, d); }

bool Evaluator::record_check_holds(const RecordCheck& check, const Value& record) {
    binders_[check.binder] = record;
    return eval<false>(check.condition, nullptr).b;
}

// A definition is evaluated once per case and frame, then read from its slot.  The
// common case outside explanations and timelines — a definition without versions or
// exceptions — is done right here, inlined into every caller; force_general() does
// the same with versions, exceptions, the trace and timeline tracking.
template <bool Track>
[[gnu::always_inline]] inline Value Evaluator::force_def(Frame* frame, std::uint32_t d) {
    if constexpr (!Track) {
        Slot& slot = frame->slots[d];
        if (!tracing_) {
            if (slot.stamp == done_stamp_) return slot.value;
            NodeId body = frame->plain[d];
            if (body != kNoNode && slot.stamp != busy_stamp_) {
                slot.stamp = busy_stamp_;
                Value value = eval<false>(body, frame);
                Slot& done = frame->slots[d];  // (the same slot: frames never move)
                done.value = value;
                done.exception = -1;
                done.version = -1;
                done.stamp = done_stamp_;
                return value;
            }
        }
    }
    return force_general<Track>(frame, d);
}

template <bool Track>
Value Evaluator::force_general(Frame* frame, std::uint32_t d) {
    Slot& slot = frame->slots[d];
    if (slot.stamp == done_stamp_) {
        if (tracing_) pending_.push_back({TraceEdge::Kind::definition, d, frame, slot.value});
        return slot.value;
    }
    const Definition& def = rules_.modules[frame->module].definitions[d];
    if (slot.stamp == busy_stamp_) fail(def.value, "Zyklus bei der Auswertung von " + qualified_[frame->module][d]);
    slot.stamp = busy_stamp_;
    std::size_t mark = pending_.size();
    if constexpr (Track) forcing_.push_back(definition_origin(frame->module, d));

    NodeId body = def.value;
    std::int8_t version = -1;
    if (!def.versions.empty() && has_check_date_)
        for (std::size_t i = 0; i < def.versions.size(); ++i)
            if (def.versions[i].from <= check_date_ && check_date_ <= def.versions[i].to) {
                body = def.versions[i].value;
                version = static_cast<std::int8_t>(i);
            }
    std::int8_t exception = -1;
    for (std::size_t i = 0; i < def.exceptions.size(); ++i) {
        Value condition = eval<Track>(def.exceptions[i].condition, frame);
        if constexpr (Track) condition = settle(condition);
        if (condition.b) {
            body = def.exceptions[i].value;
            exception = static_cast<std::int8_t>(i);
            break;
        }
    }
    Value value = eval<Track>(body, frame);
    if constexpr (Track) {
        forcing_.pop_back();
        // A value computed here is named after this definition when a timeline boundary refers to it.
        if (value.form == Value::fixed && value.aux == 0) value.aux = definition_origin(frame->module, d);
    }

    Slot& done = frame->slots[d];
    done.value = value;
    done.exception = exception;
    done.version = version;
    done.stamp = done_stamp_;
    if (tracing_) {
        done.trace_begin = static_cast<std::uint32_t>(edges_.size());
        edges_.insert(edges_.end(), pending_.begin() + static_cast<std::ptrdiff_t>(mark), pending_.end());
        done.trace_end = static_cast<std::uint32_t>(edges_.size());
        pending_.resize(mark);
        pending_.push_back({TraceEdge::Kind::definition, d, frame, value});
    }
    return value;
}

template <bool Track>
Value Evaluator::eval_param(std::uint32_t p) {
    if (param_stamp_[p] != done_stamp_) {
        param_stamp_[p] = done_stamp_;
        const ParameterVersion* version = nullptr;
        if (has_check_date_) {
            version = program_.parameter_version(p, check_date_);
        } else if (!program_.parameters[p].versions.empty()) {
            version = &program_.parameters[p].versions.back();  // no check date: the newest value
        }
        param_version_[p] = version;
        if (version) param_value_[p] = version->value;
        else if (rules_.types.is_optional(rules_.params[p].type)) param_value_[p] = Value::none();
        else
            throw EvaluationError{"Parameter „" + rules_.params[p].name + "“ hat am " +
                                      calendar::german(from_day_number(check_date_)) + " keinen gültigen Wert",
                                  kNoNode};
    }
    if (tracing_) pending_.push_back({TraceEdge::Kind::parameter, p, nullptr, param_value_[p]});
    if constexpr (Track) {
        Value v = param_value_[p];
        v.aux = origin(kParameter, p);
        return v;
    }
    return param_value_[p];
}

template <bool Track>
std::pair<Frame*, std::uint32_t> Evaluator::definition_ref(NodeId ref, Frame* frame) {
    const Node& n = rules_.nodes[ref];
    switch (n.op) {
        case Op::definition: return {singleton(n.a), n.b};
        case Op::own_definition: return {frame, n.b};
        default: {  // instance_member
            Value instance = eval<Track>(n.a, frame);
            if (!instance.present) fail(ref, "kein Modulwert vorhanden (der Wert fehlt)");
            return {instance.frame, n.b};
        }
    }
}

Value Evaluator::placeholder(NodeId node, Frame* frame) {
    std::size_t mark = pending_.size();
    Value v = eval<false>(node, frame);
    if (tracing_) pending_.resize(mark);
    return v;
}

std::pair<Frame*, std::uint32_t> Evaluator::referenced_definition(NodeId node, Frame* frame) {
    std::size_t mark = pending_.size();
    auto ref = definition_ref<false>(node, frame);
    force_def<false>(ref.first, ref.second);
    if (tracing_) pending_.resize(mark);
    return ref;
}

template <bool Track>
Value Evaluator::reasons(const Node& node, Frame* frame) {
    auto [root_frame, root_def] = definition_ref<Track>(rules_.child_ids(node)[0], frame);
    force_def<Track>(root_frame, root_def);
    if (tracing_ && !pending_.empty()) pending_.pop_back();  // the root itself is not a reason

    // Every rule reached from the root, in the order first read; failed ones first.
    std::vector<std::pair<Frame*, std::uint32_t>> seen, order;
    std::vector<std::pair<Frame*, std::uint32_t>> stack{{root_frame, root_def}};
    while (!stack.empty()) {
        auto [f, d] = stack.back();
        stack.pop_back();
        if (std::find(seen.begin(), seen.end(), std::pair{f, d}) != seen.end()) continue;
        seen.push_back({f, d});
        if (!(f == root_frame && d == root_def) &&
            rules_.modules[f->module].definitions[d].kind == DefinitionKind::rule)
            order.push_back({f, d});
        const Slot& s = f->slots[d];
        for (std::uint32_t e = s.trace_end; e-- > s.trace_begin;)
            if (edges_[e].kind == TraceEdge::Kind::definition) stack.push_back({edges_[e].frame, edges_[e].index});
    }
    std::stable_partition(order.begin(), order.end(), [](auto& p) { return !p.first->slots[p.second].value.b; });

    const RecordType& grund = rules_.records[rules_.reason_record];
    auto* items = arena_.make_array<Value>(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        auto [f, d] = order[i];
        const Definition& def = rules_.modules[f->module].definitions[d];
        const Slot& s = f->slots[d];
        Value* fields = arena_.make_array<Value>(grund.fields.size());
        fields[0] = Value::text_ref(qualified_[f->module][d]);
        fields[1] = Value::boolean(s.value.b);
        fields[2] = Value::text_ref(def.label.empty() ? def.name : def.label);
        fields[3] = Value::text_ref(program_.source_of(f->module, d));
        bool interpretation = !def.interpretation.empty();
        if (s.exception >= 0) interpretation = interpretation || !def.exceptions[s.exception].interpretation.empty();
        fields[4] = Value::text_ref(interpretation ? "auslegung" : "fakt");
        fields[5] = s.exception >= 0 ? Value::text_ref(def.exceptions[s.exception].label) : Value::none();
        items[i] = Value::record(fields);
    }
    return Value::list_ref(items, static_cast<std::uint32_t>(order.size()));
}

template <bool Track>
bool Evaluator::uses_example_values(const Node& node, Frame* frame) {
    std::vector<std::pair<Frame*, std::uint32_t>> seen, stack;
    for (std::uint32_t i = 0; i < node.child_count; ++i) {
        auto ref = definition_ref<Track>(rules_.child_ids(node)[i], frame);
        force_def<Track>(ref.first, ref.second);
        if (tracing_ && !pending_.empty()) pending_.pop_back();
        stack.push_back(ref);
    }
    while (!stack.empty()) {
        auto [f, d] = stack.back();
        stack.pop_back();
        if (std::find(seen.begin(), seen.end(), std::pair{f, d}) != seen.end()) continue;
        seen.push_back({f, d});
        const Slot& s = f->slots[d];
        for (std::uint32_t e = s.trace_begin; e < s.trace_end; ++e) {
            const TraceEdge& edge = edges_[e];
            if (edge.kind == TraceEdge::Kind::definition) stack.push_back({edge.frame, edge.index});
            else if (edge.kind == TraceEdge::Kind::parameter && param_version_[edge.index] &&
                     param_version_[edge.index]->provenance == Provenance::example)
                return true;
        }
    }
    return false;
}

// Half the nodes of a rule are leaves: constants, inputs and definitions.  Reading
// them here spares a call of eval() and its dispatch per leaf (and per definition).
// The same values eval() returns: an input is read as it is unless the trace has
// to record it, a definition from its frame once it is memoised, else force_def.
template <bool Track>
[[gnu::always_inline]] inline Value Evaluator::leaf_operand(NodeId id, Frame* frame) {
    if constexpr (!Track) {
        // Plain comparisons, not a switch: a jump table per leaf costs more than these tests.
        const Node& n = nodes_[id];
        const Op op = n.op;
        if (op == Op::constant) return constants_[n.a];
        if (op == Op::input) {
            if (!(tracing_ && n.trace_leaf)) return case_->inputs[n.a];
        } else if (op == Op::definition) {
            const Slot& slot = singletons_[n.a].slots[n.b];
            if (!tracing_ && slot.stamp == done_stamp_) return slot.value;
            return force_def<false>(singleton(n.a), n.b);
        } else if (op == Op::own_definition) {
            if (!tracing_ && frame->slots[n.b].stamp == done_stamp_) return frame->slots[n.b].value;
            return force_def<false>(frame, n.b);
        }
    }
    return eval<Track>(id, frame);
}

// The operand itself may be a comparison of leaves (`alter >= 18`, `beginn <= stichtag`)
// or the negation of one (`not sgb2`): outside timelines these are decided here too,
// with the same comparison eval() makes (compare_holds).
template <bool Track>
[[gnu::always_inline]] inline Value Evaluator::operand(NodeId id, Frame* frame) {
    if constexpr (!Track) {
        const Node& n = nodes_[id];
        const Op op = n.op;
        if (op >= Op::lt && op <= Op::ge) {  // lt, le, gt, ge are consecutive in Op
            Value a = leaf_operand<false>(n.a, frame), b = leaf_operand<false>(n.b, frame);
            return Value::boolean(compare_holds(op, a, b, n.operand_kind));
        }
        if (op == Op::logical_not) return Value::boolean(!leaf_operand<false>(n.a, frame).b);
        return leaf_operand<false>(id, frame);
    }
    return eval<Track>(id, frame);
}

template <bool Track>
[[gnu::always_inline]] inline Value Evaluator::settled(NodeId id, Frame* frame) {
    if constexpr (Track) return settle(eval<true>(id, frame));
    else return operand<false>(id, frame);
}

// An input field or module argument: recorded in the trace (when it is worth showing),
// and named after its node when a timeline boundary refers to it.
template <bool Track>
inline Value Evaluator::leaf(Value v, const Node& n, NodeId id, Frame* frame) {
    if (tracing_ && n.trace_leaf) pending_.push_back({TraceEdge::Kind::leaf, id, frame, v});
    if constexpr (Track)
        if (v.form == Value::fixed && v.aux == 0) v.aux = origin(kNode, id);
    return v;
}

void Evaluator::fail_overflow(NodeId node) const { fail(node, "Zahlenüberlauf"); }

// Operands are always read left to right (into named locals), so explanations
// list what a definition read in source order.
//
// Each operation reads its operands either as they are (`raw`, operand(): the
// operation understands T-dependent forms: comparisons, date ± days, age,
// choices) or settled (`val`, settled(): any dependence on T first narrows the
// stable period and the value is treated as fixed).  Without Track both are
// plain evaluation.
//
// eval() holds the operations met most often (leaves, logic, comparisons,
// integer and money arithmetic, age, month counts, min/max) in a small function
// without closures, so that each call is cheap; eval_more() holds all others.
template <bool Track>
Value Evaluator::eval(NodeId id, Frame* frame) {
    const Node& n = nodes_[id];
    const NodeId* kids = children_ + n.first_child;
    switch (n.op) {
        case Op::constant: return constants_[n.a];
        case Op::input:
            if constexpr (Track)
                if (watch_) note_read(&case_->inputs[n.a]);
            return leaf<Track>(case_->inputs[n.a], n, id, frame);
        case Op::param: return eval_param<Track>(n.a);
        case Op::definition: return force_def<Track>(singleton(n.a), n.b);
        case Op::own_definition: return force_def<Track>(frame, n.b);
        case Op::module_param: return leaf<Track>(frame->args[n.a], n, id, frame);
        case Op::binder: return binders_[n.a];
        case Op::logical_not: return Value::boolean(!settled<Track>(n.a, frame).b);
        case Op::logical_and:
        case Op::logical_or: {
            // `a and b and c` is ((a and b) and c): walk down the left spine in this one call,
            // then read the operands from the leftmost outwards, in source order, stopping
            // where the result is decided — the same reads as one call per `and`.
            const bool conjunction = n.op == Op::logical_and;
            const Node* chain[8];
            std::uint32_t depth = 0;
            const Node* inner = &n;
            while (depth < 7 && nodes_[inner->a].op == n.op) {
                chain[depth++] = inner;
                inner = &nodes_[inner->a];
            }
            chain[depth] = inner;
            bool v = settled<Track>(inner->a, frame).b;
            for (std::uint32_t k = depth + 1; k-- > 0;) {
                if (v != conjunction) return Value::boolean(v);  // false decides an `and`, true an `or`
                v = settled<Track>(chain[k]->b, frame).b;
            }
            return Value::boolean(v);
        }
        case Op::if_then_else: return settled<Track>(n.a, frame).b ? operand<Track>(n.b, frame) : operand<Track>(n.c, frame);
        case Op::add_int:
        case Op::add_money: {
            std::int64_t a = settled<Track>(n.a, frame).i, b = settled<Track>(n.b, frame).i, r;
            if (__builtin_add_overflow(a, b, &r)) fail_overflow(id);
            return Value::integer(r);
        }
        case Op::sub_int:
        case Op::sub_money: {
            std::int64_t a = settled<Track>(n.a, frame).i, b = settled<Track>(n.b, frame).i, r;
            if (__builtin_sub_overflow(a, b, &r)) fail_overflow(id);
            return Value::integer(r);
        }
        case Op::mul_int:
        case Op::mul_money_int: {
            std::int64_t a = settled<Track>(n.a, frame).i, b = settled<Track>(n.b, frame).i, r;
            if (__builtin_mul_overflow(a, b, &r)) fail_overflow(id);
            return Value::integer(r);
        }
        case Op::lt:
        case Op::le:
        case Op::gt:
        case Op::ge: {
            Value a = operand<Track>(n.a, frame), b = operand<Track>(n.b, frame);
            if constexpr (Track) {
                if (watch_) note_met(a, b);
                if (a.form != Value::fixed || b.form != Value::fixed) keep_comparison(n.op, a, b, n.operand_kind, id);
            }
            return Value::boolean(compare_holds(n.op, a, b, n.operand_kind));
        }
        case Op::in_set:
        case Op::not_in_set: {
            Value element = settled<Track>(n.a, frame);
            bool found = false;
            if (element.present)
                for (std::uint32_t i = 0; i < n.child_count && !found; ++i)
                    found = same_value(element, settled<Track>(kids[i], frame), n.operand_kind);
            return Value::boolean(n.op == Op::in_set ? found : !found);
        }
        case Op::age: {
            // In timelines the day `on` may be T; in partial cases the birth date may be (age_of_t).
            Value birth = operand<Track>(kids[0], frame);
            Value on = operand<Track>(kids[1], frame);
            if constexpr (Track)
                if (birth.form != Value::fixed && !(birth.form == Value::day_of_t && on.form == Value::fixed))
                    birth = settle(birth);
            Value r = Value::integer(calendar::age(from_day_number(birth.day), from_day_number(on.day)));
            if constexpr (Track) {
                if (birth.form == Value::day_of_t) {
                    r.form = Value::age_of_t;
                    r.form_offset = birth.form_offset;
                    r.aux = on.day;
                } else if (on.form == Value::day_of_t) {
                    r.form = Value::age_at_t;
                    r.form_offset = on.form_offset;
                    r.aux = birth.day;
                }
            }
            return r;
        }
        case Op::days_inclusive:
        case Op::months_touched:
        case Op::full_months: {
            calendar::Day from = from_day_number(settled<Track>(kids[0], frame).day);
            calendar::Day to = from_day_number(settled<Track>(kids[1], frame).day);
            if (n.op == Op::days_inclusive) return Value::integer(calendar::days_inclusive(from, to));
            if (n.op == Op::months_touched) return Value::integer(calendar::months_touched(from, to));
            return Value::integer(calendar::full_months(from, to));
        }
        case Op::earliest:
        case Op::latest:
        case Op::min_of:
        case Op::max_of: {
            // Only the chosen value went into the result: the trace keeps what was read for
            // it and drops what was read for the others (so a cap that was not reached
            // does not count as used).
            bool minimum = n.op == Op::earliest || n.op == Op::min_of;
            std::size_t start = pending_.size(), best_begin = start, best_end = start;
            Value best = operand<Track>(kids[0], frame);
            best_end = pending_.size();
            std::uint32_t best_index = 0;
            for (std::uint32_t i = 1; i < n.child_count; ++i) {
                std::size_t begin = pending_.size();
                Value v = operand<Track>(kids[i], frame);
                int c = compare_values(v, best, n.operand_kind);
                if (minimum ? c < 0 : c > 0) {
                    best = v;
                    best_index = i;
                    best_begin = begin;
                    best_end = pending_.size();
                }
            }
            if constexpr (Track) {
                // The choice stays the same while the chosen value stays on its side of every other.
                for (std::uint32_t i = 0; i < n.child_count; ++i) {
                    if (i == best_index) continue;
                    Value other = eval<true>(kids[i], frame);  // memoised or cheap; needed for its form
                    if (watch_) note_met(best, other);
                    if (best.form != Value::fixed || other.form != Value::fixed)
                        keep_comparison(minimum ? (i < best_index ? Op::lt : Op::le) : (i < best_index ? Op::gt : Op::ge),
                                        best, other, n.operand_kind, id);
                }
            }
            if (tracing_) {
                std::rotate(pending_.begin() + static_cast<std::ptrdiff_t>(start),
                            pending_.begin() + static_cast<std::ptrdiff_t>(best_begin),
                            pending_.begin() + static_cast<std::ptrdiff_t>(best_end));
                pending_.resize(start + (best_end - best_begin));
            }
            return best;
        }
        default: return eval_more<Track>(id, frame);
    }
}

template <bool Track>
Value Evaluator::eval_more(NodeId id, Frame* frame) {
    const Node& n = nodes_[id];
    auto raw = [&](NodeId child) { return operand<Track>(child, frame); };
    auto val = [&](NodeId child) { return settled<Track>(child, frame); };
    auto leaf = [&](Value v) { return this->leaf<Track>(v, n, id, frame); };
    auto overflow = [&]() -> Value { fail_overflow(id); };
    auto decimal = [&](std::optional<money::Decimal> d) -> Value {
        if (!d) fail(id, "Zahlenüberlauf oder Division durch null");
        return Value::decimal(*d);
    };
    auto kids = [&]() { return children_ + n.first_child; };

    switch (n.op) {
        case Op::instantiate: {
            Value* args = arena_.make_array<Value>(n.child_count);
            for (std::uint32_t i = 0; i < n.child_count; ++i) args[i] = raw(kids()[i]);
            return Value::instance(instance(n.a, args));
        }
        case Op::instance_member: {
            Value instance = val(n.a);
            if (!instance.present) return Value::none();
            return force_def<Track>(instance.frame, n.b);
        }
        case Op::field: {
            Value object = val(n.a);
            if (!object.present) return leaf(Value::none());
            if constexpr (Track)
                if (watch_) note_read(&object.fields[n.b]);
            return leaf(object.fields[n.b]);
        }
        case Op::is_set: return Value::boolean(raw(n.a).present);
        case Op::is_not_set: return Value::boolean(!raw(n.a).present);

        case Op::negate_int:
        case Op::negate_money: {
            std::int64_t v = val(n.a).i, r;
            if (__builtin_sub_overflow(std::int64_t{0}, v, &r)) return overflow();
            return Value::integer(r);
        }
        case Op::negate_decimal: {
            money::Decimal d = val(n.a).dec;
            return decimal(money::make_decimal(-static_cast<money::Int128>(d.num), d.den));
        }
        case Op::negate_duration: {
            Value v = val(n.a);
            return Value::duration(-v.dur.months, -v.dur.days);
        }
        case Op::to_decimal: return Value::decimal({val(n.a).i, 1});
        case Op::div_int: {
            std::int64_t a = val(n.a).i, b = val(n.b).i;
            return decimal(money::make_decimal(a, b));
        }
        case Op::add_decimal: {
            money::Decimal a = val(n.a).dec, b = val(n.b).dec;
            return decimal(money::add(a, b));
        }
        case Op::sub_decimal: {
            money::Decimal a = val(n.a).dec, b = val(n.b).dec;
            return decimal(money::sub(a, b));
        }
        case Op::mul_decimal: {
            money::Decimal a = val(n.a).dec, b = val(n.b).dec;
            return decimal(money::mul(a, b));
        }
        case Op::div_decimal: {
            money::Decimal a = val(n.a).dec, b = val(n.b).dec;
            return decimal(money::div(a, b));
        }
        case Op::mul_money_decimal: {
            std::int64_t cents = val(n.a).i;
            auto r = money::mul_round(cents, val(n.b).dec);
            if (!r) return overflow();
            return Value::cents(*r);
        }
        case Op::div_money_int: {
            std::int64_t cents = val(n.a).i;
            auto r = money::div_round(cents, val(n.b).i);
            if (!r) fail(id, "Division durch null");
            return Value::cents(*r);
        }
        case Op::div_money_money: {
            std::int64_t a = val(n.a).i, b = val(n.b).i;
            return decimal(money::make_decimal(a, b));
        }
        case Op::add_date_duration:
        case Op::sub_date_duration: {
            Value d = raw(n.a), dur = val(n.b);
            if constexpr (Track)
                if (dur.dur.months != 0) d = settle(d);  // T + months is no fixed distance from T
            int sign = n.op == Op::add_date_duration ? 1 : -1;
            calendar::Day day = calendar::add_months(from_day_number(d.day), sign * dur.dur.months);
            Value r = date_value(day + date::days{sign * dur.dur.days});
            if constexpr (Track) {
                if (d.form == Value::day_of_t) {
                    r.form = Value::day_of_t;
                    r.form_offset = static_cast<std::int16_t>(r.day - probe_day_);
                }
            }
            return r;
        }
        case Op::add_duration:
        case Op::sub_duration: {
            Value a = val(n.a), b = val(n.b);
            int sign = n.op == Op::add_duration ? 1 : -1;
            return Value::duration(a.dur.months + sign * b.dur.months, a.dur.days + sign * b.dur.days);
        }
        case Op::mul_duration_int: {
            Value a = val(n.a);
            std::int64_t k = val(n.b).i;
            if (k > 100000 || k < -100000) return overflow();
            return Value::duration(static_cast<std::int32_t>(a.dur.months * k), static_cast<std::int32_t>(a.dur.days * k));
        }

        case Op::eq:
        case Op::ne: {
            Value a = raw(n.a), b = raw(n.b);
            if constexpr (Track) {
                if (watch_) note_met(a, b);
                if (a.form != Value::fixed || b.form != Value::fixed) {
                    if ((n.operand_kind == TypeKind::date || n.operand_kind == TypeKind::integer) && a.present &&
                        b.present) {
                        // a == b holds while both a <= b and a >= b keep their truth.
                        keep_comparison(Op::le, a, b, n.operand_kind, id);
                        keep_comparison(Op::ge, a, b, n.operand_kind, id);
                    } else {
                        a = settle(a);
                        b = settle(b);
                    }
                    a.form = b.form = Value::fixed;
                }
            }
            bool equal = same_value(a, b, n.operand_kind);
            return Value::boolean(n.op == Op::eq ? equal : !equal);
        }
        case Op::in_list:
        case Op::not_in_list: {
            Value element = val(n.a);
            Value list = val(n.b);
            bool found = false;
            if (element.present)
                for (std::uint32_t i = 0; i < list.list.size && !found; ++i) {
                    Value item = list.list.items[i];
                    if constexpr (Track) item = settle(item);
                    found = same_value(element, item, n.operand_kind);
                }
            return Value::boolean(n.op == Op::in_list ? found : !found);
        }
        case Op::list_literal: {
            Value* items = arena_.make_array<Value>(n.child_count);
            for (std::uint32_t i = 0; i < n.child_count; ++i) items[i] = raw(kids()[i]);
            return Value::list_ref(items, n.child_count);
        }
        case Op::record_literal: {
            Value* fields = arena_.make_array<Value>(n.child_count);
            for (std::uint32_t i = 0; i < n.child_count; ++i) fields[i] = raw(kids()[i]);
            return Value::record(fields);
        }

        case Op::birthday: {
            Value birth = val(kids()[0]);
            std::int64_t years = val(kids()[1]).i;
            if (years < -1000 || years > 1000) return overflow();
            return date_value(calendar::birthday(from_day_number(birth.day), static_cast<int>(years)));
        }
        case Op::add_days: {
            Value d = raw(kids()[0]);
            std::int64_t k = val(kids()[1]).i;
            if (k > 3'000'000 || k < -3'000'000) return overflow();
            Value r = Value::date(d.day + static_cast<std::int32_t>(k));
            if constexpr (Track) {
                if (d.form == Value::day_of_t) {
                    r.form = Value::day_of_t;
                    r.form_offset = static_cast<std::int16_t>(r.day - probe_day_);
                } else if (d.form != Value::fixed) {
                    settle(d);
                }
            }
            return r;
        }
        case Op::add_months:
        case Op::add_years: {
            Value d = val(kids()[0]);
            std::int64_t k = val(kids()[1]).i;
            if (k > 100000 || k < -100000) return overflow();
            calendar::Day day = n.op == Op::add_months ? calendar::add_months(from_day_number(d.day), k)
                                                       : calendar::add_years(from_day_number(d.day), k);
            return date_value(day);
        }
        case Op::year_of:
        case Op::month_of:
        case Op::day_of: {
            date::year_month_day ymd{from_day_number(val(kids()[0]).day)};
            if (n.op == Op::year_of) return Value::integer(int(ymd.year()));
            if (n.op == Op::month_of) return Value::integer(unsigned(ymd.month()));
            return Value::integer(unsigned(ymd.day()));
        }
        case Op::floor_decimal: return Value::integer(money::floor(val(kids()[0]).dec));
        case Op::ceil_decimal: return Value::integer(money::ceil(val(kids()[0]).dec));
        case Op::round_decimal: return Value::integer(money::round_half_up(val(kids()[0]).dec));
        case Op::value_or: {
            Value v = raw(kids()[0]);
            return v.present ? v : raw(kids()[1]);
        }
        case Op::trim: {
            std::string_view s = val(kids()[0]).str();
            while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
            while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
            return Value::text_ref(s);
        }
        case Op::is_blank: {
            Value v = val(kids()[0]);
            if (!v.present) return Value::boolean(true);
            for (char c : v.str())
                if (!is_space(c)) return Value::boolean(false);
            return Value::boolean(true);
        }
        case Op::format_text: {
            std::string_view pattern = val(kids()[0]).str();
            std::string out;
            std::uint32_t next = 1;
            for (std::size_t i = 0; i < pattern.size(); ++i) {
                char c = pattern[i];
                if ((c == '{' || c == '}') && i + 1 < pattern.size()) {
                    if (c == '{' && pattern[i + 1] == '}') {
                        NodeId arg = kids()[next++];
                        out += german_value(program_, val(arg), rules_.nodes[arg].type);
                        ++i;
                        continue;
                    }
                    if (pattern[i + 1] == c) ++i;  // {{ or }}
                }
                out.push_back(c);
            }
            return Value::text_ref(arena_.copy(out));
        }
        case Op::count_list: return Value::integer(val(kids()[0]).list.size);
        case Op::all_of:
        case Op::any_of: {
            bool all = true, any = false;
            for (std::uint32_t i = 0; i < n.child_count; ++i) {
                bool v = val(kids()[i]).b;
                all = all && v;
                any = any || v;
            }
            return Value::boolean(n.op == Op::all_of ? all : any);
        }

        case Op::agg_count:
        case Op::agg_sum:
        case Op::agg_all:
        case Op::agg_any:
        case Op::agg_filter:
        case Op::agg_map:
        case Op::agg_first:
        case Op::agg_min:
        case Op::agg_max: {
            Value list = val(n.a);
            const std::vector<std::uint32_t>* candidates = nullptr;
            if constexpr (!Track) candidates = indexed_candidates(id, n, list, frame);
            Value& binder = binders_[n.binder];
            std::int64_t count = 0;
            money::Decimal dec_sum{0, 1};
            bool found = false;
            Value best = Value::none();
            Value* out = nullptr;
            std::uint32_t total = candidates ? static_cast<std::uint32_t>(candidates->size()) : list.list.size;
            if (n.op == Op::agg_filter || n.op == Op::agg_map) out = arena_.make_array<Value>(total);
            std::uint32_t produced = 0;
            for (std::uint32_t k = 0; k < total; ++k) {
                binder = list.list.items[candidates ? (*candidates)[k] : k];
                if (n.b != kNoNode && !val(n.b).b) continue;
                switch (n.op) {
                    case Op::agg_count: ++count; break;
                    case Op::agg_sum: {
                        Value v = val(n.c);
                        if (n.operand_kind == TypeKind::decimal) {
                            auto s = money::add(dec_sum, v.dec);
                            if (!s) return overflow();
                            dec_sum = *s;
                        } else if (__builtin_add_overflow(count, v.i, &count)) {
                            return overflow();
                        }
                        break;
                    }
                    case Op::agg_all:
                        if (!val(n.c).b) return Value::boolean(false);
                        break;
                    case Op::agg_any:
                        if (val(n.c).b) return Value::boolean(true);
                        break;
                    case Op::agg_filter: out[produced++] = binder; break;
                    case Op::agg_map: out[produced++] = raw(n.c); break;
                    case Op::agg_first: return binder;
                    default: {  // min, max
                        Value v = val(n.c);
                        int c = best.present ? compare_values(v, best, n.operand_kind) : 0;
                        if (!best.present || (n.op == Op::agg_min ? c < 0 : c > 0)) best = v;
                        break;
                    }
                }
                found = true;
            }
            switch (n.op) {
                case Op::agg_count: return Value::integer(count);
                case Op::agg_sum:
                    return n.operand_kind == TypeKind::decimal ? Value::decimal(dec_sum) : Value::integer(count);
                case Op::agg_all: return Value::boolean(true);
                case Op::agg_any: return Value::boolean(false);
                case Op::agg_filter:
                case Op::agg_map: return Value::list_ref(out, produced);
                case Op::agg_first: return Value::none();
                default: return found ? best : Value::none();
            }
        }
        case Op::reasons: return reasons<Track>(n, frame);
        case Op::uses_example_values: return Value::boolean(uses_example_values<Track>(n, frame));
        default: break;  // the operations of eval()
    }
    fail(id, "interner Fehler: unbekannte Operation");
}

// ---- entry points of the tracking modes (they need force_def and eval) ---------------

Value Evaluator::watched_output(std::size_t i) {
    const OutputSlot& out = outputs_[i];
    return force_def<true>(out.frame, out.definition);
}

Value Evaluator::watched_force(Frame* frame, std::uint32_t d) { return force_def<true>(frame, d); }

bool Evaluator::watched_record_check(const RecordCheck& check, const Value& record) {
    binders_[check.binder] = record;
    return settle(eval<true>(check.condition, nullptr)).b;
}

Value Evaluator::probe(const Case& kase, std::uint32_t module, std::vector<Value> args, std::uint32_t day_arg,
                       std::uint32_t definition, Stability& stability) {
    start(kase, false);
    tracing_ = false;  // reasons() in a probe would need the trace; probes use values only
    // Probes name boundaries after definitions, so they walk the rules as written.
    nodes_ = rules_.nodes.data();
    children_ = rules_.children.data();
    probe_day_ = args[day_arg].day;
    stability_ = Stability{};
    forcing_.clear();
    Value* stored = arena_.make_array<Value>(args.size());
    std::copy(args.begin(), args.end(), stored);
    stored[day_arg].form = Value::day_of_t;
    stored[day_arg].form_offset = 0;
    watch_ = nullptr;
    Value result = settle(force_def<true>(instance(module, stored), definition));
    stability = stability_;
    return result;
}

template Value Evaluator::eval<false>(NodeId, Frame*);
template Value Evaluator::eval<true>(NodeId, Frame*);
template Value Evaluator::eval_more<false>(NodeId, Frame*);
template Value Evaluator::eval_more<true>(NodeId, Frame*);

}  // namespace klappt
