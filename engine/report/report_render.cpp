// The Zwischenbilanz as text, CSV and JSON.  See report_render.hpp.
#include "engine/report/report_render.hpp"

#include "engine/base/calendar.hpp"
#include "engine/base/money.hpp"
#include "engine/render/csv_writer.hpp"
#include "engine/render/value_json.hpp"

namespace klappt {

namespace {

// Display width of UTF-8 text: code points (the labels hold no wide characters).
std::size_t width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string pad_right(const std::string& s, std::size_t w) { return s + std::string(w > width(s) ? w - width(s) : 0, ' '); }
std::string pad_left(const std::string& s, std::size_t w) { return std::string(w > width(s) ? w - width(s) : 0, ' ') + s; }

// Cuts a label to `w` code points, ending with „…“.
std::string cut(const std::string& s, std::size_t w) {
    if (width(s) <= w) return s;
    std::string out;
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80 && ++n > w - 1) break;
        out.push_back(s[i]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "…";
}

std::string check_dates(const Report& r, bool german) {
    if (!r.first_check_date) return "";
    auto show = [&](DayNumber d) {
        auto day = calendar::from_day_number(d);
        return german ? calendar::german(day) : calendar::iso(day);
    };
    if (*r.first_check_date == *r.last_check_date) return show(*r.first_check_date);
    return show(*r.first_check_date) + (german ? " bis " : "/") + show(*r.last_check_date);
}

std::string csv_cell(const std::string& s) { return klappt::csv_cell(s, ';'); }  // engine/render/csv_writer

// `text` with each `{}` replaced by the next of `numbers`.
std::string fill(const std::string& text, std::initializer_list<std::int64_t> numbers) {
    std::string out;
    auto next = numbers.begin();
    std::size_t from = 0;
    for (std::size_t at = text.find("{}"); at != std::string::npos && next != numbers.end(); at = text.find("{}", from)) {
        out += text.substr(from, at - from) + money::german_count(*next++);
        from = at + 2;
    }
    return out + text.substr(from);
}

}  // namespace

std::vector<std::string> report_notes(const Report& r) {
    std::vector<std::string> notes;
    for (std::size_t c = 0; c < r.marked_columns.size(); ++c) {
        std::int64_t marked = r.measure_total.marked[c];
        const ReportColumn& column = r.marked_columns[c];
        const std::string& note = marked == 1 ? column.note_one : column.note_many;
        if (marked > 0 && !note.empty()) notes.push_back(fill(note, {marked, r.measure_total.measures}));
    }
    return notes;
}

std::string report_text(const Report& r) {
    std::string out = r.title + "\n";
    std::string dates = check_dates(r, true);
    out += "Fälle: " + money::german_count(r.cases);
    if (!dates.empty()) out += " · Stichtag " + dates;
    if (r.invalid) out += " · nicht auswertbar: " + money::german_count(r.invalid);
    out += "\n\n";

    constexpr std::size_t label_width = 52, count_width = 7;
    out += pad_right(r.admitted_label, label_width) + pad_left(money::german_count(r.admitted), count_width) + "\n";
    for (const auto& p : r.persons)
        if (!p.by_enum) out += pad_right("  " + p.label, label_width) + pad_left(money::german_count(p.count), count_width) + "\n";
    for (const auto& p : r.persons) {
        if (!p.by_enum) continue;
        out += "\n" + p.label + "\n";
        for (const auto& row : p.rows)
            out += pad_right("  " + cut(row.label, label_width - 3), label_width) + pad_left(money::german_count(row.count), count_width) + "\n";
    }

    // The table: one row per value of the spec's enum (`nach:`).
    std::vector<std::string> headers = {"Personen"};
    for (const auto& column : r.subset_columns) headers.push_back(column.label);
    headers.push_back("Maßnahmen");
    for (const auto& l : r.sum_labels) headers.push_back(l);
    auto cells = [&](const ReportMeasureRow& row) {
        std::vector<std::string> c = {money::german_count(row.persons)};
        for (auto n : row.subsets) c.push_back(money::german_count(n));
        c.push_back(money::german_count(row.measures));
        for (auto cents : row.sums) c.push_back(money::german(cents));
        return c;
    };
    std::vector<std::size_t> widths;
    for (const auto& h : headers) widths.push_back(width(h));
    std::vector<const ReportMeasureRow*> rows;
    for (const auto& row : r.measure_rows) rows.push_back(&row);
    rows.push_back(&r.measure_total);
    for (const auto* row : rows) {
        auto c = cells(*row);
        for (std::size_t i = 0; i < c.size(); ++i) widths[i] = std::max(widths[i], width(c[i]));
    }
    constexpr std::size_t row_label = 34;
    out += "\n" + r.measures_label + "\n";
    std::string line = pad_right("  " + r.group_label, row_label);
    for (std::size_t i = 0; i < headers.size(); ++i) line += "  " + pad_left(headers[i], widths[i]);
    out += line + "\n";
    for (const auto* row : rows) {
        if (row == &r.measure_total) {
            std::size_t rule = row_label;
            for (auto w : widths) rule += 2 + w;
            out += "  " + std::string(rule - 2, '-') + "\n";
        }
        line = pad_right("  " + cut(row->label, row_label - 3), row_label);
        auto c = cells(*row);
        for (std::size_t i = 0; i < c.size(); ++i) line += "  " + pad_left(c[i], widths[i]);
        out += line + "\n";
    }
    std::vector<std::string> notes = report_notes(r);
    if (!notes.empty()) out += "\n";
    for (const auto& note : notes) out += note + "\n";
    return out;
}

std::string report_csv(const Report& r) {
    const std::string eol = "\r\n";
    std::string out = "\xEF\xBB\xBF";
    std::vector<std::string> header = {"Bereich", "Merkmal", "Schlüssel", "Personen"};
    for (const auto& column : r.subset_columns) header.push_back(column.label);
    header.push_back("Maßnahmen");
    for (const auto& l : r.sum_labels) header.push_back(l + " (EUR)");
    for (const auto& column : r.marked_columns) header.push_back(column.label);
    std::size_t columns = header.size();
    auto row = [&](std::vector<std::string> cells) {
        cells.resize(columns);
        std::string line;
        for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? ";" : "") + csv_cell(cells[i]);
        out += line + eol;
    };
    row(header);
    row({"Bericht", r.title});
    row({"Bericht", "Stichtag " + check_dates(r, true)});
    row({"Fälle", "Fälle insgesamt", "faelle", std::to_string(r.cases)});
    row({"Fälle", "nicht auswertbar", "nicht_auswertbar", std::to_string(r.invalid)});
    row({"Personen", r.admitted_label, "aufgenommen", std::to_string(r.admitted)});
    for (const auto& p : r.persons)
        if (!p.by_enum) row({"Personen", p.label, p.id, std::to_string(p.count)});
    for (const auto& p : r.persons)
        if (p.by_enum)
            for (const auto& e : p.rows) row({p.label, e.label, e.key, std::to_string(e.count)});
    auto measure = [&](const ReportMeasureRow& m) {
        std::vector<std::string> c = {r.measures_label, m.label, m.key, std::to_string(m.persons)};
        for (auto n : m.subsets) c.push_back(std::to_string(n));
        c.push_back(std::to_string(m.measures));
        for (auto cents : m.sums) c.push_back(money::german_cell(cents));
        for (auto n : m.marked) c.push_back(std::to_string(n));
        row(c);
    };
    for (const auto& m : r.measure_rows) measure(m);
    measure(r.measure_total);
    return out;
}

std::string report_json(const Report& r) {
    std::string buffer;
    JsonOut out(buffer);
    auto field = [&](const char* key, bool first = false) {
        if (!first) out.raw(", ");
        out.key(key);
        out.raw(" ");
    };
    out.raw("{");
    field("titel", true);
    out.string(r.title);
    field("faelle");
    out.raw(std::to_string(r.cases));
    field("nicht_auswertbar");
    out.raw(std::to_string(r.invalid));
    if (r.first_check_date) {
        field("stichtag_von");
        out.string(calendar::iso(calendar::from_day_number(*r.first_check_date)));
        field("stichtag_bis");
        out.string(calendar::iso(calendar::from_day_number(*r.last_check_date)));
    }
    field("aufgenommen");
    out.raw(std::to_string(r.admitted));
    field("personen");
    out.raw("[");
    for (std::size_t i = 0; i < r.persons.size(); ++i) {
        const auto& p = r.persons[i];
        if (i) out.raw(", ");
        out.raw("{");
        field("id", true);
        out.string(p.id);
        field("bezeichnung");
        out.string(p.label);
        if (!p.by_enum) {
            field("anzahl");
            out.raw(std::to_string(p.count));
        } else {
            field("werte");
            out.raw("[");
            for (std::size_t j = 0; j < p.rows.size(); ++j) {
                if (j) out.raw(", ");
                out.raw("{");
                field("wert", true);
                out.string(p.rows[j].key);
                field("bezeichnung");
                out.string(p.rows[j].label);
                field("anzahl");
                out.raw(std::to_string(p.rows[j].count));
                out.raw("}");
            }
            out.raw("]");
        }
        out.raw("}");
    }
    out.raw("]");
    auto measure = [&](const ReportMeasureRow& m, bool with_key) {
        out.raw("{");
        bool first = true;
        if (with_key) {
            field("wert", true);
            out.string(m.key);
            field("bezeichnung");
            out.string(m.label);
            first = false;
        }
        field("personen", first);
        out.raw(std::to_string(m.persons));
        for (std::size_t c = 0; c < m.subsets.size(); ++c) {
            field(r.subset_columns[c].id.c_str());
            out.raw(std::to_string(m.subsets[c]));
        }
        field("massnahmen");
        out.raw(std::to_string(m.measures));
        for (std::size_t s = 0; s < m.sums.size(); ++s) {
            field(r.sum_names[s].c_str());
            out.string(money::plain(m.sums[s]));
        }
        for (std::size_t c = 0; c < m.marked.size(); ++c) {
            field(r.marked_columns[c].id.c_str());
            out.raw(std::to_string(m.marked[c]));
        }
        out.raw("}");
    };
    field("massnahmen");
    out.raw("{");
    field("bezeichnung", true);
    out.string(r.measures_label);
    field("zeilen");
    out.raw("[");
    for (std::size_t i = 0; i < r.measure_rows.size(); ++i) {
        if (i) out.raw(", ");
        measure(r.measure_rows[i], true);
    }
    out.raw("]");
    field("summe");
    measure(r.measure_total, false);
    out.raw("}}\n");
    return buffer;
}

}  // namespace klappt
