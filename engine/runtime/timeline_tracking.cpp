// The evaluator's timeline mode (see evaluator.hpp): while a definition is probed for the
// varied day T, values remember whether they are T + k or an age at T; comparing them narrows
// the period in which the result is known not to change and notes why each boundary is where
// it is (Cause), named by describe() in the rule set's words.
#include <algorithm>

#include "engine/base/calendar.hpp"
#include "engine/runtime/evaluation_support.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/runtime/value_text.hpp"

namespace klappt {

using namespace evaluation;
using calendar::from_day_number;

std::int32_t Evaluator::definition_origin(std::uint32_t module, std::uint32_t d) const {
    return origin(kDefinition, definition_base_[module] + d);
}

std::int32_t Evaluator::origin_of(const Value& v) const {
    if (v.aux != 0) return v.aux;
    return forcing_.empty() ? 0 : forcing_.back();  // a literal: named after the definition that uses it
}

void Evaluator::narrow(DayNumber from, DayNumber to, Cause from_cause, Cause to_cause) {
    // When two things change on the same day, name the one that falls on that very
    // day („Statuswechsel“) rather than one that ended the day before.  All of them are
    // kept: the timeline names the one that changes the result (timeline_explain.hpp).
    auto better = [](const Cause& candidate, const Cause& current) {
        return candidate.origin != 0 && (current.origin == 0 || (current.shift != 0 && candidate.shift == 0));
    };
    std::uint32_t context = forcing_.empty() ? 0 : static_cast<std::uint32_t>(origin_index(forcing_.back())) + 1;
    from_cause.context = to_cause.context = context;
    auto remember = [](std::vector<Cause>& causes, const Cause& c) {
        if (c.origin != 0 && std::find(causes.begin(), causes.end(), c) == causes.end()) causes.push_back(c);
    };
    if (from > stability_.from) stability_.from_causes.clear();
    if (from >= stability_.from) remember(stability_.from_causes, from_cause);
    if (to < stability_.to) stability_.to_causes.clear();
    if (to <= stability_.to) remember(stability_.to_causes, to_cause);
    if (from > stability_.from || (from == stability_.from && better(from_cause, stability_.from_cause))) {
        stability_.from = from;
        stability_.from_cause = from_cause;
    }
    if (to < stability_.to || (to == stability_.to && better(to_cause, stability_.to_cause))) {
        stability_.to = to;
        stability_.to_cause = to_cause;
    }
}

// Any dependence on T that an operation does not understand: the value is the
// same only on the days where its form gives the same value.
Value Evaluator::settle(Value v) {
    switch (v.form) {
        case Value::day_of_t: narrow(probe_day_, probe_day_, {}, {}); break;
        case Value::age_at_t: {
            calendar::Day birth = from_day_number(v.aux);
            auto years = static_cast<int>(v.i);
            DayNumber from = calendar::day_number(calendar::birthday(birth, years)) - v.form_offset;
            DayNumber to = calendar::day_number(calendar::birthday(birth, years + 1)) - 1 - v.form_offset;
            narrow(from, to, {origin(kBirthday, years), 0}, {origin(kBirthday, years + 1), -1});
            v.aux = 0;
            break;
        }
        case Value::age_of_t: {
            // The age stays v.i for the birth dates (L(v.i + 1), L(v.i)].
            auto years = static_cast<int>(v.i);
            narrow(last_birth_for_age(v.aux, years + 1) + 1 - v.form_offset,
                   last_birth_for_age(v.aux, years) - v.form_offset, {}, {});
            v.aux = 0;
            break;
        }
        default: return v;
    }
    v.form = Value::fixed;
    return v;
}

// The predicate `T + offset  op  threshold` keeps its present truth on the narrowed period.
void Evaluator::keep_day_predicate(Op op, std::int32_t offset, DayNumber threshold, std::int32_t named) {
    DayNumber d = threshold - offset;  // the predicate in terms of T: T op d
    DayNumber t = probe_day_;
    auto cause = [&](std::int8_t shift) { return Cause{named, offset == 0 ? shift : std::int8_t{0}}; };
    switch (op) {
        case Op::le:
            if (t <= d) narrow(kFirstDay, d, {}, cause(0));
            else narrow(d + 1, kLastDay, cause(1), {});
            break;
        case Op::lt:
            if (t < d) narrow(kFirstDay, d - 1, {}, cause(-1));
            else narrow(d, kLastDay, cause(0), {});
            break;
        case Op::ge:
            if (t >= d) narrow(d, kLastDay, cause(0), {});
            else narrow(kFirstDay, d - 1, {}, cause(-1));
            break;
        case Op::gt:
            if (t > d) narrow(d + 1, kLastDay, cause(1), {});
            else narrow(kFirstDay, d, {}, cause(0));
            break;
        default: narrow(t, t, {}, {}); break;
    }
}

void Evaluator::keep_comparison(Op op, const Value& a, const Value& b, TypeKind kind, NodeId node) {
    (void)node;
    // Bring the T-dependent side to the left: T-form  op  fixed.
    const Value* l = &a;
    const Value* r = &b;
    if (a.form == Value::fixed) {
        std::swap(l, r);
        op = mirrored(op);
    }
    if (r->form != Value::fixed || !l->present || !r->present) {
        // Both sides move with T (T+k vs T+j compares k with j, which never changes;
        // anything else is settled conservatively).
        if (l->form == Value::day_of_t && r->form == Value::day_of_t) return;
        settle(*l);
        settle(*r);
        return;
    }
    if (kind == TypeKind::date && l->form == Value::day_of_t) {
        keep_day_predicate(op, l->form_offset, r->day, origin_of(*r));
        return;
    }
    if (kind == TypeKind::integer && l->form == Value::age_at_t) {
        // age(birth, T + k) op n  ⇔  T + k (op') the day of the relevant birthday.
        calendar::Day birth = from_day_number(l->aux);
        auto n = static_cast<int>(r->i);
        auto birthday = [&](int years) { return calendar::day_number(calendar::birthday(birth, years)); };
        switch (op) {
            case Op::ge: keep_day_predicate(Op::ge, l->form_offset, birthday(n), origin(kBirthday, n)); return;
            case Op::gt: keep_day_predicate(Op::ge, l->form_offset, birthday(n + 1), origin(kBirthday, n + 1)); return;
            case Op::lt: keep_day_predicate(Op::lt, l->form_offset, birthday(n), origin(kBirthday, n)); return;
            case Op::le: keep_day_predicate(Op::lt, l->form_offset, birthday(n + 1), origin(kBirthday, n + 1)); return;
            default: break;
        }
    }
    if (kind == TypeKind::integer && l->form == Value::age_of_t) {
        // age(T + k, on) >= n  ⇔  T + k <= L(n), the last birth date that is n years old on `on`.
        auto n = static_cast<int>(r->i);
        switch (op) {
            case Op::ge: keep_day_predicate(Op::le, l->form_offset, last_birth_for_age(l->aux, n), 0); return;
            case Op::gt: keep_day_predicate(Op::le, l->form_offset, last_birth_for_age(l->aux, n + 1), 0); return;
            case Op::lt: keep_day_predicate(Op::gt, l->form_offset, last_birth_for_age(l->aux, n), 0); return;
            case Op::le: keep_day_predicate(Op::gt, l->form_offset, last_birth_for_age(l->aux, n + 1), 0); return;
            default: break;
        }
    }
    settle(*l);
}

DayNumber Evaluator::last_birth_for_age(DayNumber on, int years) {
    // Later births are younger: step from `on` minus the years to the last day still old enough.
    if (years > 1000 || years < -1000) return years > 0 ? kFirstDay : kLastDay;
    calendar::Day day = from_day_number(on);
    DayNumber d = calendar::day_number(calendar::add_years(day, -years));
    while (calendar::age(from_day_number(d + 1), day) >= years) ++d;
    while (calendar::age(from_day_number(d), day) < years) --d;
    return d;
}

std::string Evaluator::describe(const Cause& cause) const {
    if (cause.origin == 0) return "";
    // The wording is the rule set's (regelwerk.yaml `zeitachse: texte:`), `{}` the name.
    const TimelineTexts& words = program_.manifest.timeline_texts;
    auto fill = [](std::string pattern, const std::string& first, const std::string& second = "") {
        for (const std::string* value : {&first, &second})
            if (auto at = pattern.find("{}"); at != std::string::npos) pattern.replace(at, 2, *value);
        return pattern;
    };
    std::string text;
    bool birthday = false;
    std::int32_t index = origin_index(cause.origin);
    switch (origin_kind(cause.origin)) {
        case kParameter: {
            const Parameter& p = program_.parameters[static_cast<std::size_t>(index)];
            text = p.label.empty() ? p.name : p.label;
            if (const ParameterVersion* v = param_version_[static_cast<std::size_t>(index)];
                v && p.versions.size() > 1 && v->from > kFirstDay)
                text = fill(words.version, text, calendar::german(from_day_number(v->from)));
            break;
        }
        case kDefinition: {
            for (std::uint32_t m = 0; m < rules_.modules.size(); ++m) {
                auto count = static_cast<std::int32_t>(rules_.modules[m].definitions.size());
                auto base = static_cast<std::int32_t>(definition_base_[m]);
                if (index >= base && index < base + count) {
                    const Definition& def = rules_.modules[m].definitions[static_cast<std::size_t>(index - base)];
                    text = def.label.empty() ? qualified_[m][static_cast<std::size_t>(index - base)] : def.label;
                }
            }
            break;
        }
        case kNode: {
            const Node& n = rules_.nodes[static_cast<std::size_t>(index)];
            if (n.op == Op::field) {
                TypeId t = rules_.types.strip_optional(rules_.nodes[n.a].type);
                const FieldType& f = rules_.records[rules_.types[t].ref].fields[n.b];
                text = f.label.empty() ? f.name : f.label;
            } else if (n.op == Op::input) {
                const FieldType& f = rules_.inputs[n.a].field;
                text = f.label.empty() ? f.name : f.label;
            } else {
                text = rules_.modules[n.module].params.size() > n.a ? rules_.modules[n.module].params[n.a].name : "";
            }
            break;
        }
        case kBirthday:
            text = std::to_string(index);
            birthday = true;
            break;
        default: break;
    }
    if (cause.shift < 0) return fill(birthday ? words.day_before_birthday : words.day_before, text);
    if (cause.shift > 0) return fill(birthday ? words.day_after_birthday : words.day_after, text);
    return birthday ? fill(words.birthday, text) : text;
}

}  // namespace klappt
