#include "engine/timeline.hpp"

#include <algorithm>

#include "engine/calendar.hpp"
#include "engine/value_format.hpp"

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

}  // namespace

std::vector<TimelineWindow> timeline_windows(Evaluator& ev, const Case& kase, const TimelineDeclaration& decl,
                                             const Value& key, DayNumber from, DayNumber to, std::size_t* probes) {
    const Module& module = ev.program().rules.modules[decl.module];
    std::vector<TimelineWindow> windows;
    bool open = false;
    std::string previous_end_reason;  // why the previous period ended (names the change at the next day)
    for (DayNumber t = from; t <= to;) {
        Stability st;
        Value v = ev.probe(kase, decl.module, probe_args(module, decl, key, t), decl.day_param, decl.output, st);
        if (probes) ++*probes;
        DayNumber end = std::min(std::max(st.to, t), to);
        std::string start_reason = st.from == t && st.from_cause.origin ? ev.describe(st.from_cause) : previous_end_reason;
        std::string end_reason = end == st.to && st.to_cause.origin ? ev.describe(st.to_cause) : "";
        if (v.b) {
            if (!open) {
                windows.push_back({t, end, t == from ? period_start_reason() : start_reason, ""});
                open = true;
            }
            windows.back().to = end;
            windows.back().to_reason = end == to ? period_end_reason() : end_reason;
        } else {
            open = false;
        }
        previous_end_reason = end_reason;
        t = end + 1;
    }
    return windows;
}

std::vector<TimelineWindow> timeline_windows_by_day(Evaluator& ev, const Case& kase, const TimelineDeclaration& decl,
                                                    const Value& key, DayNumber from, DayNumber to) {
    const Module& module = ev.program().rules.modules[decl.module];
    std::vector<TimelineWindow> windows;
    bool open = false;
    for (DayNumber t = from; t <= to; ++t) {
        ev.start(kase);
        auto args = probe_args(module, decl, key, t);
        bool holds = ev.force(ev.instance(decl.module, args.data()), decl.output).b;
        if (holds && !open) windows.push_back({t, t, "", ""});
        if (holds) windows.back().to = t;
        open = holds;
    }
    return windows;
}

namespace {

// Date outputs on or after the check date, with a readable name, from the case's own evaluation.
void collect_deadlines(Evaluator& ev, Timeline& out) {
    const Program& program = ev.program();
    const RuleSet& rules = program.rules;
    auto add = [&](const std::string& what, const Value& v) {
        if (!v.present || v.day < out.check_date) return;
        out.deadlines.push_back({v.day, what, static_cast<std::int64_t>(v.day) - out.check_date});
    };
    auto label = [](const Definition& d) { return d.label.empty() ? d.name : d.label; };
    for (std::size_t i = 0; i < rules.outputs.size(); ++i) {
        const Definition& def = program.definition(rules.outputs[i].module, rules.outputs[i].definition);
        TypeId t = rules.types.strip_optional(def.type);
        Value v = ev.output(i);
        if (rules.types.kind(t) == TypeKind::date) add(label(def), v);
        if (rules.types.kind(t) != TypeKind::list || !v.present) continue;
        TypeId element = rules.types[t].ref;
        if (rules.types.kind(element) != TypeKind::instance) continue;
        const Module& m = rules.modules[rules.types[element].ref];
        for (std::uint32_t k = 0; k < v.list.size; ++k) {
            Frame* f = v.list.items[k].frame;
            // Name the item by its first enum output (e.g. the Baustein), if it has one.
            std::string item = label(def) + " " + std::to_string(k + 1);
            for (std::uint32_t d : m.outputs)
                if (rules.types.kind(m.definitions[d].type) == TypeKind::enumeration) {
                    item += " (" + enum_value_name(program, ev.force(f, d), m.definitions[d].type) + ")";
                    break;
                }
            for (std::uint32_t d : m.outputs) {
                TypeId dt = rules.types.strip_optional(m.definitions[d].type);
                if (rules.types.kind(dt) == TypeKind::date) add(item + ": " + label(m.definitions[d]), ev.force(f, d));
            }
        }
    }
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
            TimelineSeries::Row row{names.first, names.second, timeline_windows(ev, kase, decl, key, from, to, &out.probes)};
            for (const auto& w : row.windows)
                if (w.to >= out.check_date && w.to < to)
                    window_ends.push_back({w.to, w.to_reason, names.first.empty() ? series.label : names.first});
            series.rows.push_back(std::move(row));
        }
        out.series.push_back(std::move(series));
    }
    for (std::size_t i = 0; i < window_ends.size(); ++i) {
        if (window_ends[i].row.empty()) continue;
        std::string rows = window_ends[i].row;
        for (std::size_t j = i + 1; j < window_ends.size(); ++j)
            if (window_ends[j].day == window_ends[i].day && window_ends[j].reason == window_ends[i].reason) {
                rows += ", " + window_ends[j].row;
                window_ends[j].row.clear();
            }
        out.deadlines.push_back({window_ends[i].day, "letzter Tag des Fensters (" + window_ends[i].reason + "): " + rows,
                                 static_cast<std::int64_t>(window_ends[i].day) - out.check_date});
    }
    ev.start(kase);
    collect_deadlines(ev, out);
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
    out.key("von");
    out.raw(" ");
    out.string(iso(w.from));
    out.raw(", ");
    out.key("bis");
    out.raw(" ");
    out.string(iso(w.to));
    out.raw(", ");
    out.key("von_grund");
    out.raw(" ");
    out.string(w.from_reason);
    out.raw(", ");
    out.key("bis_grund");
    out.raw(" ");
    out.string(w.to_reason);
    out.raw("}");
}

void windows_json(JsonOut& out, const std::vector<TimelineWindow>& windows) {
    out.raw("[");
    for (std::size_t i = 0; i < windows.size(); ++i) {
        if (i) out.raw(", ");
        window_json(out, windows[i]);
    }
    out.raw("]");
}

}  // namespace

std::string timeline_json(const Timeline& t) {
    std::string buffer;
    JsonOut out(buffer);
    out.raw("{");
    out.key("fall");
    out.raw(" ");
    out.string(t.case_id);
    out.raw(", ");
    out.key("stichtag");
    out.raw(" ");
    out.string(iso(t.check_date));
    out.raw(", ");
    out.key("von");
    out.raw(" ");
    out.string(iso(t.from));
    out.raw(", ");
    out.key("bis");
    out.raw(" ");
    out.string(iso(t.to));
    for (const auto& s : t.series) {
        out.raw(", ");
        out.key(s.name);
        out.raw(" ");
        if (!s.keyed) {
            windows_json(out, s.rows.front().windows);
            continue;
        }
        out.raw("{");
        for (std::size_t i = 0; i < s.rows.size(); ++i) {
            if (i) out.raw(", ");
            out.key(s.rows[i].key);
            out.raw(" ");
            windows_json(out, s.rows[i].windows);
        }
        out.raw("}");
    }
    out.raw(", ");
    out.key("fristen");
    out.raw(" [");
    for (std::size_t i = 0; i < t.deadlines.size(); ++i) {
        if (i) out.raw(", ");
        out.raw("{");
        out.key("datum");
        out.raw(" ");
        out.string(iso(t.deadlines[i].date));
        out.raw(", ");
        out.key("was");
        out.raw(" ");
        out.string(t.deadlines[i].what);
        out.raw(", ");
        out.key("tage");
        out.raw(" ");
        out.raw(std::to_string(t.deadlines[i].days_left));
        out.raw("}");
    }
    out.raw("]}");
    return buffer;
}

std::string timeline_text(const Timeline& t) {
    std::string out = "Zeitachse für Fall " + t.case_id + " · Stichtag " + german(t.check_date) + " · betrachtet " +
                      german(t.from) + " bis " + german(t.to) + "\n";
    for (const auto& s : t.series) {
        out += "\n" + s.label + ":\n";
        for (const auto& row : s.rows) {
            std::string name = s.keyed ? row.label : "Person";
            if (row.windows.empty()) {
                out += "  " + name + ": an keinem Tag\n";
                continue;
            }
            out += "  " + name + ":\n";
            for (const auto& w : row.windows)
                out += "    " + german(w.from) + " bis " + german(w.to) + "   (ab: " + w.from_reason + "; bis: " +
                       w.to_reason + ")\n";
        }
    }
    out += "\nFristen ab dem Stichtag:\n";
    if (t.deadlines.empty()) out += "  keine\n";
    for (const auto& d : t.deadlines)
        out += "  " + german(d.date) + "  noch " + std::to_string(d.days_left) + (d.days_left == 1 ? " Tag" : " Tage") +
               "  " + d.what + "\n";
    return out;
}

namespace {

std::string escape_xml(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

std::string timeline_svg(const Timeline& t) {
    // A Gantt chart: one row per series row, a bar per window, the check date as a line.
    const int left = 330, right = 30, top = 50, row_height = 26, width = 1200;
    std::vector<std::pair<std::string, const TimelineSeries::Row*>> rows;
    for (const auto& s : t.series)
        for (const auto& r : s.rows) rows.push_back({s.keyed ? r.label : s.label, &r});
    const int height = top + static_cast<int>(rows.size()) * row_height + 60;
    // Pixel positions in whole pixels (integer arithmetic; nothing here needs fractions).
    const std::int64_t span = std::max<DayNumber>(1, t.to - t.from + 1);
    auto x = [&](DayNumber d) { return left + (width - left - right) * static_cast<std::int64_t>(d - t.from) / span; };
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
                      std::to_string(height) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    svg += "<title>Zeitachse Fall " + escape_xml(t.case_id) + "</title>\n";
    svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    svg += "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Fall " + escape_xml(t.case_id) +
           " – förderfähige Eintrittstage (Stichtag " + german(t.check_date) + ")</text>\n";
    // Year grid.
    date::year_month_day first{calendar::from_day_number(t.from)};
    for (int y = int(first.year()) + (unsigned(first.month()) == 1 && unsigned(first.day()) == 1 ? 0 : 1);; ++y) {
        DayNumber d = calendar::day_number(date::sys_days{date::year{y} / 1 / 1});
        if (d > t.to) break;
        std::string px = std::to_string(x(d));
        svg += std::string("<line x1=\"") + px + "\" y1=\"" + std::to_string(top - 8) + "\" x2=\"" + px + "\" y2=\"" +
               std::to_string(height - 40) + "\" stroke=\"#ccc\"/>\n";
        svg += std::string("<text x=\"") + px + "\" y=\"" + std::to_string(height - 25) + "\" text-anchor=\"middle\">" +
               std::to_string(y) + "</text>\n";
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        int y = top + static_cast<int>(i) * row_height;
        svg += "<text x=\"10\" y=\"" + std::to_string(y + 17) + "\">" + escape_xml(rows[i].first.substr(0, 48)) + "</text>\n";
        svg += "<rect x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
               std::to_string(width - left - right) + "\" height=\"" + std::to_string(row_height - 8) +
               "\" fill=\"#f3f3f3\"/>\n";
        for (const auto& w : rows[i].second->windows) {
            svg += "<rect x=\"" + std::to_string(x(w.from)) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
                   std::to_string(std::max<std::int64_t>(1, x(w.to + 1) - x(w.from))) + "\" height=\"" +
                   std::to_string(row_height - 8) + "\" fill=\"#2e7d32\"><title>";
            svg += escape_xml(german(w.from) + " bis " + german(w.to) + " — ab: " + w.from_reason + "; bis: " +
                              w.to_reason) +
                   "</title></rect>\n";
        }
    }
    if (t.check_date >= t.from && t.check_date <= t.to) {
        std::string cx = std::to_string(x(t.check_date));
        svg += "<line x1=\"" + cx + "\" y1=\"" + std::to_string(top - 10) + "\" x2=\"" + cx + "\" y2=\"" +
               std::to_string(height - 40) + "\" stroke=\"#c62828\" stroke-width=\"2\"/>\n";
        svg += "<text x=\"" + cx + "\" y=\"" + std::to_string(top - 14) +
               "\" fill=\"#c62828\" text-anchor=\"middle\">Stichtag</text>\n";
    }
    svg += "</svg>\n";
    return svg;
}

}  // namespace klappt
