#include "engine/fragen/interview.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "engine/base/calendar.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/render/output_names.hpp"
#include "engine/render/value_json.hpp"

namespace klappt {

PartialCase make_partial_case(const RuleSet& rules, std::unique_ptr<Case> kase, const std::vector<std::string>& unknown_paths,
                              std::vector<PendingCheck> checks, std::vector<std::string>* not_found) {
    PartialCase partial;
    partial.checks = std::move(checks);
    for (const auto& pattern : unknown_paths) {
        auto paths = matching_paths(rules, *kase, pattern);
        if (paths.empty() && not_found) not_found->push_back(pattern);
        for (const auto& path : paths) {
            TypeId type = 0;
            std::string label;
            Value* slot = field_slot(rules, *kase, path, &type, &label);
            bool known = std::any_of(partial.unknowns.begin(), partial.unknowns.end(),
                                     [&](const UnknownInput& u) { return u.slot == slot; });
            if (slot && !known) partial.unknowns.push_back({path, type, label, slot, false});
        }
    }
    partial.kase = std::move(kase);
    return partial;
}

std::string value_json(const Program& program, const Value& v, TypeId type) {
    if (!v.present) return "null";
    return json_scalar(program, v, program.rules.types.strip_optional(type));
}

namespace {

// Whether `path` leads to the one output evaluated (or lies inside it); all when `only` is null.
bool on_the_way(const std::string& path, const std::string* only) {
    if (!only) return true;
    auto prefix = [](const std::string& a, const std::string& b) {
        return b.size() >= a.size() && b.compare(0, a.size(), a) == 0 && (b.size() == a.size() || b[a.size()] == '.');
    };
    return prefix(path, *only) || prefix(*only, path);
}

class Flattener {
public:
    Flattener(Evaluator& ev, bool watched, const std::string* only = nullptr)
        : ev_(ev), program_(ev.program()), rules_(program_.rules), watched_(watched), only_(only) {}

    // Forces and settles every output without writing anything (probes only need the
    // stable period, not the values).
    void force_all() {
        for (std::size_t i = 0; i < rules_.outputs.size(); ++i) {
            const Definition& def = program_.definition(rules_.outputs[i].module, rules_.outputs[i].definition);
            force(ev_.watched_output(i), def.type);
        }
    }

    // Instead of JSON, writes one compact byte string of every output into `key`: equal
    // strings mean equal outputs (JSON is only rendered once per distinct outcome).
    void run_key(std::string& key) {
        key_ = &key;
        std::vector<OutputValue> unused;
        run(unused);
        key_ = nullptr;
    }

    void run(std::vector<OutputValue>& out) {
        for (std::size_t i = 0; i < rules_.outputs.size(); ++i) {
            const Definition& def = program_.definition(rules_.outputs[i].module, rules_.outputs[i].definition);
            if (!on_the_way(def.name, only_)) continue;
            Value v = watched_ ? ev_.watched_output(i) : ev_.output(i);
            walk(v, def.type, def.name, out);
        }
    }

private:
    void force(const Value& v, TypeId type) {
        TypeId t = rules_.types.strip_optional(type);
        if (!v.present) return;
        if (rules_.types.kind(t) == TypeKind::instance) {
            const Module& module = rules_.modules[v.frame->module];
            for (std::uint32_t d : module.outputs) force(ev_.watched_force(v.frame, d), module.definitions[d].type);
        } else if (rules_.types.kind(t) == TypeKind::list &&
                   rules_.types.kind(rules_.types.strip_optional(rules_.types[t].ref)) == TypeKind::instance) {
            for (std::uint32_t i = 0; i < v.list.size; ++i) force(v.list.items[i], rules_.types[t].ref);
        } else if (rules_.types.kind(t) == TypeKind::record) {
            const RecordType& r = rules_.records[rules_.types[t].ref];
            for (std::size_t f = 0; f < r.fields.size(); ++f) force(v.fields[f], r.fields[f].type);
        } else {
            settle_deep(v, t);
        }
    }

    void settle_deep(const Value& v, TypeId type) {
        TypeId t = rules_.types.strip_optional(type);
        if (!v.present) return;
        switch (rules_.types.kind(t)) {
            case TypeKind::record: {
                const RecordType& r = rules_.records[rules_.types[t].ref];
                for (std::size_t f = 0; f < r.fields.size(); ++f) settle_deep(v.fields[f], r.fields[f].type);
                return;
            }
            case TypeKind::list:
                for (std::uint32_t i = 0; i < v.list.size; ++i) settle_deep(v.list.items[i], rules_.types[t].ref);
                return;
            case TypeKind::instance: return;
            default: ev_.watched_settle(v); return;
        }
    }

    // The bytes of a value for run_key(): equal values, equal bytes (decimals as their JSON,
    // since a fraction may be written in more than one way).
    void serialize(const Value& v, TypeId type) {
        std::string& k = *key_;
        TypeId t = rules_.types.strip_optional(type);
        if (!v.present) {
            k.push_back('\0');
            return;
        }
        k.push_back('\1');
        auto bytes = [&](const auto& x) { k.append(reinterpret_cast<const char*>(&x), sizeof x); };
        switch (rules_.types.kind(t)) {
            case TypeKind::boolean: k.push_back(v.b ? 't' : 'f'); return;
            case TypeKind::integer:
            case TypeKind::money: bytes(v.i); return;
            case TypeKind::date: bytes(v.day); return;
            case TypeKind::enumeration: bytes(v.ordinal); return;
            case TypeKind::duration: bytes(v.dur.months), bytes(v.dur.days); return;
            case TypeKind::text:
                bytes(v.text.size);
                k.append(v.text.data, v.text.size);
                return;
            case TypeKind::record: {
                const RecordType& r = rules_.records[rules_.types[t].ref];
                for (std::size_t f = 0; f < r.fields.size(); ++f) serialize(v.fields[f], r.fields[f].type);
                return;
            }
            case TypeKind::list:
                bytes(v.list.size);
                for (std::uint32_t i = 0; i < v.list.size; ++i) serialize(v.list.items[i], rules_.types[t].ref);
                return;
            default: {
                std::string json = json_scalar(program_, v, t);
                bytes(json.size());
                k += json;
                return;
            }
        }
    }

    void walk(const Value& v, TypeId type, const std::string& path, std::vector<OutputValue>& out) {
        if (!on_the_way(path, only_)) return;
        TypeId t = rules_.types.strip_optional(type);
        bool modules = rules_.types.kind(t) == TypeKind::instance ||
                       (rules_.types.kind(t) == TypeKind::list &&
                        rules_.types.kind(rules_.types.strip_optional(rules_.types[t].ref)) == TypeKind::instance);
        if (key_ && (!v.present || !modules)) {
            if (watched_) settle_deep(v, t);
            *key_ += path;
            key_->push_back('=');
            serialize(v, type);
            return;
        }
        if (!v.present) {
            out.push_back({path, "null"});
            return;
        }
        switch (rules_.types.kind(t)) {
            case TypeKind::instance: {
                Frame* frame = v.frame;
                const Module& module = rules_.modules[frame->module];
                for (std::uint32_t d : module.outputs) {
                    std::string inner = path + "." + module.definitions[d].name;
                    if (!on_the_way(inner, only_)) continue;
                    Value x = watched_ ? ev_.watched_force(frame, d) : ev_.force(frame, d);
                    walk(x, module.definitions[d].type, inner, out);
                }
                return;
            }
            case TypeKind::record: {
                const RecordType& r = rules_.records[rules_.types[t].ref];
                for (std::size_t f = 0; f < r.fields.size(); ++f)
                    walk(v.fields[f], r.fields[f].type, path + "." + r.fields[f].name, out);
                return;
            }
            case TypeKind::list: {
                TypeId element = rules_.types[t].ref;
                if (rules_.types.kind(rules_.types.strip_optional(element)) == TypeKind::instance) {
                    if (key_) *key_ += path + ".anzahl=" + std::to_string(v.list.size) + "\n";
                    else out.push_back({path + ".anzahl", std::to_string(v.list.size)});
                    for (std::uint32_t i = 0; i < v.list.size; ++i)
                        walk(v.list.items[i], element, path + "." + std::to_string(i + 1), out);
                    return;
                }
                if (watched_) settle_deep(v, t);
                std::string buffer;
                JsonOut json(buffer);
                json_value(json, program_, v, t, [](JsonOut& o, const Value&) { o.raw("null"); });
                out.push_back({path, buffer});
                return;
            }
            default:
                if (watched_) ev_.watched_settle(v);
                out.push_back({path, json_scalar(program_, v, t)});
                return;
        }
    }

    Evaluator& ev_;
    const Program& program_;
    const RuleSet& rules_;
    bool watched_;
    const std::string* only_;
    std::string* key_ = nullptr;
};

std::string quoted(const std::string& s) {
    std::string buffer;
    JsonOut out(buffer);
    out.string(s);
    return buffer;
}

}  // namespace

std::vector<OutputValue> flat_outputs(Evaluator& evaluator, bool watched) {
    std::vector<OutputValue> out;
    try {
        Flattener(evaluator, watched).run(out);
    } catch (const EvaluationError& e) {
        out.assign(1, {"fehler", quoted(evaluation_error_text(evaluator.program(), e))});
    }
    return out;
}

namespace {

// The first record check of `checks` that does not hold for `kase` (an evaluation error
// counts as not holding), as the record's path and the check's message; nullopt when all hold.
std::optional<std::string> failed_record_check(Evaluator& evaluator, const Case& kase,
                                               const std::vector<PendingCheck>& checks) {
    const RuleSet& rules = evaluator.program().rules;
    evaluator.start(kase);
    for (const auto& p : checks)
        for (const auto& check : rules.records[p.type].checks) {
            bool holds = false;
            try {
                holds = evaluator.record_check_holds(check, p.record);
            } catch (const EvaluationError&) {
                holds = false;
            }
            if (!holds) return p.path + ": " + check.message;
        }
    return std::nullopt;
}

}  // namespace

std::string evaluate_key(Evaluator& evaluator, const Case& kase, const std::vector<PendingCheck>& checks) {
    if (failed_record_check(evaluator, kase, checks)) return {};
    evaluator.start(kase);
    std::string key;
    try {
        Flattener(evaluator, false).run_key(key);
    } catch (const EvaluationError& e) {
        key = "fehler=" + evaluation_error_text(evaluator.program(), e);
    }
    return key;
}

std::vector<OutputValue> evaluate_flat(Evaluator& evaluator, const Case& kase, const std::vector<PendingCheck>& checks) {
    if (auto failed = failed_record_check(evaluator, kase, checks)) return {{"ungueltig", klappt::quoted(*failed)}};
    evaluator.start(kase);
    return flat_outputs(evaluator, false);
}

namespace {

constexpr int kFree = -1;

class Search {
public:
    Search(Evaluator& ev, PartialCase& pc, const InterviewOptions& options, Interview& out)
        : ev_(ev), program_(ev.program()), rules_(program_.rules), pc_(pc), options_(options), out_(out) {
        n_ = pc.unknowns.size();
        for (const auto& u : pc.unknowns) {
            saved_.push_back(*u.slot);
            watch_.slots.push_back(u.slot);
            TypeId t = rules_.types.strip_optional(u.type);
            kind_.push_back(rules_.types.kind(t));
            optional_.push_back(rules_.types.is_optional(u.type));
        }
        domain_.resize(n_);
        swept_.resize(n_);
        reader_.assign(n_, {kNone, kNone});
        daily_.assign(n_, false);
        partial_.assign(n_, false);
        check_date_unknown_ = -1;
        if (rules_.check_date_input)
            for (std::size_t k = 0; k < n_; ++k)
                if (pc.unknowns[k].slot == &pc.kase->inputs[*rules_.check_date_input]) check_date_unknown_ = static_cast<int>(k);
        version_boundaries();
    }

    ~Search() {
        for (std::size_t k = 0; k < n_; ++k) *pc_.unknowns[k].slot = saved_[k];
        ev_.stop_watching();
    }

    void run() {
        initial_domains();
        for (int round = 0;; ++round) {
            bool grew = false;
            for (std::size_t k = 0; k < n_; ++k)
                if (kind_[k] == TypeKind::date) grew = sweep_in_contexts(k, round) || grew;
            grew = add_met_values() || grew;
            if (round > 0 && !grew) break;
            if (round >= 3) {
                note("Die Suche nach Änderungspunkten wurde nach 4 Runden beendet; weitere Werte der unbekannten Angaben "
                     "wurden nicht geprüft.");
                out_.complete = false;
                partial_.assign(n_, true);
                break;
            }
            // A round whose tree is cut keeps the last complete tree (coarser, but whole).
            std::vector<Leaf> previous = std::move(leaves_);
            leaves_.clear();
            explore(std::vector<int>(n_, kFree));
            if (cut_) {
                if (!previous.empty()) leaves_ = std::move(previous);
                break;
            }
        }
        if (cut_) {
            note("Die Suche wurde nach " + std::to_string(evaluations_) +
                 " Auswertungen abgebrochen; das Ergebnis ist nicht vollständig geprüft.");
            out_.complete = false;
        }
        conclude();
    }

private:
    struct Leaf {
        std::vector<int> fixed;  // domain index per unknown, or kFree (not read: any value)
        int outcome;
    };
    struct Outcome {
        std::vector<OutputValue> values;
        bool invalid = false;
    };
    static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

    bool past_deadline() const {
        return options_.deadline != std::chrono::steady_clock::time_point::max() &&
               std::chrono::steady_clock::now() >= options_.deadline;
    }
    bool out_of_budget(std::size_t evaluations) const { return evaluations_ >= evaluations || past_deadline(); }

    void note(const std::string& text) {
        if (std::find(out_.notes.begin(), out_.notes.end(), text) == out_.notes.end()) out_.notes.push_back(text);
    }

    // ---- domains -------------------------------------------------------------------

    void version_boundaries() {
        std::set<DayNumber> days;
        for (const auto& p : program_.parameters)
            for (const auto& v : p.versions) {
                days.insert(v.from);
                if (v.to != kOpenEnd) days.insert(v.to + 1);
            }
        for (const auto& m : rules_.modules)
            for (const auto& d : m.definitions)
                for (const auto& v : d.versions) {
                    days.insert(v.from);
                    if (v.to != kOpenEnd) days.insert(v.to + 1);
                }
        boundaries_.assign(days.begin(), days.end());
    }

    bool add_value(std::size_t k, const Value& v) {
        constexpr std::size_t kMaxDomain = 96;
        TypeId t = rules_.types.strip_optional(pc_.unknowns[k].type);
        for (const Value& w : domain_[k])
            if (same_value(w, v, kind_[k])) return false;
        // Only values a case file could hold (amounts are never negative).
        if (kind_[k] == TypeKind::money && v.present && v.i < 0) return false;
        if (domain_[k].size() >= kMaxDomain) {
            if (!capped_.count(k)) {
                capped_.insert(k);
                note("„" + pc_.unknowns[k].path + "“: mehr als " + std::to_string(kMaxDomain) +
                     " verschiedene Werte wären zu prüfen; geprüft wurden die ersten.");
                out_.complete = false;
                partial_[k] = true;
            }
            return false;
        }
        (void)t;
        Value copy = v;
        copy.form = Value::fixed;
        copy.form_offset = 0;
        copy.aux = 0;
        if (kind_[k] == TypeKind::text && copy.present) {
            texts_.emplace_back(copy.str());
            copy = Value::text_ref(texts_.back());
        }
        domain_[k].push_back(copy);
        return true;
    }

    void initial_domains() {
        DayNumber base_day = 18262;  // 2020-01-01
        if (rules_.check_date_input && check_date_unknown_ < 0) base_day = pc_.kase->inputs[*rules_.check_date_input].day;
        for (std::size_t k = 0; k < n_; ++k) {
            TypeId t = rules_.types.strip_optional(pc_.unknowns[k].type);
            switch (kind_[k]) {
                case TypeKind::boolean:
                    add_value(k, Value::boolean(false));
                    add_value(k, Value::boolean(true));
                    break;
                case TypeKind::enumeration:
                    for (std::uint32_t e = 0; e < rules_.enums[rules_.types[t].ref].values.size(); ++e)
                        add_value(k, Value::enumeration(e));
                    break;
                case TypeKind::date: add_value(k, Value::date(base_day)); break;
                // Numbers also at a few magnitudes, so that a number that is only computed with
                // (a count of lessons, an amount) shows that it changes a result.
                case TypeKind::integer:
                    for (std::int64_t x : {0, 1, 10, 100, 1000, 10000}) add_value(k, Value::integer(x));
                    break;
                case TypeKind::money:
                    for (std::int64_t x : {0, 1, 100, 10000, 1000000}) add_value(k, Value::integer(x));
                    break;
                case TypeKind::decimal:
                    for (std::int64_t x : {0, 1, 10, 1000}) add_value(k, Value::decimal({x, 1}));
                    break;
                case TypeKind::text:
                    add_value(k, Value::text_ref(""));
                    add_value(k, Value::text_ref("Angabe"));
                    break;
                default:
                    add_value(k, Value());
                    note("„" + pc_.unknowns[k].path + "“: Angaben dieser Art werden nur an einem Wert geprüft.");
                    out_.complete = false;
                    partial_[k] = true;
                    break;
            }
            if (optional_[k]) add_value(k, Value::none());
        }
    }

    // Sets every unknown to its value in `assignment` (kFree: the first); numbers and
    // texts carry their index so that comparisons note what they meet.
    void assign(const std::vector<int>& assignment) {
        for (std::size_t k = 0; k < n_; ++k) {
            int index = assignment[k] == kFree ? 0 : assignment[k];
            Value v = domain_[k][static_cast<std::size_t>(index)];
            if (v.present && (kind_[k] == TypeKind::integer || kind_[k] == TypeKind::money ||
                              kind_[k] == TypeKind::decimal || kind_[k] == TypeKind::text))
                v.aux = Evaluator::watch_origin(k);
            *pc_.unknowns[k].slot = v;
        }
    }

    // One evaluation in tracking mode; returns the interned outcome.
    // A probe of a sweep (varied >= 0) needs only the stable period: with `probe_only` the
    // outputs are evaluated but not written, and -1 is returned.
    int evaluate(const std::vector<int>& assignment, int varied = -1, DayNumber day = 0, const std::string* only = nullptr,
                 bool probe_only = false) {
        assign(assignment);
        const Value* varied_slot = nullptr;
        if (varied >= 0) {
            Value* slot = pc_.unknowns[static_cast<std::size_t>(varied)].slot;
            *slot = Value::date(day);
            slot->form = Value::day_of_t;
            varied_slot = slot;
        }
        ++evaluations_;
        if (varied >= 0) ++out_.probes;
        Outcome outcome;
        std::string key;
        bool probed = false;
        ev_.start_watched(*pc_.kase, watch_, varied_slot);
        try {
            for (const auto& p : pc_.checks) {
                for (const auto& check : rules_.records[p.type].checks)
                    if (!ev_.watched_record_check(check, p.record)) {
                        outcome.invalid = true;
                        outcome.values = {{"ungueltig", quoted(p.path + ": " + check.message)}};
                        break;
                    }
                if (outcome.invalid) break;
            }
            if (!outcome.invalid) {
                if (probe_only) {
                    Flattener(ev_, true).force_all();
                    probed = true;
                } else {
                    if (only) key = "nur " + *only + "\n";  // a part of the outputs is another outcome
                    Flattener(ev_, true, only).run_key(key);
                    if (!outcome_index_.count(key)) Flattener(ev_, true, only).run(outcome.values);
                }
            }
        } catch (const EvaluationError& e) {
            outcome.values.assign(1, {"fehler", quoted(evaluation_error_text(program_, e))});
            key = "fehler=" + outcome.values[0].json;
        }
        for (const auto& [k, v] : watch_.met) met_.push_back({k, v});
        for (std::size_t r = 0; r < watch_.read.size(); ++r) {
            auto& known = reader_[watch_.read[r]];
            auto candidate = watch_.reader[r];
            auto is_rule = [&](const std::pair<std::uint32_t, std::uint32_t>& who) {
                return who.first != kNone && program_.definition(who.first, who.second).kind == DefinitionKind::rule;
            };
            if (known.first == kNone || (!is_rule(known) && is_rule(candidate))) known = candidate;
        }
        if (probed) return -1;
        if (outcome.invalid) key = "ungueltig=" + outcome.values[0].json;
        auto [it, inserted] = outcome_index_.try_emplace(key, static_cast<int>(outcomes_.size()));
        if (inserted) outcomes_.push_back(std::move(outcome));
        last_ = it->second;
        return it->second;
    }

    // The periods on which everything evaluated stays the same while unknown date k moves
    // (the others as in `context`): one representative day each.  Returns whether the
    // probe budget sufficed.
    bool sweep(std::size_t k, const std::vector<int>& context, std::vector<DayNumber>& days, const std::string* only) {
        // A run of single-day periods means that something evaluated changes (or may change)
        // every day, e.g. an amount counted in days: a few such days are kept as samples and
        // the sweep reports that it could not finish.
        constexpr std::size_t kDailyRun = 4;
        DayNumber t = options_.earliest;
        std::size_t probes = 0, single_days = 0;
        while (t <= options_.latest) {
            // A third of the budget stays for the decision tree: change points without a tree
            // to read them in answer nothing.
            if (probes >= options_.sweep_probes || out_of_budget(options_.max_evaluations * 2 / 3)) return false;
            evaluate(context, static_cast<int>(k), t, only, only == nullptr);
            for (std::uint16_t r : watch_.read) sweep_reads_.insert(r);
            ++probes;
            days.push_back(t);
            DayNumber to = ev_.stability().to;
            if (static_cast<int>(k) == check_date_unknown_) {
                // Parameter and rule versions change with the check date itself.
                auto next = std::upper_bound(boundaries_.begin(), boundaries_.end(), t);
                if (next != boundaries_.end()) to = std::min(to, *next - 1);
            }
            if (to >= options_.latest) break;
            single_days = to <= t ? single_days + 1 : 0;
            if (single_days >= kDailyRun) return false;
            t = std::max(to, t) + 1;
        }
        return true;
    }

    bool sweep_in_contexts(std::size_t k, int round) {
        // Round 0: the others at their first values; later rounds: the others as in every
        // explored completion that read k (at most a few), since the days on which k
        // matters can depend on them.
        if (past_deadline()) {  // the bookkeeping below grows with unknowns × completions
            note("Die Suche nach Änderungspunkten wurde wegen der Zeitgrenze beendet.");
            out_.complete = false;
            partial_[k] = true;
            return false;
        }
        std::vector<std::vector<int>> contexts;
        if (round == 0) {
            contexts.push_back(std::vector<int>(n_, 0));
        } else {
            constexpr std::size_t kContexts = 8;
            std::set<std::vector<int>> seen;
            for (const Leaf& leaf : leaves_) {
                if (leaf.fixed[k] == kFree) continue;
                if (past_deadline()) {
                    out_.complete = false;
                    partial_[k] = true;
                    break;
                }
                std::vector<int> c = leaf.fixed;
                for (int& x : c)
                    if (x == kFree) x = 0;
                c[k] = 0;
                if (already_swept(k, c) || !seen.insert(c).second) continue;
                if (contexts.size() >= kContexts) {
                    note("„" + pc_.unknowns[k].path + "“: die Änderungspunkte wurden nur für einige Werte der anderen "
                         "unbekannten Angaben gesucht.");
                    out_.complete = false;
                    partial_[k] = true;
                    break;
                }
                contexts.push_back(c);
            }
        }
        bool grew = false;
        for (const auto& c : contexts) {
            if (already_swept(k, c)) continue;
            sweep_reads_.clear();
            std::vector<DayNumber> days;
            if (!sweep(k, c, days, nullptr)) {
                // Something changes (nearly) every day: sweep output by output, so that the
                // outputs with few change points still get all of theirs.
                // The days found so far stay: each represents a period of its own.
                daily_[k] = true;
                // The outputs: those of the valid outcomes seen so far, and of the days just
                // probed (the context itself may be no valid case); when none of them is a valid
                // case, every output as a whole (top-level names, which `only` also accepts).
                for (std::size_t i = 0; i < days.size() && i < 8; ++i) evaluate(c, static_cast<int>(k), days[i]);
                std::vector<std::string> paths;
                for (const Outcome& o : outcomes_)
                    for (const auto& ov : o.values)
                        if (!o.invalid && ov.path != "fehler" && ov.path.rfind("nur ", 0) != 0 &&
                            std::find(paths.begin(), paths.end(), ov.path) == paths.end())
                            paths.push_back(ov.path);
                for (const auto& output : rules_.outputs) {
                    const std::string& name = program_.definition(output.module, output.definition).name;
                    bool covered = std::any_of(paths.begin(), paths.end(), [&](const std::string& p) {
                        return p == name || p.rfind(name + ".", 0) == 0;
                    });
                    if (!covered) paths.push_back(name);
                }
                for (const auto& path : paths) {
                    OutputValue p{path, ""};
                    std::vector<DayNumber> some;
                    if (!sweep(k, c, some, &p.path)) daily_paths_.insert({k, p.path});
                    days.insert(days.end(), some.begin(), some.end());
                }
            }
            for (DayNumber d : days) grew = add_value(k, Value::date(d)) || grew;
            sweep_reads_.erase(static_cast<std::uint16_t>(k));
            swept_[k].push_back({c, std::vector<std::uint16_t>(sweep_reads_.begin(), sweep_reads_.end())});
        }
        return grew;
    }

    // A sweep in another context that agrees on every unknown the sweep read would be the same.
    bool already_swept(std::size_t k, const std::vector<int>& c) const {
        for (const auto& sweep : swept_[k]) {
            // (a named element, not a structured binding: clang 14, the fuzz build's compiler,
            // cannot capture a structured binding in a lambda)
            const auto& context = sweep.first;
            const auto& read = sweep.second;
            if (std::all_of(read.begin(), read.end(), [&](std::uint16_t r) { return context[r] == c[r]; })) return true;
        }
        return false;
    }

    int last_outcome() const { return last_; }

    bool add_met_values() {
        bool grew = false;
        for (const auto& [k, v] : met_) {
            if (k >= n_ || !v.present) continue;
            switch (kind_[k]) {
                case TypeKind::integer:
                case TypeKind::money:
                    for (std::int64_t d : {-1, 0, 1})
                        if (v.i > INT64_MIN + 1 && v.i < INT64_MAX - 1) grew = add_value(k, Value::integer(v.i + d)) || grew;
                    break;
                case TypeKind::decimal: {
                    grew = add_value(k, v) || grew;
                    for (std::int64_t d : {-1, 1})
                        if (auto x = money::add(v.dec, money::Decimal{d, 100})) grew = add_value(k, Value::decimal(*x)) || grew;
                    break;
                }
                case TypeKind::text: grew = add_value(k, v) || grew; break;
                default: break;
            }
        }
        met_.clear();
        return grew;
    }

    // ---- the decision tree -----------------------------------------------------------

    void explore(const std::vector<int>& fixed) {
        if (out_of_budget(options_.max_evaluations)) {
            cut_ = true;
            return;
        }
        std::vector<int> full = fixed;
        for (int& x : full)
            if (x == kFree) x = 0;
        int outcome = evaluate(full);
        std::vector<std::uint16_t> read = watch_.read;
        Leaf leaf{fixed, outcome};
        for (std::uint16_t r : read) leaf.fixed[r] = full[r];
        leaves_.push_back(std::move(leaf));
        std::vector<int> branch = fixed;
        for (std::uint16_t r : read) {
            if (fixed[r] != kFree) continue;
            for (std::size_t v = 1; v < domain_[r].size(); ++v) {
                std::vector<int> next = branch;
                next[r] = static_cast<int>(v);
                explore(next);
                if (cut_) return;
            }
            branch[r] = 0;
        }
    }

    // ---- conclusions -----------------------------------------------------------------

    void conclude() {
        out_.evaluations = evaluations_;
        for (std::size_t k = 0; k < n_; ++k) {
            std::vector<std::string> values;
            for (const Value& v : domain_[k]) values.push_back(value_json(program_, v, pc_.unknowns[k].type));
            out_.domains.push_back(std::move(values));
        }
        std::vector<const Leaf*> valid;
        for (const Leaf& l : leaves_)
            if (!outcomes_[static_cast<std::size_t>(l.outcome)].invalid) valid.push_back(&l);
        if (leaves_.empty()) {  // the budget ran out before any completion was tried: nothing is known
            out_.complete = false;
            for (const UnknownInput& u : pc_.unknowns) out_.unchecked.push_back(u.path);
            return;
        }
        if (valid.empty()) {
            out_.valid = false;
            out_.invalid_reason = leaves_.empty() ? "keine Auswertung" : outcomes_[static_cast<std::size_t>(leaves_[0].outcome)].values[0].json;
            return;
        }
        // Outputs: fixed when every valid completion gives the same value.
        std::set<int> outcomes_seen;
        for (const Leaf* l : valid) outcomes_seen.insert(l->outcome);
        std::map<std::string, std::set<std::string>> seen;
        std::map<std::string, std::size_t> count;
        std::vector<std::string> order;
        for (int o : outcomes_seen)
            for (const auto& ov : outcomes_[static_cast<std::size_t>(o)].values) {
                if (!seen.count(ov.path)) order.push_back(ov.path);
                seen[ov.path].insert(ov.json);
                ++count[ov.path];
            }
        for (const auto& path : order) {
            if (seen[path].size() == 1 && count[path] == outcomes_seen.size()) out_.fixed.push_back({path, *seen[path].begin()});
            else out_.open.push_back(path);
        }
        std::set<int> distinct;
        for (const Leaf* l : valid) distinct.insert(l->outcome);
        out_.settled = distinct.size() == 1;

        // Facts: listed iff two completions differing only in them give different outputs.
        // Output paths are numbered in `order`; a difference of two outcomes is the set of
        // path numbers whose values differ (computed once per pair of outcomes).
        std::unordered_map<std::string, std::size_t> path_number;
        for (std::size_t i = 0; i < order.size(); ++i) path_number.emplace(order[i], i);
        struct Found {
            std::vector<char> changes;  // per path number
            bool any = false;
            std::vector<int> a, b;
            std::size_t needed = 0;  // valid leaves that read it
        };
        std::vector<Found> found(n_);
        for (auto& f : found) f.changes.assign(order.size(), 0);
        std::map<std::pair<int, int>, std::vector<std::size_t>> diff_cache;
        auto diff = [&](int x, int y) -> const std::vector<std::size_t>& {
            auto key = std::minmax(x, y);
            auto it = diff_cache.find(key);
            if (it != diff_cache.end()) return it->second;
            std::vector<const std::string*> left(order.size(), nullptr), right(order.size(), nullptr);
            for (const auto& ov : outcomes_[static_cast<std::size_t>(x)].values)
                if (auto p = path_number.find(ov.path); p != path_number.end()) left[p->second] = &ov.json;
            for (const auto& ov : outcomes_[static_cast<std::size_t>(y)].values)
                if (auto p = path_number.find(ov.path); p != path_number.end()) right[p->second] = &ov.json;
            std::vector<std::size_t> changed;
            for (std::size_t i = 0; i < order.size(); ++i)
                if ((left[i] == nullptr) != (right[i] == nullptr) || (left[i] && *left[i] != *right[i])) changed.push_back(i);
            return diff_cache.emplace(key, std::move(changed)).first->second;
        };
        // For a leaf L that read x and a leaf M with another outcome: if they agree on every
        // other unknown both read, a completion in L with x changed to M's value (any other
        // value when M did not read x) lies in M — a pair that differs only in x.  Once such
        // a pair is found for two outcomes, further pairs of the same outcomes add nothing.
        for (std::size_t x = 0; x < n_; ++x) {
            std::vector<char> credited(outcomes_.size() * outcomes_.size(), 0);
            auto pair_index = [&](int a, int b) { return static_cast<std::size_t>(a) * outcomes_.size() + static_cast<std::size_t>(b); };
            for (const Leaf* l : valid) {
                if (l->fixed[x] == kFree) continue;
                ++found[x].needed;
                for (const Leaf* m : valid) {
                    if (m->outcome == l->outcome) continue;
                    if (credited[pair_index(l->outcome, m->outcome)]) continue;
                    int v = m->fixed[x];
                    if (v == l->fixed[x]) continue;
                    if (v == kFree) {
                        if (domain_[x].size() < 2) continue;
                        v = l->fixed[x] == 0 ? 1 : 0;
                    }
                    bool compatible = true;
                    for (std::size_t j = 0; j < n_ && compatible; ++j) {
                        if (j == x) continue;
                        int a = l->fixed[j], b = m->fixed[j];
                        compatible = a == kFree || b == kFree || a == b;
                    }
                    if (!compatible) continue;
                    credited[pair_index(l->outcome, m->outcome)] = credited[pair_index(m->outcome, l->outcome)] = 1;
                    for (std::size_t i : diff(l->outcome, m->outcome)) found[x].changes[i] = 1;
                    found[x].any = true;
                    if (found[x].a.empty()) {
                        std::vector<int> c(n_);
                        for (std::size_t j = 0; j < n_; ++j)
                            c[j] = l->fixed[j] != kFree ? l->fixed[j] : (m->fixed[j] != kFree ? m->fixed[j] : 0);
                        found[x].a = c;
                        c[x] = v;
                        found[x].b = c;
                    }
                }
            }
        }
        // An unknown with an output not swept over every day is not claimed as "not needed"
        // either (those outputs are open, below).
        std::vector<bool> unsure = partial_;
        for (const auto& [k, path] : daily_paths_) unsure[k] = true;
        std::vector<std::size_t> listed;
        for (std::size_t x = 0; x < n_; ++x)
            if (found[x].any) listed.push_back(x);
            else (cut_ || unsure[x] ? out_.unchecked : out_.not_needed).push_back(pc_.unknowns[x].path);
        if (cut_ || std::find(partial_.begin(), partial_.end(), true) != partial_.end()) {
            // Not every completion was seen: what was found (facts with a pair of completions)
            // stands, but nothing can be said to be fixed.
            out_.settled = false;
            for (const auto& f : out_.fixed) out_.open.push_back(f.path);
            out_.fixed.clear();
        }
        // Ask first what more completions need; then in the order the rules read them.
        std::vector<std::size_t> first_read(n_, n_);
        {
            std::vector<int> base(n_, 0);
            evaluate(base);
            for (std::size_t r = 0; r < watch_.read.size(); ++r) first_read[watch_.read[r]] = r;
        }
        std::stable_sort(listed.begin(), listed.end(), [&](std::size_t a, std::size_t b) {
            if (found[a].needed != found[b].needed) return found[a].needed > found[b].needed;
            return first_read[a] < first_read[b];
        });
        // Outputs are named for people from their labels, instances by the values known (not
        // by an unknown fact, which only holds a placeholder here).
        {
            std::vector<int> base(n_, 0);
            assign(base);
            for (std::size_t k = 0; k < n_; ++k) pc_.unknowns[k].slot->aux = 0;
            ev_.stop_watching();
            ev_.start(*pc_.kase);
        }
        OutputNames names(ev_, [&](const Value* v) {
            return std::any_of(pc_.unknowns.begin(), pc_.unknowns.end(), [&](const UnknownInput& u) { return u.slot == v; });
        });
        for (std::size_t x : listed) {
            AskedFact fact;
            fact.field = pc_.unknowns[x].path;
            fact.label = pc_.unknowns[x].label;
            for (std::size_t i = 0; i < order.size(); ++i)
                if (found[x].changes[i]) fact.changes.push_back(order[i]);
            if (reader_[x].first != kNone) {
                auto [m, d] = reader_[x];
                const Definition& def = program_.definition(m, d);
                fact.rule = ev_.qualified_name(m, d);
                fact.rule_label = def.label.empty() ? def.name : def.label;
                fact.source = program_.source_of(m, d);
            }
            fact.reason = reason_of(fact.changes, names);
            if (!fact.rule_label.empty())
                fact.reason += " — gebraucht für „" + fact.rule_label + "“" + (fact.source.empty() ? "" : " (" + fact.source + ")");
            fact.witness_index_a = found[x].a;
            fact.witness_index_b = found[x].b;
            for (std::size_t j = 0; j < n_; ++j) {
                const auto& type = pc_.unknowns[j].type;
                fact.witness_a.push_back({pc_.unknowns[j].path,
                                          value_json(program_, domain_[j][static_cast<std::size_t>(found[x].a[j])], type)});
                fact.witness_b.push_back({pc_.unknowns[j].path,
                                          value_json(program_, domain_[j][static_cast<std::size_t>(found[x].b[j])], type)});
            }
            out_.missing.push_back(std::move(fact));
        }
        // Honesty about what was not searched exhaustively.
        for (const auto& daily : daily_paths_)
          for (bool more = true; more;) {
            const std::size_t k = daily.first;  // not a structured binding: clang 14 cannot capture one
            const std::string& path = daily.second;
            more = false;
            auto it = std::find_if(out_.fixed.begin(), out_.fixed.end(), [&](const OutputValue& f) {
                return f.path == path || f.path.rfind(path + ".", 0) == 0;  // the output or a part of it
            });
            if (it == out_.fixed.end()) continue;
            // Not seen to change, but not every day was tried: not claimed as fixed.
            note("„" + it->path + "“ hängt von Werten ab, die sich mit „" + pc_.unknowns[k].path +
                 "“ täglich ändern können; es wurde nicht an jedem Tag geprüft und gilt als offen.");
            out_.open.push_back(it->path);
            out_.fixed.erase(it);
            out_.settled = false;
            out_.complete = false;
            more = true;
          }
        for (std::size_t x = 0; x < n_; ++x) {
            bool number = kind_[x] == TypeKind::integer || kind_[x] == TypeKind::money ||
                          kind_[x] == TypeKind::decimal || kind_[x] == TypeKind::text;
            if (number && !found[x].any && found[x].needed > 0)
                note("„" + pc_.unknowns[x].path + "“ wurde an den Werten geprüft, mit denen die Regeln es vergleichen "
                     "(und je einem daneben); Vergleiche von daraus berechneten Werten werden nicht eigens gesucht.");
        }
        if (out_.settled) {
            std::vector<int> c(n_);
            for (std::size_t j = 0; j < n_; ++j) c[j] = valid[0]->fixed[j] == kFree ? 0 : valid[0]->fixed[j];
            assign(c);
            for (std::size_t k = 0; k < n_; ++k) pc_.unknowns[k].slot->aux = 0;
            ev_.stop_watching();
            ev_.start(*pc_.kase);
            CaseResult result;
            collect_result(ev_, {}, result);
            if (result.evaluated()) out_.result_json = case_json(result);
            else note("Auswertungsfehler: " + result.error);
        }
    }

    // Why a fact is asked, in plain German: „entscheidet, ob Maßnahme 1 (F4) förderfähig ist
    // (auch über Betrag und Landesanteil); über Zielgruppe am Stichtag“.  An output with
    // `besser true|false` is a yes/no question („ob … ist“); the others are named.
    static std::string reason_of(const std::vector<std::string>& changes, OutputNames& names) {
        struct Group {
            std::string container, name;
            std::vector<std::string> whether, about;
        };
        std::vector<Group> groups;
        for (const auto& path : changes) {
            OutputName n = names.name(path);
            auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) { return x.container == n.container; });
            if (g == groups.end()) g = groups.insert(groups.end(), Group{n.container, n.container_name, {}, {}});
            bool yes_no = (n.better == Better::true_value || n.better == Better::false_value) && n.type == TypeTable::boolean;
            auto& list = yes_no ? g->whether : g->about;
            std::string label = yes_no ? n.label : "„" + n.label + "“";
            if (std::find(list.begin(), list.end(), label) == list.end()) list.push_back(label);
        }
        std::stable_partition(groups.begin(), groups.end(), [](const Group& g) { return !g.whether.empty(); });
        std::string text;
        for (const auto& g : groups) {
            std::string part;
            if (!g.whether.empty()) {
                part = g.name.empty() ? "ob „" + german_list(g.whether) + "“ zutrifft" : "ob " + g.name + " " + german_list(g.whether) + " ist";
                if (!g.about.empty()) part += " (auch über " + german_list(g.about, 3) + ")";
            } else {
                part = "über " + german_list(g.about, 3) + (g.name.empty() ? "" : " von " + g.name);
            }
            text += text.empty() ? (part.rfind("ob ", 0) == 0 ? "entscheidet, " : "entscheidet ") + part : "; " + part;
        }
        return text;
    }

    Evaluator& ev_;
    const Program& program_;
    const RuleSet& rules_;
    PartialCase& pc_;
    const InterviewOptions& options_;
    Interview& out_;
    std::size_t n_ = 0;
    std::vector<Value> saved_;
    std::vector<TypeKind> kind_;
    std::vector<bool> optional_;
    std::vector<std::vector<Value>> domain_;
    std::deque<std::string> texts_;
    UnknownWatch watch_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> reader_;
    std::vector<bool> daily_;
    // Unknowns whose values were not all searched (budget, capped domain, few contexts): never
    // claimed as "not needed", and while there is one, no output is claimed as fixed.
    std::vector<bool> partial_;
    std::set<std::pair<std::size_t, std::string>> daily_paths_;
    std::vector<std::vector<std::pair<std::vector<int>, std::vector<std::uint16_t>>>> swept_;  // per unknown: context, reads
    std::set<std::uint16_t> sweep_reads_;
    std::set<std::size_t> capped_;
    std::vector<std::pair<std::size_t, Value>> met_;
    std::vector<DayNumber> boundaries_;
    int check_date_unknown_ = -1;
    std::vector<Outcome> outcomes_;
    std::unordered_map<std::string, int> outcome_index_;
    std::vector<Leaf> leaves_;
    std::size_t evaluations_ = 0;
    bool cut_ = false;
    int last_ = 0;
};

}  // namespace

Interview interview(Evaluator& evaluator, PartialCase& partial, const InterviewOptions& options) {
    Interview out;
    out.case_id = partial.kase->id;
    Search search(evaluator, partial, options, out);
    search.run();
    return out;
}

std::string interview_json(const Interview& iv) {
    return case_object_json(iv.case_id, [&](JsonOut& out) {
        out.member("steht_fest").raw(iv.settled && iv.valid ? "true" : "false");
        out.member("fehlend").list(iv.missing, [&](const AskedFact& f) {
            out.raw("{");
            out.first_member("feld").string(f.field);
            out.member("aendert").strings(f.changes);
            out.member("grund").string(f.reason);
            out.member("bezeichnung").string(f.label);
            if (!f.rule.empty()) {
                out.member("regel").string(f.rule);
                out.member("quelle").string(f.source);
            }
            out.raw("}");
        });
        out.member("ergebnis").raw(iv.settled && iv.valid && !iv.result_json.empty() ? iv.result_json : "null");
        out.member("fest").object(iv.fixed, [&](const auto& f) { out.first_member(f.path).raw(f.json); });
        out.member("offen").strings(iv.open);
        out.member("nicht_noetig").strings(iv.not_needed);
        out.member("nicht_geprueft").strings(iv.unchecked);
        out.member("vollstaendig").raw(iv.complete ? "true" : "false");
        out.member("hinweise").strings(iv.notes);
        if (!iv.valid) out.member("ungueltig").raw(iv.invalid_reason);
    });
}

namespace {

// `  Heading: a, b, c` and a line break; nothing when the list is empty.
std::string listed_line(const std::string& heading, const std::vector<std::string>& items) {
    if (items.empty()) return "";
    std::string line = "  " + heading + ": ";
    for (std::size_t i = 0; i < items.size(); ++i) line += (i ? ", " : "") + items[i];
    return line + "\n";
}

}  // namespace

std::string interview_text(const Interview& iv) {
    std::string text = "Fall " + iv.case_id + ":\n";
    if (!iv.valid) return text + "  keine Vervollständigung ergibt einen gültigen Fall (" + iv.invalid_reason + ")\n";
    if (iv.settled) {
        text += "  Das Ergebnis steht fest: keine der unbekannten Angaben kann es noch ändern.\n";
    } else {
        text += "  Noch zu fragen (in dieser Reihenfolge):\n";
        std::size_t number = 0;
        for (const auto& f : iv.missing) {
            text += "  " + std::to_string(++number) + ". " + f.label + " (" + f.field + ")\n";
            text += "     " + f.reason + "\n";
        }
        text += listed_line("Noch offen", iv.open);
    }
    text += listed_line("Nicht entschieden (Suche abgebrochen)", iv.unchecked);
    text += listed_line("Nicht nötig", iv.not_needed);
    if (!iv.fixed.empty()) {
        text += "  Steht fest:\n";
        for (const auto& f : iv.fixed) text += "    " + f.path + " = " + f.json + "\n";
    }
    for (const auto& n : iv.notes) text += "  Hinweis: " + n + "\n";
    return text;
}

}  // namespace klappt
