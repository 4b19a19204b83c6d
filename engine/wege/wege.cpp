#include "engine/wege/wege.hpp"

#include <algorithm>
#include <deque>
#include <optional>

#include "engine/base/calendar.hpp"
#include "engine/fragen/interview.hpp"
#include "engine/render/output_names.hpp"
#include "engine/runtime/value_text.hpp"
#include "engine/render/value_json.hpp"

namespace klappt {

namespace {

// A sample text for a text lever: „any text given“ when the rules compare it with nothing.
constexpr const char* kSampleText = "Angabe";

struct Lever {
    std::string path;
    std::string label;  // for people
    Value* slot = nullptr;
    TypeId type = 0;  // as declared
    TypeKind kind = TypeKind::error;
    bool optional = false;
    Value original;
};

// The values of the `besser` outputs after one evaluation, by path (instances may come and go
// with a lever, so they are matched by path).
struct Snapshot {
    bool valid = false;
    std::vector<std::pair<std::string, Value>> values;
    const Value* find(const std::string& path) const {
        for (const auto& [p, v] : values)
            if (p == path) return &v;
        return nullptr;
    }
};

// One state of a lever: a value (bool, enum, text, number) or a period of days (date).
struct State {
    Value value;                          // non-dates
    DayNumber from = 0, to = 0;           // dates
    Snapshot result;
    std::vector<std::size_t> reads;       // levers read (indexes)
};

struct Directed {
    std::string path;
    Better better = Better::none;
    TypeId type = 0;
};

// The order of two values of an output with `besser`: > 0 when `a` is the better one.
int compare_better(const Value& a, const Value& b, Better better, TypeKind kind) {
    if (a.present != b.present) return a.present ? 1 : -1;  // a value beats none
    if (!a.present) return 0;
    int c = 0;
    switch (kind) {
        case TypeKind::boolean: c = (a.b ? 1 : 0) - (b.b ? 1 : 0); break;
        case TypeKind::integer:
        case TypeKind::money: c = a.i < b.i ? -1 : (a.i > b.i ? 1 : 0); break;
        case TypeKind::decimal: c = money::compare(a.dec, b.dec); break;
        default: return 0;
    }
    return better == Better::true_value || better == Better::more ? c : -c;
}

class Search {
public:
    Search(Evaluator& ev, Case& kase, const std::vector<PendingCheck>& checks, const WegeOptions& options, Wege& out)
        : ev_(ev), program_(ev.program()), rules_(program_.rules), kase_(kase), checks_(checks), options_(options), out_(out) {}

    ~Search() {
        for (auto& l : levers_) *l.slot = l.original;
        ev_.stop_watching();
    }

    void run() {
        find_modules_with_goals();
        find_levers();
        out_.levers = levers_.size();
        // The case as it is: plain evaluation (the reference) and the outputs with `besser`.
        base_flat_ = evaluate_flat(ev_, kase_, checks_);
        if (base_flat_.size() == 1 && (base_flat_[0].path == "ungueltig" || base_flat_[0].path == "fehler")) {
            note("Der Fall ist nicht auswertbar; es wurden keine Wege gesucht.");
            out_.complete = false;
            return;
        }
        base_ = collect_plain();
        OutputNames names(ev_);
        for (const auto& [path, value] : base_.values) directed_.push_back(directed_info(path, names));
        if (directed_.empty() || levers_.empty()) return;
        find_met_values();
        for (std::size_t k = 0; k < levers_.size(); ++k) states_.push_back(explore(k));
        for (std::size_t g = 0; g < directed_.size(); ++g) goal(g, names);
        merge_duplicates();
        out_.evaluations = evaluations_;
    }

private:
    // ---- the rule set ------------------------------------------------------------------

    // Which modules (transitively) hold an output with `besser`.
    void find_modules_with_goals() {
        has_goal_.assign(rules_.modules.size(), false);
        for (bool grew = true; grew;) {
            grew = false;
            for (std::size_t m = 0; m < rules_.modules.size(); ++m) {
                if (has_goal_[m]) continue;
                for (std::uint32_t d : rules_.modules[m].outputs) {
                    const Definition& def = rules_.modules[m].definitions[d];
                    if (def.better != Better::none || holds_goal(def.type)) {
                        has_goal_[m] = true;
                        grew = true;
                        break;
                    }
                }
            }
        }
    }

    bool holds_goal(TypeId type) const {
        TypeId t = rules_.types.strip_optional(type);
        if (rules_.types.kind(t) == TypeKind::list) t = rules_.types.strip_optional(rules_.types[t].ref);
        return rules_.types.kind(t) == TypeKind::instance && has_goal_[rules_.types[t].ref];
    }

    // Every lever field in the case, in input order.
    void find_levers() {
        for (std::size_t i = 0; i < rules_.inputs.size(); ++i) {
            const FieldType& f = rules_.inputs[i].field;
            walk_levers(&kase_.inputs[i], f, f.name, "");
        }
    }

    void walk_levers(Value* v, const FieldType& field, const std::string& path, const std::string& item) {
        TypeId t = rules_.types.strip_optional(field.type);
        TypeKind k = rules_.types.kind(t);
        if (field.lever && is_scalar_kind(k) && k != TypeKind::duration) {
            Lever l;
            l.path = path;
            l.label = (field.label.empty() ? field.name : field.label) + item;
            l.slot = v;
            l.type = field.type;
            l.kind = k;
            l.optional = rules_.types.is_optional(field.type);
            l.original = *v;
            levers_.push_back(l);
            return;
        }
        if (!v->present) return;
        if (k == TypeKind::record) {
            const RecordType& r = rules_.records[rules_.types[t].ref];
            for (std::size_t f = 0; f < r.fields.size(); ++f)
                walk_levers(const_cast<Value*>(&v->fields[f]), r.fields[f], path + "." + r.fields[f].name, item);
        } else if (k == TypeKind::list) {
            TypeId element = rules_.types.strip_optional(rules_.types[t].ref);
            if (rules_.types.kind(element) != TypeKind::record) return;
            const RecordType& r = rules_.records[rules_.types[element].ref];
            for (std::uint32_t i = 0; i < v->list.size; ++i) {
                // „(Maßnahme 2)“ only where the case has more than one.
                std::string here = v->list.size > 1 ? " (" + (r.label.empty() ? r.name : r.label) + " " + std::to_string(i + 1) + ")" : item;
                Value* element_value = const_cast<Value*>(&v->list.items[i]);
                if (!element_value->present) continue;
                for (std::size_t f = 0; f < r.fields.size(); ++f)
                    walk_levers(const_cast<Value*>(&element_value->fields[f]), r.fields[f],
                                path + "." + std::to_string(i + 1) + "." + r.fields[f].name, here);
            }
        }
    }

    Directed directed_info(const std::string& path, OutputNames& names) {
        Directed d;
        d.path = path;
        OutputName n = names.name(path);
        if (n.module != OutputName::kNone) {
            const Definition& def = program_.definition(n.module, n.definition);
            d.better = def.better;
            d.type = def.type;
        }
        return d;
    }

    TypeKind kind_of(TypeId type) const { return rules_.types.kind(rules_.types.strip_optional(type)); }

    void note(const std::string& text) {
        if (std::find(out_.notes.begin(), out_.notes.end(), text) == out_.notes.end()) out_.notes.push_back(text);
    }

    // ---- evaluations ---------------------------------------------------------------------

    void collect(bool watched, Snapshot& s) {
        for (std::size_t i = 0; i < rules_.outputs.size(); ++i) {
            const Definition& def = program_.definition(rules_.outputs[i].module, rules_.outputs[i].definition);
            if (def.better == Better::none && !holds_goal(def.type)) continue;
            Value v = watched ? ev_.watched_output(i) : ev_.output(i);
            descend(watched, v, def, def.name, s);
        }
    }

    void descend(bool watched, Value v, const Definition& def, const std::string& path, Snapshot& s) {
        if (def.better != Better::none) {
            if (watched) v = ev_.watched_settle(v);
            s.values.push_back({path, v});
            return;
        }
        if (!v.present) return;
        TypeId t = rules_.types.strip_optional(def.type);
        auto instance = [&](const Value& x, const std::string& at) {
            if (!x.present || !x.frame) return;
            const Module& module = rules_.modules[x.frame->module];
            for (std::uint32_t d : module.outputs) {
                const Definition& inner = module.definitions[d];
                if (inner.better == Better::none && !holds_goal(inner.type)) continue;
                Value y = watched ? ev_.watched_force(x.frame, d) : ev_.force(x.frame, d);
                descend(watched, y, inner, at + "." + inner.name, s);
            }
        };
        if (rules_.types.kind(t) == TypeKind::instance) instance(v, path);
        else if (rules_.types.kind(t) == TypeKind::list)
            for (std::uint32_t i = 0; i < v.list.size; ++i) instance(v.list.items[i], path + "." + std::to_string(i + 1));
    }

    bool checks_hold(bool watched) {
        for (const auto& p : checks_)
            for (const auto& check : rules_.records[p.type].checks)
                if (!(watched ? ev_.watched_record_check(check, p.record) : ev_.record_check_holds(check, p.record)))
                    return false;
        return true;
    }

    Snapshot collect_plain() {
        Snapshot s;
        ++evaluations_;
        try {
            ev_.stop_watching();
            ev_.start(kase_);
            if (!checks_hold(false)) return s;
            ev_.start(kase_);
            collect(false, s);
            s.valid = true;
        } catch (const EvaluationError&) {
            s.values.clear();
        }
        return s;
    }

    // One evaluation in tracking mode (`varied`: the date lever being swept, its slot holding
    // the day with form day_of_t); `reads` receives the levers read.
    Snapshot evaluate_watched(const Value* varied, std::vector<std::size_t>& reads) {
        Snapshot s;
        ++evaluations_;
        ev_.start_watched(kase_, watch_, varied);
        try {
            if (checks_hold(true)) {
                collect(true, s);
                s.valid = true;
            }
        } catch (const EvaluationError&) {
            s.values.clear();
            s.valid = false;
        }
        reads.clear();
        for (std::uint16_t r : watch_.read) reads.push_back(r);
        return s;
    }

    bool budget_left() const {
        return evaluations_ < options_.max_evaluations &&
               (options_.deadline == std::chrono::steady_clock::time_point::max() ||
                std::chrono::steady_clock::now() < options_.deadline);
    }

    // ---- the states of each lever ----------------------------------------------------------

    // The values the rules compare the text and number levers with (one tracking evaluation).
    void find_met_values() {
        watch_.slots.clear();
        for (auto& l : levers_) watch_.slots.push_back(l.slot);
        met_.assign(levers_.size(), {});
        bool any = false;
        for (std::size_t k = 0; k < levers_.size(); ++k)
            if (levers_[k].slot->present && (levers_[k].kind == TypeKind::text || levers_[k].kind == TypeKind::integer ||
                                            levers_[k].kind == TypeKind::money || levers_[k].kind == TypeKind::decimal)) {
                levers_[k].slot->aux = Evaluator::watch_origin(k);
                any = true;
            }
        if (!any) return;
        std::vector<std::size_t> reads;
        evaluate_watched(nullptr, reads);
        for (const auto& [k, v] : watch_.met)
            if (k < levers_.size()) met_[k].push_back(v);
        for (auto& l : levers_) l.slot->aux = l.original.aux;
    }

    std::vector<Value> candidates(std::size_t k) {
        const Lever& l = levers_[k];
        std::vector<Value> out;
        auto add = [&](const Value& v) {
            if (same_value(v, l.original, l.kind)) return;
            for (const Value& w : out)
                if (same_value(v, w, l.kind)) return;
            out.push_back(v);
        };
        switch (l.kind) {
            case TypeKind::boolean:
                add(Value::boolean(true));
                add(Value::boolean(false));
                break;
            case TypeKind::enumeration:
                for (std::uint32_t e = 0; e < rules_.enums[rules_.types[rules_.types.strip_optional(l.type)].ref].values.size(); ++e)
                    add(Value::enumeration(e));
                break;
            case TypeKind::text:
                add(Value::text_ref(kSampleText));
                add(Value::text_ref(""));
                for (const Value& m : met_[k])
                    if (m.present) {
                        texts_.emplace_back(m.str());
                        add(Value::text_ref(texts_.back()));
                    }
                break;
            case TypeKind::integer:
            case TypeKind::money:
                add(Value::integer(0));
                for (const Value& m : met_[k])
                    if (m.present)
                        for (std::int64_t d : {-1, 0, 1})
                            if (m.i > INT64_MIN + 1 && m.i < INT64_MAX - 1 && (l.kind != TypeKind::money || m.i + d >= 0))
                                add(Value::integer(m.i + d));
                break;
            case TypeKind::decimal:
                add(Value::decimal({0, 1}));
                for (const Value& m : met_[k])
                    if (m.present) {
                        add(Value::decimal(m.dec));
                        for (std::int64_t d : {-1, 1})
                            if (auto x = money::add(m.dec, money::Decimal{d, 100})) add(Value::decimal(*x));
                    }
                break;
            default: break;
        }
        if (l.optional) add(Value::none());
        return out;
    }

    // Every state of lever k with the other levers as their slots hold them now.
    std::vector<State> explore(std::size_t k) {
        Lever& l = levers_[k];
        std::vector<State> states;
        if (l.kind == TypeKind::date) {
            sweep(k, states);
            if (l.optional && l.original.present && budget_left()) {
                State s;
                s.value = Value::none();
                *l.slot = Value::none();
                s.from = 1;  // marks „not set“ (to < from)
                s.to = 0;
                s.result = evaluate_watched(nullptr, s.reads);
                *l.slot = l.original;
                states.push_back(std::move(s));
            }
            return states;
        }
        for (const Value& v : candidates(k)) {
            if (!budget_left()) {
                cut("Die Suche wurde nach " + std::to_string(evaluations_) + " Auswertungen abgebrochen.");
                break;
            }
            State s;
            s.value = v;
            *l.slot = v;
            s.result = evaluate_watched(nullptr, s.reads);
            *l.slot = l.original;
            states.push_back(std::move(s));
        }
        return states;
    }

    // The periods of days on which everything evaluated stays the same while date lever k moves.
    void sweep(std::size_t k, std::vector<State>& states) {
        Lever& l = levers_[k];
        DayNumber t = options_.earliest;
        std::size_t probes = 0;
        while (t <= options_.latest) {
            if (probes >= options_.max_sweep_probes || !budget_left()) {
                cut("„" + l.path + "“: die Suche über die Tage wurde nach " + std::to_string(probes) +
                    " Prüfungen abgebrochen (bis " + calendar::german(calendar::from_day_number(t - 1)) + " geprüft).");
                break;
            }
            *l.slot = Value::date(t);
            l.slot->form = Value::day_of_t;
            State s;
            s.result = evaluate_watched(l.slot, s.reads);
            ++probes;
            DayNumber to = std::min<DayNumber>(ev_.stability().to, options_.latest);
            s.from = t;
            s.to = std::max(to, t);
            states.push_back(std::move(s));
            t = states.back().to + 1;
        }
        *l.slot = l.original;
    }

    void cut(const std::string& text) {
        note(text);
        out_.complete = false;
    }

    // ---- goals -----------------------------------------------------------------------

    bool acceptable(const Snapshot& s) const {
        if (!s.valid) return false;
        for (std::size_t j = 0; j < directed_.size(); ++j) {
            const Value* v = s.find(directed_[j].path);
            if (!v) return false;
            if (compare_better(*v, base_.values[j].second, directed_[j].better, kind_of(directed_[j].type)) < 0) return false;
        }
        return true;
    }

    // The ways to a better value of directed output g.
    void goal(std::size_t g, OutputNames& names) {
        const Directed& d = directed_[g];
        const Value& now = base_.values[g].second;
        TypeKind kind = kind_of(d.type);
        bool boolean = kind == TypeKind::boolean;
        bool at_best = boolean && now.present && now.b == (d.better == Better::true_value);
        if (at_best) return;
        OutputName name = names.name(d.path);
        WegeZiel ziel;
        ziel.path = d.path;
        ziel.container = name.container_name;
        ziel.label = name.label;
        ziel.value_json = value_json(program_, now, d.type);
        ziel.value_text = german_value(program_, now, d.type);
        std::string prefix = name.container_name.empty() ? "" : name.container_name + ": ";
        if (boolean) ziel.state = (now.present && now.b ? "" : "nicht ") + name.label;
        else ziel.state = name.label + " " + ziel.value_text;
        ziel.heading = prefix + ziel.state;
        auto improves = [&](const Snapshot& s, const Value* target) {
            if (!acceptable(s)) return false;
            const Value* v = s.find(d.path);
            if (!v) return false;
            if (target) return compare_better(*v, *target, d.better, kind) == 0;
            return compare_better(*v, now, d.better, kind) > 0;
        };
        // Single levers.
        for (std::size_t k = 0; k < levers_.size(); ++k) {
            const auto& states = states_[k];
            // A number wants the best value this lever reaches.
            std::optional<Value> best;
            if (boolean) best = Value::boolean(d.better == Better::true_value);
            else
                for (const State& s : states)
                    if (improves(s.result, nullptr)) {
                        const Value* v = s.result.find(d.path);
                        if (!best || compare_better(*v, *best, d.better, kind) > 0) best = *v;
                    }
            if (!best) continue;
            if (auto way = single(k, states, [&](const Snapshot& s) { return improves(s, &*best); }, g, names))
                ziel.ways.push_back(std::move(*way));
        }
        // Pairs, only for a result no single lever reaches (a bool output at its worse value).
        if (ziel.ways.empty() && boolean) {
            Value target = Value::boolean(d.better == Better::true_value);
            pairs(g, names, [&](const Snapshot& s) { return improves(s, &target); }, ziel.ways);
        }
        if (ziel.ways.empty() && !boolean) return;  // no lever makes the number better: nothing to say
        out_.goals.push_back(std::move(ziel));
    }

    template <typename Works>
    std::optional<Weg> single(std::size_t k, const std::vector<State>& states, const Works& works, std::size_t g,
                              OutputNames& names) {
        Lever& l = levers_[k];
        if (l.kind == TypeKind::date) {
            auto range = nearest_range(k, states, works);
            if (!range) return std::nullopt;
            return verified(g, names, {{k, *range}}, works);
        }
        for (const State& s : states)
            if (works(s.result)) return verified(g, names, {{k, Change{s.value, 0, 0, false}}}, works);
        return std::nullopt;
    }

    // One lever's new value: a value, or for a date a range of days (the value is then the day
    // of the range nearest to the case's date).
    struct Change {
        Value value;
        DayNumber from = 0, to = 0;
        bool range = false;
    };

    template <typename Works>
    std::optional<Change> nearest_range(std::size_t k, const std::vector<State>& states, const Works& works) {
        const Lever& l = levers_[k];
        std::vector<std::pair<DayNumber, DayNumber>> ranges;
        std::optional<Change> unset;
        for (const State& s : states) {
            if (!works(s.result)) continue;
            if (s.to < s.from) {  // „not set“
                unset = Change{Value::none(), 0, 0, false};
                continue;
            }
            if (!ranges.empty() && ranges.back().second + 1 == s.from) ranges.back().second = s.to;
            else ranges.push_back({s.from, s.to});
        }
        if (ranges.empty()) return unset;
        if (!l.original.present) {  // no date yet: the first days that work
            Change c{Value::date(ranges.front().first), ranges.front().first, ranges.front().second, true};
            return c;
        }
        DayNumber now = l.original.day;
        auto distance = [&](const std::pair<DayNumber, DayNumber>& r) -> std::int64_t {
            if (now < r.first) return static_cast<std::int64_t>(r.first) - now;
            if (now > r.second) return static_cast<std::int64_t>(now) - r.second;
            return 0;
        };
        auto nearest = std::min_element(ranges.begin(), ranges.end(),
                                        [&](const auto& a, const auto& b) { return distance(a) < distance(b); });
        Change c;
        c.range = true;
        c.from = nearest->first;
        c.to = nearest->second;
        c.value = Value::date(now < c.from ? c.from : (now > c.to ? c.to : now));
        return c;
    }

    // Combinations of two levers for goal g: lever a in each of its states, then lever b (read
    // in that state, else it cannot matter) over its values or days.
    template <typename Works>
    void pairs(std::size_t g, OutputNames& names, const Works& works, std::vector<Weg>& ways) {
        bool cut_here = false;
        for (std::size_t a = 0; a < levers_.size() && ways.size() < options_.max_pairs_per_goal; ++a) {
            Lever& la = levers_[a];
            for (const State& sa : states_[a]) {
                if (ways.size() >= options_.max_pairs_per_goal) break;
                // (a state in which the case is invalid is tried too: the second lever may repair it)
                Change ca;
                if (la.kind == TypeKind::date) {
                    if (sa.to < sa.from) ca.value = Value::none();
                    else {
                        DayNumber now = la.original.present ? la.original.day : sa.from;
                        ca.value = Value::date(std::clamp(now, sa.from, sa.to));
                    }
                } else {
                    ca.value = sa.value;
                }
                // A second lever can only help if it is read: by the goal's output when lever a
                // alone does not make the goal better (else the pair gives the same goal), or else
                // by anything evaluated (it has to repair a check or another output).
                std::vector<std::size_t> goal_reads;
                *la.slot = ca.value;
                bool goal_better = goal_alone(g, goal_reads);
                *la.slot = la.original;
                const std::vector<std::size_t>& candidates = goal_better ? sa.reads : goal_reads;
                for (std::size_t b : candidates) {
                    if (b == a || ways.size() >= options_.max_pairs_per_goal) continue;
                    Lever& lb = levers_[b];
                    // A pair of non-dates (or of dates) is tried once; with one date, the date is the one swept.
                    bool a_date = la.kind == TypeKind::date, b_date = lb.kind == TypeKind::date;
                    if (a_date == b_date ? b < a : a_date) continue;
                    if (!budget_left()) {
                        cut_here = true;
                        break;
                    }
                    *la.slot = ca.value;
                    std::vector<State> states = explore(b);
                    *la.slot = la.original;
                    std::optional<Change> cb;
                    if (b_date) cb = nearest_range(b, states, works);
                    else
                        for (const State& s : states)
                            if (works(s.result)) {
                                cb = Change{s.value, 0, 0, false};
                                break;
                            }
                    if (!cb) continue;
                    if (auto way = verified(g, names, {{a, ca}, {b, *cb}}, works)) {
                        bool seen = std::any_of(ways.begin(), ways.end(), [&](const Weg& w) { return same_changes(w, *way); });
                        if (!seen) ways.push_back(std::move(*way));
                    }
                }
                if (cut_here) break;
            }
            if (cut_here) break;
        }
        if (cut_here)
            cut("Die Suche nach Kombinationen zweier Hebel für „" + directed_[g].path + "“ wurde nach " +
                std::to_string(evaluations_) + " Auswertungen abgebrochen.");
    }

    static bool same_changes(const Weg& a, const Weg& b) {
        if (a.changes.size() != b.changes.size()) return false;
        for (std::size_t i = 0; i < a.changes.size(); ++i) {
            bool found = false;
            for (std::size_t j = 0; j < b.changes.size(); ++j)
                found = found || (a.changes[i].field == b.changes[j].field && a.changes[i].after_json == b.changes[j].after_json &&
                                  a.changes[i].from_json == b.changes[j].from_json && a.changes[i].to_json == b.changes[j].to_json);
            if (!found) return false;
        }
        return true;
    }

    // ---- verification and the words --------------------------------------------------------

    // Evaluates the case with `changes` plainly; the flat outputs, or nothing when the promised
    // result does not hold.
    template <typename Works>
    std::optional<std::vector<OutputValue>> check_changed(const std::vector<std::pair<std::size_t, Value>>& changes, const Works& works) {
        for (const auto& [k, v] : changes) *levers_[k].slot = v;
        ev_.stop_watching();
        std::vector<OutputValue> flat = evaluate_flat(ev_, kase_, checks_);
        std::optional<std::vector<OutputValue>> out;
        bool broken = flat.size() == 1 && (flat[0].path == "ungueltig" || flat[0].path == "fehler");
        if (!broken) {
            Snapshot s = collect_plain();
            if (works(s)) out = std::move(flat);
        }
        for (const auto& [k, v] : changes) *levers_[k].slot = levers_[k].original;
        return out;
    }

    template <typename Works>
    std::optional<Weg> verified(std::size_t g, OutputNames& names, const std::vector<std::pair<std::size_t, Change>>& changes,
                                const Works& works) {
        std::vector<std::pair<std::size_t, Value>> near, far;
        for (const auto& [k, c] : changes) {
            near.push_back({k, c.value});
            Value other = c.value;
            if (c.range) other = Value::date(c.value.day == c.from ? c.to : c.from);
            far.push_back({k, other});
        }
        auto at_near = check_changed(near, works);
        if (!at_near) {
            note("Ein gefundener Weg für „" + directed_[g].path + "“ hielt der Prüfung nicht stand und wird nicht gezeigt.");
            return std::nullopt;
        }
        bool is_range = std::any_of(changes.begin(), changes.end(), [](const auto& c) { return c.second.range && c.second.from != c.second.to; });
        std::optional<std::vector<OutputValue>> at_far;
        if (is_range) {
            at_far = check_changed(far, works);
            if (!at_far) {
                note("Ein gefundener Weg für „" + directed_[g].path + "“ hielt der Prüfung nicht stand und wird nicht gezeigt.");
                return std::nullopt;
            }
        }
        Weg way;
        way.goal = directed_[g].path;
        OutputName goal_name = names.name(way.goal);
        way.goal_label = (goal_name.container_name.empty() ? "" : goal_name.container_name + ": ") + goal_name.label;
        for (const auto& [k, c] : changes) way.changes.push_back(describe_change(k, c));
        // Effects: the goal, then the other outputs of its instance that change (at a range of
        // days only those the same on its first and last day).
        auto value_of = [](const std::vector<OutputValue>& flat, const std::string& path) -> const std::string* {
            for (const auto& ov : flat)
                if (ov.path == path) return &ov.json;
            return nullptr;
        };
        std::string container = goal_name.container;
        for (const auto& ov : *at_near) {
            bool inside = ov.path == way.goal || (container.empty() ? names.name(ov.path).container.empty()
                                                                    : ov.path.rfind(container + ".", 0) == 0);
            if (!inside || ov.json.empty() || ov.json[0] == '[' || ov.json[0] == '{') continue;
            const std::string* before = value_of(base_flat_, ov.path);
            if (before && *before == ov.json) continue;
            if (at_far) {
                const std::string* far_value = value_of(*at_far, ov.path);
                if (!far_value || *far_value != ov.json) continue;
            }
            WegWirkung w;
            w.path = ov.path;
            OutputName n = names.name(ov.path);
            w.label = n.label;
            w.before_json = before ? *before : "null";
            w.after_json = ov.json;
            if (ov.path == way.goal) way.effects.insert(way.effects.begin(), w);
            else way.effects.push_back(w);
        }
        // The goal first, then the other outputs with `besser`, then the rest (in output order).
        std::stable_partition(way.effects.begin() + (way.effects.empty() ? 0 : 1), way.effects.end(), [&](const WegWirkung& w) {
            return names.name(w.path).better != Better::none;
        });
        // German values of the effects: from plain evaluations of the changed case and of the case.
        auto type_of = [&](const std::string& path, bool* directed) -> TypeId {
            OutputName n = names.name(path);
            if (directed) *directed = n.better != Better::none;
            return n.type;
        };
        for (const auto& [k, v] : near) *levers_[k].slot = v;
        ev_.stop_watching();
        ev_.start(kase_);
        std::vector<std::pair<std::string, bool>> shown;  // (text, is the goal)
        for (auto& w : way.effects) {
            bool directed = false;
            TypeId type = type_of(w.path, &directed);
            w.after_text = german_of(w.path, type);
            shown.push_back({effect_text(w, type, directed), w.path == way.goal});
        }
        for (const auto& [k, v] : near) *levers_[k].slot = levers_[k].original;
        ev_.start(kase_);
        for (auto& w : way.effects) w.before_text = german_of(w.path, type_of(w.path, nullptr));
        // The sentence: the goal, what else changes (other `besser` outputs and categories), the change.
        std::string main, others;
        for (std::size_t i = 0; i < way.effects.size(); ++i) {
            const std::string& text = shown[i].first;
            if (text.empty()) continue;
            if (shown[i].second) {
                main = text;
                const WegWirkung& w = way.effects[i];
                if (!w.before_text.empty() && w.after_text != w.before_text && w.after_json != "true" && w.after_json != "false")
                    main += " statt " + w.before_text;
            } else {
                others += (others.empty() ? "" : "; ") + text;
            }
        }
        if (main.empty()) main = way.goal_label;
        way.text = main + (others.empty() ? "" : " (" + others + ")");
        for (std::size_t i = 0; i < way.changes.size(); ++i) {
            const std::string& t = way.changes[i].text;
            bool when = t.rfind("wenn ", 0) == 0;
            way.text += (i == 0 ? (when ? ", " : " ") : " und ") + t;
        }
        return way;
    }

    // The German text of an output's value in the evaluation just started (plain).
    std::string german_of(const std::string& path, TypeId type) {
        if (type == 0) return "";
        Value v = value_at(path);
        if (!v.present && rules_.types.is_optional(type)) return "—";
        TypeKind k = kind_of(type);
        if (!is_scalar_kind(k)) return "";
        return german_value(program_, v, type);
    }

    // The value at a flat output path in the current evaluation, plain or in tracking mode
    // (none when it is not there); in tracking mode only what that output needs is evaluated.
    Value value_at(const std::string& path, bool watched = false) {
        std::vector<std::string> parts;
        for (std::size_t start = 0;;) {
            std::size_t dot = path.find('.', start);
            parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
        try {
            std::size_t top = rules_.outputs.size();
            for (std::size_t i = 0; i < rules_.outputs.size(); ++i)
                if (program_.definition(rules_.outputs[i].module, rules_.outputs[i].definition).name == parts[0]) top = i;
            if (top == rules_.outputs.size()) return Value::none();
            Value v = watched ? ev_.watched_output(top) : ev_.output(top);
            TypeId type = program_.definition(rules_.outputs[top].module, rules_.outputs[top].definition).type;
            for (std::size_t i = 1; i < parts.size(); ++i) {
                if (!v.present) return Value::none();
                TypeId t = rules_.types.strip_optional(type);
                switch (rules_.types.kind(t)) {
                    case TypeKind::instance: {
                        const Module& module = rules_.modules[v.frame->module];
                        std::uint32_t d = 0;
                        while (d < module.definitions.size() && module.definitions[d].name != parts[i]) ++d;
                        if (d == module.definitions.size()) return Value::none();
                        v = watched ? ev_.watched_force(v.frame, d) : ev_.force(v.frame, d);
                        type = module.definitions[d].type;
                        break;
                    }
                    case TypeKind::list: {
                        std::size_t n = static_cast<std::size_t>(std::atoi(parts[i].c_str()));
                        if (n == 0 || n > v.list.size) return Value::none();
                        v = v.list.items[n - 1];
                        type = rules_.types[t].ref;
                        break;
                    }
                    case TypeKind::record: {
                        const RecordType& r = rules_.records[rules_.types[t].ref];
                        std::size_t f = 0;
                        while (f < r.fields.size() && r.fields[f].name != parts[i]) ++f;
                        if (f == r.fields.size()) return Value::none();
                        v = v.fields[f];
                        type = r.fields[f].type;
                        break;
                    }
                    default: return Value::none();
                }
            }
            return watched ? ev_.watched_settle(v) : v;
        } catch (const EvaluationError&) {
            return Value::none();
        }
    }

    // Goal g's output alone, with the levers as their slots hold them now: whether it is better
    // than in the case, and the levers it reads (no record check, no other output).
    bool goal_alone(std::size_t g, std::vector<std::size_t>& reads) {
        ++evaluations_;
        ev_.start_watched(kase_, watch_, nullptr);
        Value v = value_at(directed_[g].path, true);
        reads.assign(watch_.read.begin(), watch_.read.end());
        return compare_better(v, base_.values[g].second, directed_[g].better, kind_of(directed_[g].type)) > 0;
    }

    // What the sentence says of one effect: a `besser` output always, an enum output (a
    // category such as a target group) too; other outputs only in JSON.
    std::string effect_text(const WegWirkung& w, TypeId type, bool directed) {
        if (type == 0) return "";
        TypeKind k = kind_of(type);
        if (k == TypeKind::boolean && directed) return (w.after_json == "true" ? "" : "nicht ") + w.label;
        if (directed) return w.label + " " + w.after_text;
        if (k == TypeKind::enumeration) return w.label + ": " + w.after_text;
        return "";
    }

    WegAenderung describe_change(std::size_t k, const Change& c) {
        const Lever& l = levers_[k];
        WegAenderung a;
        a.field = l.path;
        a.label = l.label;
        a.before_json = value_json(program_, l.original, l.type);
        a.after_json = value_json(program_, c.value, l.type);
        auto german = [&](const Value& v) {
            if (!v.present) return std::string("keine Angabe");
            if (l.kind == TypeKind::text && v.str().empty()) return std::string("leer");
            return german_value(program_, v, l.type);
        };
        a.before_text = german(l.original);
        a.after_text = german(c.value);
        if (l.kind == TypeKind::date && c.range) {
            a.is_date = true;
            bool open_from = c.from <= options_.earliest, open_to = c.to >= options_.latest;
            auto day = [](DayNumber d) { return calendar::german(calendar::from_day_number(d)); };
            auto json_day = [&](DayNumber d) { return value_json(program_, Value::date(d), l.type); };
            if (!open_from) {
                a.from_json = json_day(c.from);
                a.from_text = day(c.from);
            }
            if (!open_to) {
                a.to_json = json_day(c.to);
                a.to_text = day(c.to);
            }
            bool earlier = l.original.present && c.value.day < l.original.day;
            std::string bisher = "bisher " + a.before_text;
            if (earlier) {
                a.text = "bei " + l.label + " bis " + a.to_text + " (" + (open_from ? "" : "frühestens " + a.from_text + "; ") + bisher + ")";
            } else {
                a.text = "bei " + l.label + " ab " + a.from_text + " (" + (open_to ? "" : "spätestens " + a.to_text + "; ") + bisher + ")";
            }
            return a;
        }
        std::string quoted = "„" + l.label + "“";
        if (!c.value.present) a.text = "wenn " + quoted + " nicht angegeben ist (bisher " + a.before_text + ")";
        else if (l.kind == TypeKind::boolean)
            a.text = c.value.b ? "wenn " + quoted + " zutrifft (bisher nicht)" : "wenn " + quoted + " nicht zutrifft (bisher schon)";
        else if (l.kind == TypeKind::text && c.value.str() == kSampleText)
            a.text = "wenn " + quoted + " angegeben ist (bisher " + a.before_text + ")";
        else if (l.kind == TypeKind::text)
            a.text = "bei " + quoted + ": „" + a.after_text + "“ (bisher " + a.before_text + ")";
        else
            a.text = "bei " + quoted + ": " + a.after_text + " (bisher " + a.before_text + ")";
        return a;
    }

    // A way that changes the same levers in the same way as one of an earlier goal of the same
    // instance says nothing new (its effects are listed there): it goes.
    void merge_duplicates() {
        for (std::size_t i = 0; i < out_.goals.size(); ++i)
            for (std::size_t j = i + 1; j < out_.goals.size(); ++j) {
                if (out_.goals[j].container != out_.goals[i].container) continue;
                auto& ways = out_.goals[j].ways;
                bool had = !ways.empty();
                std::erase_if(ways, [&](const Weg& w) {
                    return std::any_of(out_.goals[i].ways.begin(), out_.goals[i].ways.end(),
                                       [&](const Weg& v) { return same_changes(v, w); });
                });
                if (had && ways.empty()) {
                    out_.goals.erase(out_.goals.begin() + static_cast<std::ptrdiff_t>(j));
                    --j;
                }
            }
    }

    Evaluator& ev_;
    const Program& program_;
    const RuleSet& rules_;
    Case& kase_;
    const std::vector<PendingCheck>& checks_;
    const WegeOptions& options_;
    Wege& out_;
    std::vector<bool> has_goal_;
    std::vector<Lever> levers_;
    std::vector<Directed> directed_;
    std::vector<OutputValue> base_flat_;
    Snapshot base_;
    std::vector<std::vector<State>> states_;
    std::vector<std::vector<Value>> met_;
    std::deque<std::string> texts_;
    UnknownWatch watch_;
    std::size_t evaluations_ = 0;
};

// `"ziel": …, "bezeichnung": …, "bisher": …`: the output a way, or the lack of one, is about.
void goal_members(JsonOut& out, const std::string& path, const std::string& label, const std::string& value_json) {
    out.first_member("ziel").string(path);
    out.member("bezeichnung").string(label);
    out.member("bisher").raw(value_json);
}

}  // namespace

Wege wege(Evaluator& evaluator, Case& kase, const std::vector<PendingCheck>& checks, const WegeOptions& options) {
    Wege out;
    out.case_id = kase.id;
    {
        Search search(evaluator, kase, checks, options, out);
        search.run();
    }
    // Leave the evaluator on the case as it is, for whoever renders it next.
    evaluator.start(kase);
    return out;
}

std::string wege_json_members(const Wege& w) {
    std::string buffer;
    JsonOut out(buffer);
    out.first_member("wege").raw("[");
    bool first = true;
    for (const auto& goal : w.goals)
        for (const auto& way : goal.ways) {
            if (!first) out.raw(", ");
            first = false;
            out.raw("{");
            goal_members(out, way.goal, way.goal_label, goal.value_json);
            out.member("aenderungen").list(way.changes, [&](const auto& c) {
                out.raw("{");
                out.first_member("feld").string(c.field);
                out.member("bezeichnung").string(c.label);
                out.member("bisher").raw(c.before_json);
                out.member("neu").raw(c.after_json);
                if (c.is_date) {
                    out.member("von").raw(c.from_json);
                    out.member("bis").raw(c.to_json);
                }
                out.raw("}");
            });
            out.member("ergebnis").object(way.effects,
                                          [&](const auto& e) { out.first_member(e.path).raw(e.after_json); });
            out.member("text").string(way.text);
            out.raw("}");
        }
    out.raw("]");
    out.member("ohne_weg").raw("[");
    first = true;
    for (const auto& goal : w.goals) {
        if (!goal.ways.empty() || !w.complete) continue;  // a search that was cut proves no „no way“
        if (!first) out.raw(", ");
        first = false;
        out.raw("{");
        goal_members(out, goal.path, goal.heading, goal.value_json);
        out.raw("}");
    }
    out.raw("]");
    out.member("wege_vollstaendig").raw(w.complete ? "true" : "false");
    out.member("wege_hinweise").strings(w.notes);
    return buffer;
}

std::string wege_json(const Wege& w) {
    return case_object_json(w.case_id, [&](JsonOut& out) { out.raw(", " + wege_json_members(w)); });
}

std::vector<WegeGruppe> goal_groups(const Wege& w) {
    std::vector<WegeGruppe> groups;
    for (std::size_t i = 0; i < w.goals.size();) {
        WegeGruppe group;
        group.begin = i;
        std::string states;
        while (i < w.goals.size() && w.goals[i].container == w.goals[group.begin].container)
            states += (states.empty() ? "" : ", ") + w.goals[i++].state;
        group.end = i;
        const std::string& container = w.goals[group.begin].container;
        group.heading = (container.empty() ? "" : container + ": ") + states;
        groups.push_back(std::move(group));
    }
    return groups;
}

std::string no_way_text(const Wege& w, const WegeGruppe& group, std::size_t goal) {
    // The goal's own state only where the heading names more than it.
    bool alone = group.end - group.begin == 1;
    return (alone ? std::string() : w.goals[goal].state + ": ") +
           (w.complete ? "keine Änderung der beeinflussbaren Angaben (einzeln oder zu zweit) ändert das"
                       : "kein Weg gefunden, bevor die Suche abgebrochen wurde");
}

std::string wege_text(const Wege& w) {
    std::string text = "Was das Ergebnis verbessern würde:\n";
    if (w.levers == 0) {
        text += "  Das Regelwerk nennt für diesen Fall keine Angaben, die sich beeinflussen lassen (hebel).\n";
    } else if (w.goals.empty()) {
        text += "  nichts: keine Änderung der beeinflussbaren Angaben würde ein Ergebnis verbessern.\n";
    }
    // One heading per instance (a measure), its goals' states together, then every way.
    for (const WegeGruppe& group : goal_groups(w)) {
        text += "  " + group.heading + "\n";
        for (std::size_t i = group.begin; i < group.end; ++i) {
            if (w.goals[i].ways.empty()) text += "    - " + no_way_text(w, group, i) + "\n";
            for (const auto& way : w.goals[i].ways) text += "    - " + way.text + "\n";
        }
    }
    for (const auto& n : w.notes) text += "  Hinweis: " + n + "\n";
    return text;
}

}  // namespace klappt
