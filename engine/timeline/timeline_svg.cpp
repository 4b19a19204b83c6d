// The timeline of one case as a document to print (A4 landscape, readable in black and
// white): title, a date axis with years and months, one row per series row with its windows
// as bars and their dates printed beneath, the reason on a row without window, the check date
// and the rule set's dates as numbered markers, a legend, the list of dates and the deadlines.
// Everything comes from the Timeline value; nothing here knows a Baustein or a rule.
#include <algorithm>
#include <map>

#include "engine/base/calendar.hpp"
#include "engine/base/split.hpp"
#include "engine/render/markup_escape.hpp"
#include "engine/timeline/timeline.hpp"

namespace klappt {

namespace {

std::string german(DayNumber d) { return calendar::german(calendar::from_day_number(d)); }

// Characters as a reader sees them (UTF-8 continuation bytes do not count).
std::size_t glyphs(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Estimated width in px of text of font size `size` (in tenths of a px) in DejaVu Sans, the
// font the test renders with: 0.61 em per character, wider than most sans-serif fonts, so
// other renderers have room to spare.
int text_width(const std::string& s, int size) { return static_cast<int>(glyphs(s)) * size * 61 / 1000 + 1; }

// Splits text into lines of at most `width` px, at blanks only; a word longer than a line
// stays whole on its own line rather than being cut.
std::vector<std::string> wrap(const std::string& text, int width, int size) {
    std::vector<std::string> lines;
    std::string line;
    for (std::string_view part : split(text, ' ')) {
        if (part.empty()) continue;
        std::string word(part);
        std::string candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && text_width(candidate, size) > width) {
            lines.push_back(line);
            line = word;
        } else {
            line = candidate;
        }
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    return lines;
}

std::string num(std::int64_t v) { return std::to_string(v); }

// Fills of the bars: a style per window kind, distinguishable without colour.
const char* kFills[] = {"#8fbf8f", "#1b5e20", "url(#zeitachse-schraffur)", "url(#zeitachse-kreuz)"};
constexpr std::size_t kStyles = sizeof kFills / sizeof kFills[0];

struct Layout {
    static constexpr int width = 1123;  // A4 landscape at 96 dpi: 297 mm
    static constexpr int margin = 28;
    static constexpr int label_width = 262;
    static constexpr int chart_left = margin + label_width + 14;
    static constexpr int chart_right = width - margin;
};

class SvgWriter {
public:
    explicit SvgWriter(const Timeline& t) : t_(t) {
        span_ = std::max<std::int64_t>(1, static_cast<std::int64_t>(t.to) - t.from + 1);
    }

    std::string render() {
        std::string body;
        int y = header(body);
        y = axis(body, y);
        int rows_top = y;
        y = rows(body, y);
        grid_and_markers(body, rows_top, y);
        y = legend(body, y + 16);
        y = date_list(body, y + 6);
        y = deadline_list(body, y + 6);
        int height = y + Layout::margin;
        // No XML declaration: the web desk puts the chart inline into its HTML page (UTF-8 is
        // the default of a standalone SVG file too).
        std::string svg;
        // The page is 297 mm wide; the height follows the content (one A4 page for a usual case).
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"297mm\" height=\"" +
               num(static_cast<std::int64_t>(height) * 297 / Layout::width) + "mm\" viewBox=\"0 0 " +
               num(Layout::width) + " " + num(height) +
               "\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"10\">\n";
        svg += "<title>Zeitachse Fall " + markup_escaped(t_.case_id) + "</title>\n";
        svg += "<defs>\n"
               "<pattern id=\"zeitachse-schraffur\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
               "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"white\"/>"
               "<line x1=\"1.5\" y1=\"0\" x2=\"1.5\" y2=\"6\" stroke=\"#1b5e20\" stroke-width=\"2.4\"/></pattern>\n"
               "<pattern id=\"zeitachse-kreuz\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
               "<rect width=\"6\" height=\"6\" fill=\"white\"/><path d=\"M0 3H6M3 0V6\" stroke=\"#1b5e20\" "
               "stroke-width=\"1.4\"/></pattern>\n"
               "</defs>\n";
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
        svg += body;
        svg += "</svg>\n";
        return svg;
    }

private:
    std::int64_t x(DayNumber d) const {
        DayNumber c = std::clamp(d, t_.from, static_cast<DayNumber>(t_.to + 1));
        return Layout::chart_left +
               (Layout::chart_right - Layout::chart_left) * (static_cast<std::int64_t>(c) - t_.from) / span_;
    }
    bool visible(DayNumber d) const { return d >= t_.from && d <= t_.to; }

    void text(std::string& out, std::int64_t tx, std::int64_t ty, const std::string& s, const std::string& attrs = "") {
        out += "<text x=\"" + num(tx) + "\" y=\"" + num(ty) + "\"" + (attrs.empty() ? "" : " " + attrs) + ">" +
               markup_escaped(s) + "</text>\n";
    }

    int header(std::string& out) {
        text(out, Layout::margin, 34, "Zeitachse Fall " + t_.case_id + " – an welchen Tagen wäre ein Eintritt förderfähig?",
             "font-size=\"16\" font-weight=\"bold\"");
        text(out, Layout::margin, 52,
             "Stichtag " + german(t_.check_date) + " · betrachtet " + german(t_.from) + " bis " + german(t_.to) +
                 " · Balken: Tage, an denen ein Eintritt die Regeln erfüllt; darunter Beginn und Ende",
             "font-size=\"10\" fill=\"#333\"");
        return 64;
    }

    // Markers (numbered above the axis), then years and months.
    int axis(std::string& out, int y) {
        // Numbered markers: the rule set's dates in the period, staggered where they crowd.
        int lane_top = y;
        std::vector<std::int64_t> lane_end(3, -1000);
        int number = 0;
        for (const TimelineDate& d : t_.dates) {
            ++number;
            if (!visible(d.date)) continue;
            std::int64_t mx = x(d.date);
            std::size_t lane = 0;
            while (lane + 1 < lane_end.size() && mx - lane_end[lane] < 18) ++lane;
            lane_end[lane] = mx;
            int cy = lane_top + 8 + static_cast<int>(lane) * 17;
            marker_numbers_.push_back({d.date, cy});
            out += "<circle cx=\"" + num(mx) + "\" cy=\"" + num(cy) + "\" r=\"7.5\" fill=\"white\" stroke=\"#222\"/>\n";
            text(out, mx, cy + 3, std::to_string(number), "font-size=\"9\" font-weight=\"bold\" text-anchor=\"middle\"");
        }
        if (visible(t_.check_date)) {
            std::int64_t cx = x(t_.check_date);
            std::string label = "Stichtag " + german(t_.check_date);
            bool left = cx + 4 + text_width(label, 100) > Layout::width - Layout::margin;  // near the right edge
            text(out, left ? cx - 4 : cx + 4, lane_top + 58, label,
                 std::string("font-size=\"10\" font-weight=\"bold\" fill=\"#b71c1c\"") + (left ? " text-anchor=\"end\"" : ""));
        }
        y = lane_top + 64;
        axis_top_ = y;
        // Years: a band with the year in the middle of its visible part.
        date::year_month_day first{calendar::from_day_number(t_.from)};
        date::year_month_day last{calendar::from_day_number(t_.to)};
        for (int year = int(first.year()); year <= int(last.year()); ++year) {
            DayNumber a = std::max(t_.from, calendar::day_number(date::sys_days{date::year{year} / 1 / 1}));
            DayNumber b = std::min(t_.to, calendar::day_number(date::sys_days{date::year{year} / 12 / 31}));
            std::int64_t xa = x(a), xb = x(b + 1);
            out += "<rect x=\"" + num(xa) + "\" y=\"" + num(y) + "\" width=\"" + num(xb - xa) +
                   "\" height=\"16\" fill=\"" + (year % 2 ? "#e8e8e8" : "#d0d0d0") + "\" stroke=\"#555\" stroke-width=\"0.6\"/>\n";
            if (xb - xa >= 34) text(out, (xa + xb) / 2, y + 12, std::to_string(year), "font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\"");
        }
        y += 16;
        // Months: initials where there is room, else every third month's number.
        static const char* initials[] = {"J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"};
        date::year_month m = first.year() / first.month();
        for (;; m += date::months{1}) {
            DayNumber a = calendar::day_number(date::sys_days{m / 1});
            if (a > t_.to) break;
            DayNumber b = calendar::day_number(date::sys_days{m / date::last});
            std::int64_t xa = x(std::max(a, t_.from)), xb = x(std::min(b, t_.to) + 1);
            out += "<line x1=\"" + num(xa) + "\" y1=\"" + num(y) + "\" x2=\"" + num(xa) + "\" y2=\"" + num(y + 12) +
                   "\" stroke=\"#555\" stroke-width=\"0.6\"/>\n";
            unsigned month = unsigned(m.month());
            if (xb - xa >= 8) text(out, (xa + xb) / 2, y + 10, initials[month - 1], "font-size=\"8\" text-anchor=\"middle\"");
            else if (month % 3 == 1) text(out, xa + 1, y + 10, std::to_string(month), "font-size=\"8\"");
        }
        y += 14;
        return y + 4;
    }

    std::size_t style_of(const TimelineSeries& s, const TimelineWindow& w) {
        if (w.value.empty()) return 0;
        for (std::size_t i = 0; i < s.values.size(); ++i)
            if (s.values[i].first == w.value) return std::min(i, kStyles - 1);
        return 0;
    }

    int rows(std::string& out, int y) {
        for (const auto& s : t_.series) {
            // The series' heading across the page.
            out += "<rect x=\"" + num(Layout::margin) + "\" y=\"" + num(y) + "\" width=\"" +
                   num(Layout::width - 2 * Layout::margin) + "\" height=\"18\" fill=\"#f0f0f0\"/>\n";
            text(out, Layout::margin + 4, y + 13, s.label, "font-size=\"11\" font-weight=\"bold\"");
            y += 22;
            for (const auto& row : s.rows) y = series_row(out, s, row, y);
        }
        return y;
    }

    int series_row(std::string& out, const TimelineSeries& s, const TimelineSeries::Row& row, int y) {
        std::vector<std::string> label = wrap(s.keyed ? row.label : "Person", Layout::label_width, 100);
        int height = std::max<int>(static_cast<int>(label.size()) * 12 + 6, 38);
        std::string content;
        const int bar_top = y + 4, bar_height = 13;
        if (row.windows.empty()) {
            auto reason = wrap("an keinem Tag – " + row.empty_reason, Layout::chart_right - Layout::chart_left - 8, 90);
            height = std::max<int>(height, static_cast<int>(reason.size()) * 11 + 10);
            for (std::size_t i = 0; i < reason.size(); ++i)
            {
                int ty = y + 13 + static_cast<int>(i) * 11;
                content += "<rect x=\"" + num(Layout::chart_left + 2) + "\" y=\"" + num(ty - 9) + "\" width=\"" +
                           num(text_width(reason[i], 90) + 4) + "\" height=\"11\" fill=\"white\" fill-opacity=\"0.9\"/>\n";
                text(content, Layout::chart_left + 4, ty, reason[i], "font-size=\"9\" font-style=\"italic\"");
            }
        } else {
            // Date labels beneath each bar; a label that would touch the previous one moves a line down.
            std::vector<std::int64_t> line_end = {-1000, -1000};
            bool second_line = false;
            for (const auto& w : row.windows) {
                std::int64_t xa = x(w.from), xb = x(w.to + 1);
                std::size_t style = style_of(s, w);
                content += "<rect x=\"" + num(xa) + "\" y=\"" + num(bar_top) + "\" width=\"" + num(std::max<std::int64_t>(2, xb - xa)) +
                           "\" height=\"" + num(bar_height) + "\" fill=\"" + kFills[style] +
                           "\" stroke=\"#1b5e20\" stroke-width=\"0.8\"><title>" +
                           markup_escaped(german(w.from) + " bis " + german(w.to) +
                                      (w.value_label.empty() ? "" : " · " + w.value_label) + " — ab: " + w.from_reason +
                                      "; bis: " + w.to_reason) +
                           "</title></rect>\n";
                std::string dates = w.from == w.to ? german(w.from) : german(w.from) + " – " + german(w.to);
                int width = text_width(dates, 85);
                std::int64_t lx = std::clamp<std::int64_t>((xa + xb) / 2 - width / 2, Layout::chart_left,
                                                           Layout::chart_right - width);
                std::size_t line = lx > line_end[0] + 6 ? 0 : 1;
                line_end[line] = lx + width;
                second_line = second_line || line == 1;
                int ty = bar_top + bar_height + 10 + static_cast<int>(line) * 10;
                content += "<rect x=\"" + num(lx - 2) + "\" y=\"" + num(ty - 8) + "\" width=\"" + num(width + 3) +
                           "\" height=\"10\" fill=\"white\" fill-opacity=\"0.9\"/>\n";
                text(content, lx, ty, dates, "font-size=\"8.5\"");
            }
            if (second_line) height = std::max(height, 44);
        }
        out += "<line x1=\"" + num(Layout::margin) + "\" y1=\"" + num(y + height) + "\" x2=\"" +
               num(Layout::chart_right) + "\" y2=\"" + num(y + height) + "\" stroke=\"#bbb\" stroke-width=\"0.5\"/>\n";
        for (std::size_t i = 0; i < label.size(); ++i)
            text(out, Layout::margin + 4, y + 14 + static_cast<int>(i) * 12, label[i]);
        out += content;
        return y + height;
    }

    void grid_and_markers(std::string& out, int top, int bottom) {
        std::string grid;
        date::year_month_day first{calendar::from_day_number(t_.from)};
        for (int year = int(first.year()) + 1;; ++year) {
            DayNumber d = calendar::day_number(date::sys_days{date::year{year} / 1 / 1});
            if (d > t_.to) break;
            grid += "<line x1=\"" + num(x(d)) + "\" y1=\"" + num(axis_top_) + "\" x2=\"" + num(x(d)) + "\" y2=\"" +
                    num(bottom) + "\" stroke=\"#999\" stroke-width=\"0.8\"/>\n";
        }
        int number = 0;
        for (const TimelineDate& d : t_.dates) {
            ++number;
            if (!visible(d.date)) continue;
            std::int64_t mx = x(d.date);
            int cy = 0;
            for (const auto& [day, y] : marker_numbers_)
                if (day == d.date) cy = y;
            grid += "<line x1=\"" + num(mx) + "\" y1=\"" + num(cy + 8) + "\" x2=\"" + num(mx) + "\" y2=\"" + num(bottom) +
                    "\" stroke=\"#222\" stroke-width=\"1\" stroke-dasharray=\"5 3\"/>\n";
        }
        if (visible(t_.check_date)) {
            std::int64_t cx = x(t_.check_date);
            grid += "<line x1=\"" + num(cx) + "\" y1=\"" + num(axis_top_ - 4) + "\" x2=\"" + num(cx) + "\" y2=\"" +
                    num(bottom) + "\" stroke=\"#b71c1c\" stroke-width=\"2.2\"/>\n";
        }
        // Lines under the bars and texts: before the rows.
        std::size_t at = out.find("<rect x=\"" + num(Layout::margin) + "\" y=\"" + num(top) + "\"");
        out.insert(at == std::string::npos ? out.size() : at, grid);
    }

    int legend(std::string& out, int y) {
        text(out, Layout::margin, y + 10, "Legende", "font-size=\"11\" font-weight=\"bold\"");
        y += 30;
        auto bar = [](std::size_t style) {
            return std::string("<rect width=\"26\" height=\"11\" y=\"-9\" fill=\"") + kFills[style] +
                   "\" stroke=\"#1b5e20\" stroke-width=\"0.8\"/>";
        };
        // One line per series: its label, then a swatch per kind of window.
        auto line = [&](const std::string& heading, const std::vector<std::pair<std::string, std::string>>& entries) {
            text(out, Layout::margin, y, heading + ":", "font-size=\"9.5\" font-weight=\"bold\"");
            std::int64_t lx = Layout::margin + text_width(heading + ":", 95) + 12;
            for (const auto& [swatch, label] : entries) {
                int width = 34 + text_width(label, 95) + 18;
                if (lx + width > Layout::width - Layout::margin && lx > Layout::margin + 40) {
                    lx = Layout::margin + 40;
                    y += 16;
                }
                out += "<g transform=\"translate(" + num(lx) + " " + num(y) + ")\">" + swatch + "</g>\n";
                text(out, lx + 34, y, label, "font-size=\"9.5\"");
                lx += width;
            }
            y += 17;
        };
        for (const auto& s : t_.series) {
            std::vector<std::pair<std::string, std::string>> entries;
            if (s.values.empty()) entries.push_back({bar(0), "an diesen Tagen erfüllt"});
            for (std::size_t i = 0; i < s.values.size(); ++i) entries.push_back({bar(std::min(i, kStyles - 1)), s.values[i].second});
            line(s.label, entries);
        }
        line("Linien", {{"<line x1=\"13\" y1=\"-12\" x2=\"13\" y2=\"4\" stroke=\"#b71c1c\" stroke-width=\"2.2\"/>", "Stichtag"},
                        {"<line x1=\"13\" y1=\"-12\" x2=\"13\" y2=\"4\" stroke=\"#222\" stroke-dasharray=\"5 3\"/>"
                         "<circle cx=\"13\" cy=\"-4\" r=\"6\" fill=\"white\" stroke=\"#222\"/>",
                         "Datum des Falls, Nummer wie in der Liste „Daten des Falls“"}});
        return y - 8;
    }

    int date_list(std::string& out, int y) {
        if (t_.dates.empty()) return y;
        text(out, Layout::margin, y + 12, "Daten des Falls", "font-size=\"11\" font-weight=\"bold\"");
        y += 18;
        // Two columns.
        const int column_width = (Layout::width - 2 * Layout::margin) / 2;
        std::size_t half = (t_.dates.size() + 1) / 2;
        int bottom = y;
        for (std::size_t column = 0; column < 2; ++column) {
            int cy = y;
            for (std::size_t i = column * half; i < std::min(t_.dates.size(), (column + 1) * half); ++i) {
                const TimelineDate& d = t_.dates[i];
                std::string line = german(d.date) + "  " + d.what;
                if (!visible(d.date)) line += " (außerhalb des betrachteten Zeitraums)";
                auto lines = wrap(line, column_width - 34, 95);
                std::int64_t cx = Layout::margin + static_cast<std::int64_t>(column) * column_width;
                text(out, cx + 10, cy + 10, std::to_string(i + 1), "font-size=\"9.5\" font-weight=\"bold\" text-anchor=\"middle\"");
                for (std::size_t l = 0; l < lines.size(); ++l)
                    text(out, cx + 24, cy + 10 + static_cast<int>(l) * 12, lines[l], "font-size=\"9.5\"");
                cy += static_cast<int>(lines.size()) * 12 + 2;
            }
            bottom = std::max(bottom, cy);
        }
        return bottom;
    }

    int deadline_list(std::string& out, int y) {
        text(out, Layout::margin, y + 12, "Fristen ab dem Stichtag " + german(t_.check_date),
             "font-size=\"11\" font-weight=\"bold\"");
        y += 18;
        if (t_.deadlines.empty()) {
            text(out, Layout::margin + 10, y + 10, "keine", "font-size=\"9.5\"");
            return y + 14;
        }
        for (const auto& d : t_.deadlines) {
            text(out, Layout::margin + 10, y + 10, german(d.date), "font-size=\"9.5\" font-weight=\"bold\"");
            text(out, Layout::margin + 86, y + 10, "noch " + std::to_string(d.days_left) + (d.days_left == 1 ? " Tag" : " Tage"),
                 "font-size=\"9.5\"");
            auto lines = wrap(d.what, Layout::width - 2 * Layout::margin - 180, 95);
            for (std::size_t l = 0; l < lines.size(); ++l)
                text(out, Layout::margin + 180, y + 10 + static_cast<int>(l) * 12, lines[l], "font-size=\"9.5\"");
            y += static_cast<int>(lines.size()) * 12 + 2;
        }
        return y;
    }

    const Timeline& t_;
    std::int64_t span_ = 1;
    int axis_top_ = 0;
    std::vector<std::pair<DayNumber, int>> marker_numbers_;
};

}  // namespace

std::string timeline_svg(const Timeline& t) { return SvgWriter(t).render(); }

}  // namespace klappt
