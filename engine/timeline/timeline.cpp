#include "engine/timeline/timeline.hpp"

#include <algorithm>

#include <map>

#include "engine/base/calendar.hpp"
#include "engine/timeline/timeline_explain.hpp"
#include "engine/render/value_json.hpp"

namespace klappt {

namespace {

std::vector<Value> probe_args(const Module& module, const TimelineDeclaration& decl, const Value& key, DayNumber day) {
    std::vector<Value> args(module.params.size());
    args[decl.day_param] = Value::date(day);
    if (decl.key_param) args[*decl.key_param] = key;
    return args;
}

std::string period_start_reason() { return "Beginn des betrachteten Zeitraums"; }
std::string period_end_reason() { return "Ende des betrachteten Zeitraums"; }

// Whether the series holds with value v (a bool series: true; an enum series: a value is set),
// and whether two such values are the same window.
bool holds(const Value& v, bool valued) { return valued ? v.present : v.b; }
bool same_window(const Value& a, const Value& b, bool valued) {
    return holds(a, valued) == holds(b, valued) && (!valued || !a.present || a.ordinal == b.ordinal);
}

// One probe: the series has value `value` on every day of [from, to].
struct Segment {
    DayNumber from, to;
    Value value;
    Stability stability;
};

// The text of the cause of a boundary between day `day - 1` and `day`: of all things that change
// there, those met inside a definition whose value changes on that day; among them the
// ones falling on the very day (shift 0).  With one candidate no evaluation is needed.
class BoundaryNamer {
public:
    BoundaryNamer(Evaluator& ev, const Case& kase, const TimelineDeclaration& decl, const Value& key)
        : ev_(ev), kase_(kase), decl_(decl), key_(key) {}

    std::string name(const std::vector<Cause>& candidates, const Cause& preferred, DayNumber day) {
        std::vector<std::string> texts;
        for (const Cause& c : candidates) add_unique(texts, ev_.describe(c));
        if (texts.size() <= 1) return texts.empty() ? ev_.describe(preferred) : texts.front();
        const std::vector<std::uint32_t>& changed = changed_on(day);
        std::vector<std::string> on_day, other;
        for (const Cause& c : candidates) {
            if (c.context == 0 || !std::binary_search(changed.begin(), changed.end(), c.context - 1)) continue;
            add_unique(c.shift == 0 ? on_day : other, ev_.describe(c));
        }
        if (!on_day.empty()) return join(on_day);
        if (!other.empty()) return other.front();
        return ev_.describe(preferred);
    }

private:
    static void add_unique(std::vector<std::string>& texts, std::string text) {
        if (!text.empty() && std::find(texts.begin(), texts.end(), text) == texts.end()) texts.push_back(std::move(text));
    }
    static std::string join(const std::vector<std::string>& texts) {
        std::string out;
        for (std::size_t i = 0; i < texts.size(); ++i) out += (i == 0 ? "" : i + 1 == texts.size() ? " und " : ", ") + texts[i];
        return out;
    }
    const std::vector<std::uint32_t>& changed_on(DayNumber day) {
        auto it = changed_.find(day);
        if (it != changed_.end()) return it->second;
        TraceSnapshot before = snapshot_series(ev_, kase_, decl_, key_, day - 1);
        TraceSnapshot after = snapshot_series(ev_, kase_, decl_, key_, day);
        return changed_[day] = changed_definitions(ev_.program(), before, after);
    }

    Evaluator& ev_;
    const Case& kase_;
    const TimelineDeclaration& decl_;
    const Value& key_;
    std::map<DayNumber, std::vector<std::uint32_t>> changed_;
};

std::vector<Segment> probe_segments(Evaluator& ev, const Case& kase, const TimelineDeclaration& decl,
                                    const Value& key, DayNumber from, DayNumber to, std::size_t* probes) {
    const Module& module = ev.program().rules.modules[decl.module];
    std::vector<Segment> segments;
    for (DayNumber t = from; t <= to;) {
        Segment s;
        s.value = ev.probe(kase, decl.module, probe_args(module, decl, key, t), decl.day_param, decl.output, s.stability);
        if (probes) ++*probes;
        s.from = t;
        s.to = std::min(std::max(s.stability.to, t), to);
        segments.push_back(std::move(s));
        t = segments.back().to + 1;
    }
    return segments;
}

std::string window_value_name(const Program& program, const TimelineDeclaration& decl, const Value& v, bool label) {
    if (!decl.valued) return "";
    TypeId type = program.rules.types.strip_optional(program.rules.modules[decl.module].definitions[decl.output].type);
    const EnumType& e = program.rules.enums[program.rules.types[type].ref];
    if (!label || e.value_labels[v.ordinal].empty()) return e.values[v.ordinal];
    return e.value_labels[v.ordinal];
}

// Why a row has no window: the failed conditions common to every day, else per period.
std::string empty_row_reason(Evaluator& ev, const Case& kase, const TimelineDeclaration& decl, const Value& key,
                             const std::vector<Segment>& segments) {
    constexpr std::size_t kMostPeriods = 12;  // the reasons of a longer history are summed up by their first periods
    struct Period {
        DayNumber from, to;
        std::vector<FailedCondition> conditions;
    };
    std::vector<Period> periods;
    auto same = [](const std::vector<FailedCondition>& a, const std::vector<FailedCondition>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                          [](const FailedCondition& x, const FailedCondition& y) { return x.global == y.global; });
    };
    for (const Segment& s : segments) {
        if (periods.size() == kMostPeriods) break;
        auto conditions = failed_conditions(ev.program(), snapshot_series(ev, kase, decl, key, s.from));
        if (!periods.empty() && same(periods.back().conditions, conditions)) periods.back().to = s.to;
        else periods.push_back({s.from, s.to, std::move(conditions)});
    }
    // Each condition with the days it fails on, unless that is every day of the row.
    DayNumber first = segments.front().from, last = periods.back().to;
    auto german = [](DayNumber d) { return calendar::german(calendar::from_day_number(d)); };
    std::vector<std::pair<FailedCondition, std::vector<std::pair<DayNumber, DayNumber>>>> conditions;
    for (const Period& p : periods)
        for (const FailedCondition& c : p.conditions) {
            auto it = std::find_if(conditions.begin(), conditions.end(), [&](const auto& x) { return x.first.global == c.global; });
            if (it == conditions.end()) {
                conditions.push_back({c, {}});
                it = conditions.end() - 1;
            }
            if (!it->second.empty() && it->second.back().second + 1 == p.from) it->second.back().second = p.to;
            else it->second.push_back({p.from, p.to});
        }
    // Conditions that fail on every day explain the row alone.
    auto every_day = [&](const auto& c) { return c.second.size() == 1 && c.second[0].first == first && c.second[0].second == last; };
    if (std::any_of(conditions.begin(), conditions.end(), every_day))
        std::erase_if(conditions, [&](const auto& c) { return !every_day(c); });
    std::string out = "nicht erfüllt: ";
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        const auto& [condition, ranges] = conditions[i];
        out += (i ? "; " : "") + condition.text;
        if (every_day(conditions[i])) continue;
        std::string days;
        for (const auto& [a, b] : ranges) {
            std::string range = a == first ? "bis " + german(b) : b == last ? "ab " + german(a) : german(a) + " bis " + german(b);
            days += (days.empty() ? "" : " und ") + range;
        }
        out += " – " + days;
    }
    return out;
}

// Consecutive probes with the same result are one segment (the rules read something that
// changed without changing the result).
std::vector<Segment> merge_segments(std::vector<Segment> probes, bool valued) {
    std::vector<Segment> segments;
    for (Segment& s : probes) {
        if (segments.empty() || !same_window(segments.back().value, s.value, valued)) {
            segments.push_back(std::move(s));
            continue;
        }
        Segment& last = segments.back();
        last.to = s.to;
        last.stability.to = s.stability.to;
        last.stability.to_cause = s.stability.to_cause;
        last.stability.to_causes = std::move(s.stability.to_causes);
    }
    return segments;
}

}  // namespace

TimelineRow timeline_row(Evaluator& ev, const Case& kase, const TimelineDeclaration& decl, const Value& key,
                         DayNumber from, DayNumber to, std::size_t* probes) {
    std::vector<Segment> probed = probe_segments(ev, kase, decl, key, from, to, probes);
    std::vector<Segment> segments = merge_segments(probed, decl.valued);
    BoundaryNamer namer(ev, kase, decl, key);
    TimelineRow row;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const Segment& s = segments[i];
        if (!holds(s.value, decl.valued)) continue;
        TimelineWindow w;
        w.from = s.from;
        w.to = s.to;
        w.value = window_value_name(ev.program(), decl, s.value, false);
        w.value_label = window_value_name(ev.program(), decl, s.value, true);
        if (s.from == from) {
            w.from_reason = period_start_reason();
        } else if (s.stability.from == s.from) {
            w.from_reason = namer.name(s.stability.from_causes, s.stability.from_cause, s.from);
        }
        if (w.from_reason.empty())  // named after what ended the previous period
            w.from_reason = namer.name(segments[i - 1].stability.to_causes, segments[i - 1].stability.to_cause, s.from);
        if (s.to == to) w.to_reason = period_end_reason();
        else if (s.stability.to == s.to) w.to_reason = namer.name(s.stability.to_causes, s.stability.to_cause, s.to + 1);
        if (w.to_reason.empty() && i + 1 < segments.size())  // named after what starts the next period
            w.to_reason = namer.name(segments[i + 1].stability.from_causes, segments[i + 1].stability.from_cause, s.to + 1);
        row.windows.push_back(std::move(w));
    }
    if (row.windows.empty()) row.empty_reason = empty_row_reason(ev, kase, decl, key, probed);
    return row;
}

std::vector<TimelineWindow> timeline_windows(Evaluator& ev, const Case& kase, const TimelineDeclaration& decl,
                                             const Value& key, DayNumber from, DayNumber to, std::size_t* probes) {
    return timeline_row(ev, kase, decl, key, from, to, probes).windows;
}

std::vector<TimelineWindow> timeline_windows_by_day(Evaluator& ev, const Case& kase, const TimelineDeclaration& decl,
                                                    const Value& key, DayNumber from, DayNumber to) {
    const Module& module = ev.program().rules.modules[decl.module];
    std::vector<TimelineWindow> windows;
    Value previous = Value::boolean(false);
    if (decl.valued) previous = Value::none();
    for (DayNumber t = from; t <= to; ++t) {
        ev.start(kase);
        auto args = probe_args(module, decl, key, t);
        Value v = ev.force(ev.instance(decl.module, args.data()), decl.output);
        bool open = holds(previous, decl.valued) && same_window(previous, v, decl.valued);
        if (holds(v, decl.valued) && !open)
            windows.push_back({t, t, "", "", window_value_name(ev.program(), decl, v, false),
                               window_value_name(ev.program(), decl, v, true)});
        if (holds(v, decl.valued)) windows.back().to = t;
        previous = v;
    }
    return windows;
}

namespace {

// The dates the rule set declares for the case (regelwerk.yaml `zeitachse: daten:`).
void collect_dates(Evaluator& ev, const Case& kase, Timeline& out) {
    const Program& program = ev.program();
    if (!program.manifest.timeline_dates) return;
    const TimelineDates& declared = *program.manifest.timeline_dates;
    const Module& module = program.rules.modules[declared.module];
    ev.start(kase);
    std::vector<Value> args(module.params.size());
    args[declared.day_param] = Value::date(out.check_date);
    Frame* frame = ev.instance(declared.module, args.data());
    auto add = [&](const Value& record) {
        if (!record.present) return;
        const Value& day = record.fields[declared.date_field];
        if (!day.present) return;
        out.dates.push_back({day.day, std::string(record.fields[declared.text_field].str()),
                             record.fields[declared.deadline_field].b});
    };
    for (std::uint32_t d : module.outputs) {
        Value v = ev.force(frame, d);
        if (program.rules.types.kind(program.rules.types.strip_optional(module.definitions[d].type)) != TypeKind::list) {
            add(v);
            continue;
        }
        for (std::uint32_t k = 0; v.present && k < v.list.size; ++k) add(v.list.items[k]);
    }
    std::stable_sort(out.dates.begin(), out.dates.end(),
                     [](const TimelineDate& a, const TimelineDate& b) { return a.date < b.date; });
}

}  // namespace

Timeline compute_timeline(Evaluator& ev, const Case& kase, DayNumber from, DayNumber to) {
    const Program& program = ev.program();
    const RuleSet& rules = program.rules;
    Timeline out;
    out.case_id = kase.id;
    out.from = from;
    out.to = to;
    out.check_date = rules.check_date_input ? kase.inputs[*rules.check_date_input].day : from;
    // Window ends after the check date; the same day and reason for several rows is one deadline.
    struct WindowEnd {
        DayNumber day;
        std::string reason, row;
    };
    std::vector<WindowEnd> window_ends;
    for (const auto& decl : program.manifest.timelines) {
        TimelineSeries series;
        series.name = decl.name;
        const Definition& def = program.definition(decl.module, decl.output);
        series.label = def.label.empty() ? def.name : def.label;
        series.keyed = decl.key_param.has_value();
        if (decl.valued) {
            const EnumType& e = rules.enums[rules.types[rules.types.strip_optional(def.type)].ref];
            for (std::size_t i = 0; i < e.values.size(); ++i)
                series.values.push_back({e.values[i], e.value_labels[i].empty() ? e.values[i] : e.value_labels[i]});
        }
        std::vector<std::pair<Value, std::pair<std::string, std::string>>> keys;
        if (decl.key_param) {
            TypeId t = rules.modules[decl.module].params[*decl.key_param].type;
            const EnumType& e = rules.enums[rules.types[t].ref];
            for (std::uint32_t i = 0; i < e.values.size(); ++i)
                keys.push_back({Value::enumeration(i), {e.values[i], e.value_labels[i].empty() ? e.values[i] : e.value_labels[i]}});
        } else {
            keys.push_back({Value(), {"", series.label}});
        }
        for (auto& [key, names] : keys) {
            TimelineRow computed = timeline_row(ev, kase, decl, key, from, to, &out.probes);
            TimelineSeries::Row row{names.first, names.second, std::move(computed.windows), std::move(computed.empty_reason)};
            for (const auto& w : row.windows)
                if (w.to >= out.check_date && w.to < to)
                    window_ends.push_back({w.to, w.to_reason, names.first.empty() ? series.label : names.first});
            series.rows.push_back(std::move(row));
        }
        out.series.push_back(std::move(series));
    }
    collect_dates(ev, kase, out);
    for (const TimelineDate& d : out.dates)
        if (d.deadline && d.date >= out.check_date)
            out.deadlines.push_back({d.date, d.what, static_cast<std::int64_t>(d.date) - out.check_date});
    for (std::size_t i = 0; i < window_ends.size(); ++i) {
        if (window_ends[i].row.empty()) continue;
        // A declared deadline on that day says it better (the eight-week limit ends the full-Pauschale window).
        if (std::any_of(out.dates.begin(), out.dates.end(),
                        [&](const TimelineDate& d) { return d.deadline && d.date == window_ends[i].day; }))
            continue;
        std::string rows = window_ends[i].row;
        for (std::size_t j = i + 1; j < window_ends.size(); ++j)
            if (window_ends[j].day == window_ends[i].day && window_ends[j].reason == window_ends[i].reason) {
                rows += ", " + window_ends[j].row;
                window_ends[j].row.clear();
            }
        out.deadlines.push_back({window_ends[i].day, "letzter Tag des Fensters (" + window_ends[i].reason + "): " + rows,
                                 static_cast<std::int64_t>(window_ends[i].day) - out.check_date});
    }
    std::stable_sort(out.deadlines.begin(), out.deadlines.end(),
                     [](const Deadline& a, const Deadline& b) { return a.date < b.date; });
    return out;
}

// ---- rendering ------------------------------------------------------------------

namespace {

std::string iso(DayNumber d) { return calendar::iso(calendar::from_day_number(d)); }
std::string german(DayNumber d) { return calendar::german(calendar::from_day_number(d)); }

void window_json(JsonOut& out, const TimelineWindow& w) {
    out.raw("{");
    out.first_member("von").string(iso(w.from));
    out.member("bis").string(iso(w.to));
    out.member("von_grund").string(w.from_reason);
    out.member("bis_grund").string(w.to_reason);
    if (!w.value.empty()) {  // a series of an enum output
        out.member("wert").string(w.value);
        out.member("wert_text").string(w.value_label);
    }
    out.raw("}");
}

void windows_json(JsonOut& out, const std::vector<TimelineWindow>& windows) {
    out.list(windows, [&](const TimelineWindow& w) { window_json(out, w); });
}

}  // namespace

std::string timeline_json(const Timeline& t) {
    return case_object_json(t.case_id, [&](JsonOut& out) {
        out.member("stichtag").string(iso(t.check_date));
        out.member("von").string(iso(t.from));
        out.member("bis").string(iso(t.to));
        for (const auto& s : t.series) {
            out.member(s.name);
            if (!s.keyed) {
                windows_json(out, s.rows.front().windows);
                continue;
            }
            out.object(s.rows, [&](const TimelineSeries::Row& row) {
                out.first_member(row.key);
                windows_json(out, row.windows);
            });
        }
        out.member("fristen").list(t.deadlines, [&](const Deadline& d) {
            out.raw("{");
            out.first_member("datum").string(iso(d.date));
            out.member("was").string(d.what);
            out.member("tage").raw(std::to_string(d.days_left));
            out.raw("}");
        });
        // Every declared date (markers on the chart), `frist` when it matters to the person.
        out.member("daten").list(t.dates, [&](const TimelineDate& d) {
            out.raw("{");
            out.first_member("datum").string(iso(d.date));
            out.member("was").string(d.what);
            out.member("frist").raw(d.deadline ? "true" : "false");
            out.raw("}");
        });
        // Why a row has no window: {"person": "…"} or {"bausteine": {"F2": "…"}}, only rows without one.
        out.member("ohne_fenster").raw("{");
        bool first_series = true;
        for (const auto& s : t.series) {
            bool any = std::any_of(s.rows.begin(), s.rows.end(), [](const auto& r) { return r.windows.empty(); });
            if (!any) continue;
            if (!first_series) out.raw(", ");
            first_series = false;
            out.first_member(s.name);
            if (!s.keyed) {
                out.string(s.rows.front().empty_reason);
                continue;
            }
            out.raw("{");
            bool first_row = true;
            for (const auto& row : s.rows) {
                if (!row.windows.empty()) continue;
                if (!first_row) out.raw(", ");
                first_row = false;
                out.first_member(row.key).string(row.empty_reason);
            }
            out.raw("}");
        }
        out.raw("}");
    });
}

std::string timeline_text(const Timeline& t) {
    std::string out = "Zeitachse für Fall " + t.case_id + " · Stichtag " + german(t.check_date) + " · betrachtet " +
                      german(t.from) + " bis " + german(t.to) + "\n";
    for (const auto& s : t.series) {
        out += "\n" + s.label + ":\n";
        for (const auto& row : s.rows) {
            std::string name = s.keyed ? row.label : "Person";
            if (row.windows.empty()) {
                out += "  " + name + ": an keinem Tag – " + row.empty_reason + "\n";
                continue;
            }
            out += "  " + name + ":\n";
            for (const auto& w : row.windows)
                out += "    " + german(w.from) + " bis " + german(w.to) + (w.value_label.empty() ? "" : "  " + w.value_label) +
                       "   (ab: " + w.from_reason + "; bis: " + w.to_reason + ")\n";
        }
    }
    out += "\nFristen ab dem Stichtag:\n";
    if (t.deadlines.empty()) out += "  keine\n";
    for (const auto& d : t.deadlines)
        out += "  " + german(d.date) + "  noch " + std::to_string(d.days_left) + (d.days_left == 1 ? " Tag" : " Tage") +
               "  " + d.what + "\n";
    return out;
}

}  // namespace klappt
