#include "engine/evaluator.hpp"

#include <algorithm>

#include "engine/calendar.hpp"

namespace klappt {

namespace {

using calendar::from_day_number;

Value date_value(calendar::Day d) { return Value::date(calendar::day_number(d)); }

int compare_values(const Value& a, const Value& b, TypeKind kind) {
    switch (kind) {
        case TypeKind::integer:
        case TypeKind::money: return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
        case TypeKind::date: return a.day < b.day ? -1 : a.day > b.day ? 1 : 0;
        case TypeKind::decimal: return money::compare(a.dec, b.dec);
        default: return 0;
    }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

bool same_value(const Value& a, const Value& b, TypeKind kind) {
    if (!a.present || !b.present) return a.present == b.present;
    switch (kind) {
        case TypeKind::boolean: return a.b == b.b;
        case TypeKind::integer:
        case TypeKind::money: return a.i == b.i;
        case TypeKind::date: return a.day == b.day;
        case TypeKind::enumeration: return a.ordinal == b.ordinal;
        case TypeKind::decimal: return a.dec.num == b.dec.num && a.dec.den == b.dec.den;
        case TypeKind::duration: return a.dur.months == b.dur.months && a.dur.days == b.dur.days;
        case TypeKind::text: return a.str() == b.str();
        case TypeKind::record: return a.fields == b.fields;
        case TypeKind::list: return a.list.items == b.list.items && a.list.size == b.list.size;
        case TypeKind::instance: return a.frame == b.frame;
        default: return false;
    }
}

Evaluator::Evaluator(const Program& program)
    : program_(program), rules_(program.rules), arena_(64 * 1024) {
    singletons_.assign(rules_.modules.size(), nullptr);
    instances_.resize(rules_.modules.size());
    binders_.assign(rules_.binder_count, Value());
    param_value_.assign(rules_.params.size(), Value());
    param_version_.assign(rules_.params.size(), nullptr);
    param_state_.assign(rules_.params.size(), 0);
    qualified_.resize(rules_.modules.size());
    for (std::uint32_t m = 0; m < rules_.modules.size(); ++m)
        for (std::uint32_t d = 0; d < rules_.modules[m].definitions.size(); ++d)
            qualified_[m].push_back(rules_.qualified_name(m, d));
}

void Evaluator::start(const Case& kase, bool trace) {
    case_ = &kase;
    tracing_ = trace || rules_.uses_explanations;
    arena_.reset();
    std::fill(singletons_.begin(), singletons_.end(), nullptr);
    for (auto& list : instances_) list.clear();
    std::fill(param_state_.begin(), param_state_.end(), 0);
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
    frame->slots = arena_.make_array<Slot>(rules_.modules[module].definitions.size());
    return frame;
}

Frame* Evaluator::singleton(std::uint32_t module) {
    Frame*& f = singletons_[module];
    if (!f) f = new_frame(module, nullptr);
    return f;
}

Frame* Evaluator::instance(std::uint32_t module, const Value* args) {
    const auto& params = rules_.modules[module].params;
    for (Frame* f : instances_[module]) {
        bool equal = true;
        for (std::size_t i = 0; i < params.size() && equal; ++i)
            equal = same_value(f->args[i], args[i], rules_.types.kind(rules_.types.strip_optional(params[i].type)));
        if (equal) return f;
    }
    Frame* f = new_frame(module, args);
    instances_[module].push_back(f);
    return f;
}

Value Evaluator::output(std::size_t i) {
    const OutputRef& ref = rules_.outputs[i];
    return force(singleton(ref.module), ref.definition);
}

bool Evaluator::record_check_holds(const RecordCheck& check, const Value& record) {
    binders_[check.binder] = record;
    return eval(check.condition, nullptr).b;
}

Value Evaluator::force(Frame* frame, std::uint32_t d) {
    Slot& slot = frame->slots[d];
    if (slot.state == 2) {
        if (tracing_) pending_.push_back({TraceEdge::Kind::definition, d, frame, slot.value});
        return slot.value;
    }
    const Definition& def = rules_.modules[frame->module].definitions[d];
    if (slot.state == 1) fail(def.value, "Zyklus bei der Auswertung von " + qualified_[frame->module][d]);
    slot.state = 1;
    std::size_t mark = pending_.size();

    NodeId body = def.value;
    if (!def.versions.empty() && has_check_date_)
        for (const auto& v : def.versions)
            if (v.from <= check_date_ && check_date_ <= v.to) body = v.value;
    std::int8_t exception = -1;
    for (std::size_t i = 0; i < def.exceptions.size(); ++i) {
        if (eval(def.exceptions[i].condition, frame).b) {
            body = def.exceptions[i].value;
            exception = static_cast<std::int8_t>(i);
            break;
        }
    }
    Value value = eval(body, frame);

    Slot& done = frame->slots[d];  // (slots never move; re-read for clarity)
    done.value = value;
    done.exception = exception;
    done.state = 2;
    if (tracing_) {
        done.trace_begin = static_cast<std::uint32_t>(edges_.size());
        edges_.insert(edges_.end(), pending_.begin() + static_cast<std::ptrdiff_t>(mark), pending_.end());
        done.trace_end = static_cast<std::uint32_t>(edges_.size());
        pending_.resize(mark);
        pending_.push_back({TraceEdge::Kind::definition, d, frame, value});
    }
    return value;
}

Value Evaluator::eval_param(std::uint32_t p) {
    if (param_state_[p] == 0) {
        param_state_[p] = 1;
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
    return param_value_[p];
}

std::pair<Frame*, std::uint32_t> Evaluator::definition_ref(NodeId ref, Frame* frame) {
    const Node& n = rules_.nodes[ref];
    switch (n.op) {
        case Op::definition: return {singleton(n.a), n.b};
        case Op::own_definition: return {frame, n.b};
        default: return {eval(n.a, frame).frame, n.b};  // instance_member
    }
}

Value Evaluator::reasons(const Node& node, Frame* frame) {
    auto [root_frame, root_def] = definition_ref(rules_.child_ids(node)[0], frame);
    force(root_frame, root_def);
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

bool Evaluator::uses_example_values(const Node& node, Frame* frame) {
    std::vector<std::pair<Frame*, std::uint32_t>> seen, stack;
    for (std::uint32_t i = 0; i < node.child_count; ++i) {
        auto ref = definition_ref(rules_.child_ids(node)[i], frame);
        force(ref.first, ref.second);
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

Value Evaluator::eval(NodeId id, Frame* frame) {
    const Node& n = rules_.nodes[id];
    auto leaf = [&](Value v) {
        if (tracing_ && n.trace_leaf) pending_.push_back({TraceEdge::Kind::leaf, id, frame, v});
        return v;
    };
    auto overflow = [&]() -> Value { fail(id, "Zahlenüberlauf"); };
    auto decimal = [&](std::optional<money::Decimal> d) -> Value {
        if (!d) fail(id, "Zahlenüberlauf oder Division durch null");
        return Value::decimal(*d);
    };
    auto kids = [&]() { return rules_.child_ids(n); };

    switch (n.op) {
        case Op::constant: return program_.constants[n.a];
        case Op::input: return leaf(case_->inputs[n.a]);
        case Op::param: return eval_param(n.a);
        case Op::definition: return force(singleton(n.a), n.b);
        case Op::own_definition: return force(frame, n.b);
        case Op::module_param: return leaf(frame->args[n.a]);
        case Op::binder: return binders_[n.a];
        case Op::instantiate: {
            Value* args = arena_.make_array<Value>(n.child_count);
            for (std::uint32_t i = 0; i < n.child_count; ++i) args[i] = eval(kids()[i], frame);
            return Value::instance(instance(n.a, args));
        }
        case Op::instance_member: return force(eval(n.a, frame).frame, n.b);
        case Op::field: {
            Value object = eval(n.a, frame);
            if (!object.present) return leaf(Value::none());
            return leaf(object.fields[n.b]);
        }
        case Op::logical_not: return Value::boolean(!eval(n.a, frame).b);
        case Op::logical_and: return Value::boolean(eval(n.a, frame).b && eval(n.b, frame).b);
        case Op::logical_or: return Value::boolean(eval(n.a, frame).b || eval(n.b, frame).b);
        case Op::if_then_else: return eval(n.a, frame).b ? eval(n.b, frame) : eval(n.c, frame);
        case Op::is_set: return Value::boolean(eval(n.a, frame).present);
        case Op::is_not_set: return Value::boolean(!eval(n.a, frame).present);

        case Op::negate_int:
        case Op::negate_money: {
            std::int64_t v = eval(n.a, frame).i, r;
            if (__builtin_sub_overflow(std::int64_t{0}, v, &r)) return overflow();
            return Value::integer(r);
        }
        case Op::negate_decimal: {
            money::Decimal d = eval(n.a, frame).dec;
            return decimal(money::make_decimal(-static_cast<money::Int128>(d.num), d.den));
        }
        case Op::negate_duration: {
            Value v = eval(n.a, frame);
            return Value::duration(-v.dur.months, -v.dur.days);
        }
        case Op::to_decimal: return Value::decimal({eval(n.a, frame).i, 1});
        case Op::add_int:
        case Op::add_money: {
            std::int64_t r;
            if (__builtin_add_overflow(eval(n.a, frame).i, eval(n.b, frame).i, &r)) return overflow();
            return Value::integer(r);
        }
        case Op::sub_int:
        case Op::sub_money: {
            std::int64_t r;
            if (__builtin_sub_overflow(eval(n.a, frame).i, eval(n.b, frame).i, &r)) return overflow();
            return Value::integer(r);
        }
        case Op::mul_int:
        case Op::mul_money_int: {
            std::int64_t r;
            if (__builtin_mul_overflow(eval(n.a, frame).i, eval(n.b, frame).i, &r)) return overflow();
            return Value::integer(r);
        }
        case Op::div_int: {
            std::int64_t a = eval(n.a, frame).i, b = eval(n.b, frame).i;
            return decimal(money::make_decimal(a, b));
        }
        case Op::add_decimal: return decimal(money::add(eval(n.a, frame).dec, eval(n.b, frame).dec));
        case Op::sub_decimal: return decimal(money::sub(eval(n.a, frame).dec, eval(n.b, frame).dec));
        case Op::mul_decimal: return decimal(money::mul(eval(n.a, frame).dec, eval(n.b, frame).dec));
        case Op::div_decimal: return decimal(money::div(eval(n.a, frame).dec, eval(n.b, frame).dec));
        case Op::mul_money_decimal: {
            std::int64_t cents = eval(n.a, frame).i;
            auto r = money::mul_round(cents, eval(n.b, frame).dec);
            if (!r) return overflow();
            return Value::cents(*r);
        }
        case Op::div_money_int: {
            std::int64_t cents = eval(n.a, frame).i;
            auto r = money::div_round(cents, eval(n.b, frame).i);
            if (!r) fail(id, "Division durch null");
            return Value::cents(*r);
        }
        case Op::div_money_money: {
            std::int64_t a = eval(n.a, frame).i, b = eval(n.b, frame).i;
            return decimal(money::make_decimal(a, b));
        }
        case Op::add_date_duration:
        case Op::sub_date_duration: {
            Value d = eval(n.a, frame), dur = eval(n.b, frame);
            int sign = n.op == Op::add_date_duration ? 1 : -1;
            calendar::Day day = calendar::add_months(from_day_number(d.day), sign * dur.dur.months);
            return date_value(day + date::days{sign * dur.dur.days});
        }
        case Op::add_duration:
        case Op::sub_duration: {
            Value a = eval(n.a, frame), b = eval(n.b, frame);
            int sign = n.op == Op::add_duration ? 1 : -1;
            return Value::duration(a.dur.months + sign * b.dur.months, a.dur.days + sign * b.dur.days);
        }
        case Op::mul_duration_int: {
            Value a = eval(n.a, frame);
            std::int64_t k = eval(n.b, frame).i;
            if (k > 100000 || k < -100000) return overflow();
            return Value::duration(static_cast<std::int32_t>(a.dur.months * k), static_cast<std::int32_t>(a.dur.days * k));
        }

        case Op::eq:
        case Op::ne: {
            bool equal = same_value(eval(n.a, frame), eval(n.b, frame), n.operand_kind);
            return Value::boolean(n.op == Op::eq ? equal : !equal);
        }
        case Op::lt: return Value::boolean(compare_values(eval(n.a, frame), eval(n.b, frame), n.operand_kind) < 0);
        case Op::le: return Value::boolean(compare_values(eval(n.a, frame), eval(n.b, frame), n.operand_kind) <= 0);
        case Op::gt: return Value::boolean(compare_values(eval(n.a, frame), eval(n.b, frame), n.operand_kind) > 0);
        case Op::ge: return Value::boolean(compare_values(eval(n.a, frame), eval(n.b, frame), n.operand_kind) >= 0);
        case Op::in_set:
        case Op::not_in_set: {
            Value element = eval(n.a, frame);
            bool found = false;
            if (element.present)
                for (std::uint32_t i = 0; i < n.child_count && !found; ++i)
                    found = same_value(element, eval(kids()[i], frame), n.operand_kind);
            return Value::boolean(n.op == Op::in_set ? found : !found);
        }
        case Op::in_list:
        case Op::not_in_list: {
            Value element = eval(n.a, frame);
            Value list = eval(n.b, frame);
            bool found = false;
            if (element.present)
                for (std::uint32_t i = 0; i < list.list.size && !found; ++i)
                    found = same_value(element, list.list.items[i], n.operand_kind);
            return Value::boolean(n.op == Op::in_list ? found : !found);
        }
        case Op::list_literal: {
            Value* items = arena_.make_array<Value>(n.child_count);
            for (std::uint32_t i = 0; i < n.child_count; ++i) items[i] = eval(kids()[i], frame);
            return Value::list_ref(items, n.child_count);
        }
        case Op::record_literal: {
            Value* fields = arena_.make_array<Value>(n.child_count);
            for (std::uint32_t i = 0; i < n.child_count; ++i) fields[i] = eval(kids()[i], frame);
            return Value::record(fields);
        }

        case Op::age:
            return Value::integer(calendar::age(from_day_number(eval(kids()[0], frame).day),
                                                from_day_number(eval(kids()[1], frame).day)));
        case Op::birthday: {
            Value birth = eval(kids()[0], frame);
            std::int64_t years = eval(kids()[1], frame).i;
            if (years < -1000 || years > 1000) return overflow();
            return date_value(calendar::birthday(from_day_number(birth.day), static_cast<int>(years)));
        }
        case Op::add_days: {
            Value d = eval(kids()[0], frame);
            std::int64_t k = eval(kids()[1], frame).i;
            if (k > 3'000'000 || k < -3'000'000) return overflow();
            return Value::date(d.day + static_cast<std::int32_t>(k));
        }
        case Op::add_months:
        case Op::add_years: {
            Value d = eval(kids()[0], frame);
            std::int64_t k = eval(kids()[1], frame).i;
            if (k > 100000 || k < -100000) return overflow();
            calendar::Day day = n.op == Op::add_months ? calendar::add_months(from_day_number(d.day), k)
                                                       : calendar::add_years(from_day_number(d.day), k);
            return date_value(day);
        }
        case Op::days_inclusive:
            return Value::integer(calendar::days_inclusive(from_day_number(eval(kids()[0], frame).day),
                                                           from_day_number(eval(kids()[1], frame).day)));
        case Op::months_touched:
            return Value::integer(calendar::months_touched(from_day_number(eval(kids()[0], frame).day),
                                                           from_day_number(eval(kids()[1], frame).day)));
        case Op::year_of:
        case Op::month_of:
        case Op::day_of: {
            date::year_month_day ymd{from_day_number(eval(kids()[0], frame).day)};
            if (n.op == Op::year_of) return Value::integer(int(ymd.year()));
            if (n.op == Op::month_of) return Value::integer(unsigned(ymd.month()));
            return Value::integer(unsigned(ymd.day()));
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
            Value best = eval(kids()[0], frame);
            best_end = pending_.size();
            for (std::uint32_t i = 1; i < n.child_count; ++i) {
                std::size_t begin = pending_.size();
                Value v = eval(kids()[i], frame);
                int c = compare_values(v, best, n.operand_kind);
                if (minimum ? c < 0 : c > 0) {
                    best = v;
                    best_begin = begin;
                    best_end = pending_.size();
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
        case Op::floor_decimal: return Value::integer(money::floor(eval(kids()[0], frame).dec));
        case Op::ceil_decimal: return Value::integer(money::ceil(eval(kids()[0], frame).dec));
        case Op::round_decimal: return Value::integer(money::round_half_up(eval(kids()[0], frame).dec));
        case Op::value_or: {
            Value v = eval(kids()[0], frame);
            return v.present ? v : eval(kids()[1], frame);
        }
        case Op::trim: {
            std::string_view s = eval(kids()[0], frame).str();
            while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
            while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
            return Value::text_ref(s);
        }
        case Op::is_blank: {
            Value v = eval(kids()[0], frame);
            if (!v.present) return Value::boolean(true);
            for (char c : v.str())
                if (!is_space(c)) return Value::boolean(false);
            return Value::boolean(true);
        }
        case Op::count_list: return Value::integer(eval(kids()[0], frame).list.size);
        case Op::all_of:
        case Op::any_of: {
            bool all = true, any = false;
            for (std::uint32_t i = 0; i < n.child_count; ++i) {
                bool v = eval(kids()[i], frame).b;
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
            Value list = eval(n.a, frame);
            Value& binder = binders_[n.binder];
            std::int64_t count = 0;
            money::Decimal dec_sum{0, 1};
            bool found = false;
            Value best = Value::none();
            Value* out = nullptr;
            if (n.op == Op::agg_filter || n.op == Op::agg_map) out = arena_.make_array<Value>(list.list.size);
            std::uint32_t produced = 0;
            for (std::uint32_t i = 0; i < list.list.size; ++i) {
                binder = list.list.items[i];
                if (n.b != kNoNode && !eval(n.b, frame).b) continue;
                switch (n.op) {
                    case Op::agg_count: ++count; break;
                    case Op::agg_sum: {
                        Value v = eval(n.c, frame);
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
                        if (!eval(n.c, frame).b) return Value::boolean(false);
                        break;
                    case Op::agg_any:
                        if (eval(n.c, frame).b) return Value::boolean(true);
                        break;
                    case Op::agg_filter: out[produced++] = binder; break;
                    case Op::agg_map: out[produced++] = eval(n.c, frame); break;
                    case Op::agg_first: return binder;
                    default: {  // min, max
                        Value v = eval(n.c, frame);
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
        case Op::reasons: return reasons(n, frame);
        case Op::uses_example_values: return Value::boolean(uses_example_values(n, frame));
    }
    fail(id, "interner Fehler: unbekannte Operation");
}

}  // namespace klappt
