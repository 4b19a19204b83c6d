#include "dsl/diagnostic.hpp"

#include <algorithm>

namespace klappt {

namespace {

constexpr std::size_t kExcerptWidth = 120;  // code points of a source line shown before it is cut

const char* severity_word(Severity s) {
    switch (s) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::note: return "note";
    }
    return "error";
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Splits a line into code points (as byte ranges) so that cutting and caret
// placement never split a UTF-8 sequence.
std::vector<std::string_view> code_points(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        std::size_t j = i + 1;
        while (j < line.size() && is_continuation(static_cast<unsigned char>(line[j]))) ++j;
        out.push_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

// How a code point of a source line is shown in an excerpt: a NUL byte as ␀ and bytes that
// are not UTF-8 (a Windows-1252 „ü“) as �, so the message on the terminal stays readable UTF-8.
std::string_view shown(std::string_view cp) {
    auto lead = static_cast<unsigned char>(cp[0]);
    if (lead == 0) return "\xE2\x90\x80";
    if (cp == "\t" || cp == "\r") return " ";
    if (lead < 0x80) return cp;
    std::size_t expected = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
    return cp.size() == expected ? cp : std::string_view("\xEF\xBF\xBD");
}

void render_location(std::string& out, Severity severity, const SourceRef& source, Span span,
                     const std::string& message, bool has_location) {
    if (!source) {
        out += std::string(severity_word(severity)) + ": " + message + "\n";
        return;
    }
    if (!has_location) {
        out += source->name() + ": " + severity_word(severity) + ": " + message + "\n";
        return;
    }
    LineColumn at = source->position(span.begin);
    out += source->name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
           severity_word(severity) + ": " + message + "\n";

    auto cps = code_points(source->line_text(at.line));
    std::size_t caret = at.column - 1;
    std::size_t width = 1;
    if (span.end > span.begin) {
        LineColumn stop = source->position(span.end);
        width = stop.line == at.line ? std::max<std::size_t>(1, stop.column - at.column) : cps.size() - std::min(caret, cps.size());
        width = std::max<std::size_t>(1, width);
    }
    // Cut long lines around the caret.
    std::size_t first = 0;
    if (cps.size() > kExcerptWidth && caret > kExcerptWidth / 2) first = std::min(caret - kExcerptWidth / 2, cps.size() - kExcerptWidth);
    std::size_t last = std::min(cps.size(), first + kExcerptWidth);
    std::string excerpt = first > 0 ? "…" : "";
    std::string marker = first > 0 ? " " : "";
    for (std::size_t i = first; i < last; ++i) {
        excerpt += shown(cps[i]);
    }
    if (last < cps.size()) excerpt += "…";
    for (std::size_t i = first; i < caret && i < last; ++i) marker += ' ';
    marker += '^';
    std::size_t room = last > caret ? last - caret : 1;
    for (std::size_t i = 1; i < std::min(width, room); ++i) marker += '~';
    out += "  " + excerpt + "\n";
    out += "  " + marker + "\n";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

}  // namespace

Diagnostic& Diagnostics::error(SourceRef source, Span span, std::string message) {
    ++error_count_;
    return items_.emplace_back(Diagnostic{Severity::error, std::move(source), span, std::move(message), {}, true, std::nullopt, {}});
}

Diagnostic& Diagnostics::warning(SourceRef source, Span span, std::string message) {
    return items_.emplace_back(Diagnostic{Severity::warning, std::move(source), span, std::move(message), {}, true, std::nullopt, {}});
}

Diagnostic& Diagnostics::file_error(SourceRef source, std::string message) {
    ++error_count_;
    return items_.emplace_back(Diagnostic{Severity::error, std::move(source), {}, std::move(message), {}, false, std::nullopt, {}});
}

Diagnostic& Diagnostics::general_error(std::string message) {
    ++error_count_;
    return items_.emplace_back(Diagnostic{Severity::error, nullptr, {}, std::move(message), {}, false, std::nullopt, {}});
}

std::size_t Diagnostics::warning_count() const {
    return static_cast<std::size_t>(
        std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::warning; }));
}

void Diagnostics::append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
    error_count_ += other.error_count_;
}

std::string render(const Diagnostic& d) {
    std::string out;
    render_location(out, d.severity, d.source, d.span, d.message, d.has_location);
    for (const auto& n : d.notes) render_location(out, Severity::note, n.source, n.span, n.message, true);
    return out;
}

std::string render(const Diagnostics& ds) {
    std::string out;
    for (const auto& d : ds.items()) out += render(d);
    return out;
}

std::string closest_name(const std::string& name, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(1, std::min<std::size_t>(3, name.size() / 3 + 1));
    for (const auto& c : candidates) {
        if (c == name) continue;
        std::size_t d = edit_distance(name, c);
        if (d < best_distance || (d == best_distance && best.empty())) {
            if (d <= best_distance) {
                best = c;
                best_distance = d;
            }
        }
    }
    return best;
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
    std::string best = closest_name(name, candidates);
    return best.empty() ? std::string() : "; meinten Sie „" + best + "“?";
}

}  // namespace klappt
