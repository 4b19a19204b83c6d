#include "authoring/formatter.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "dsl/source.hpp"

namespace klappt::authoring {

namespace {

enum class Kind { name, number, string, comment, punct };

struct Token {
    Kind kind;
    std::string text;
    std::size_t column = 0;        // code points from the line start (for comments)
    bool space_before = false;     // as written
};

struct Line {
    std::size_t indent = 0;  // as written, in code points
    std::vector<Token> tokens;
};

const std::set<std::string> kDeclarations = {"module", "import", "enum", "record", "input",
                                             "param",  "let",    "rule", "output"};
// The lines that describe a declaration: its source and interpretation, and the texts people
// read (`rechenweg`, `wenn_nicht`, `urteil`, `hinweis`, each with an optional `when`), and which
// value of an output is the better one (`besser`).
const std::set<std::string> kMeta = {"source", "interpretation", "rechenweg", "wenn_nicht", "urteil", "hinweis", "besser"};
const std::set<std::string> kWordOperators = {"and", "or", "not", "in", "is", "if", "then", "else", "where"};
const std::vector<std::string> kPunct = {"==", "!=", "<=", ">=", "=>", "<", ">", "=", "+", "-", "*", "/", "(",
                                         ")",  "{",  "}",  "[",  "]",  ",", ":", ".", "?", "%", "€"};

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool split_lines(std::string_view text, std::vector<Line>& lines, std::string& error) {
    for (std::string_view raw : text_lines(text)) {
        Line line;
        std::size_t i = 0;
        while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) line.indent += raw[i++] == '\t' ? 4 : 1;
        bool space = false;
        while (i < raw.size()) {
            char c = raw[i];
            if (c == ' ' || c == '\t') {
                space = true;
                ++i;
                continue;
            }
            Token t;
            t.space_before = space;
            t.column = code_points(raw.substr(0, i));
            space = false;
            if (c == '#') {
                t.kind = Kind::comment;
                t.text = std::string(raw.substr(i));
                std::size_t keep = t.text.find_last_not_of(" \t");
                t.text.resize(keep + 1);
                i = raw.size();
            } else if (c == '"') {
                std::size_t j = i + 1;
                while (j < raw.size() && raw[j] != '"') j += raw[j] == '\\' ? 2 : 1;
                if (j >= raw.size()) {
                    error = "Zeichenkette nicht geschlossen in Zeile " + std::to_string(lines.size() + 1);
                    return false;
                }
                t.kind = Kind::string;
                t.text = std::string(raw.substr(i, j + 1 - i));
                i = j + 1;
            } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                std::size_t j = i;
                while (j < raw.size() && (std::isalnum(static_cast<unsigned char>(raw[j])) || raw[j] == '_')) ++j;
                t.kind = Kind::name;
                t.text = std::string(raw.substr(i, j - i));
                i = j;
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                auto digits = [&](std::size_t from, std::size_t n) {
                    if (from + n > raw.size()) return false;
                    for (std::size_t k = from; k < from + n; ++k)
                        if (!std::isdigit(static_cast<unsigned char>(raw[k]))) return false;
                    return true;
                };
                std::size_t j = i;
                if (digits(i, 4) && i + 10 <= raw.size() && raw[i + 4] == '-' && digits(i + 5, 2) && raw[i + 7] == '-' &&
                    digits(i + 8, 2)) {
                    j = i + 10;  // a date
                } else {
                    while (j < raw.size() && (std::isdigit(static_cast<unsigned char>(raw[j])) || raw[j] == '.')) ++j;
                }
                t.kind = Kind::number;
                t.text = std::string(raw.substr(i, j - i));
                i = j;
            } else {
                t.kind = Kind::punct;
                bool found = false;
                for (const auto& p : kPunct)
                    if (raw.substr(i, p.size()) == p) {
                        t.text = p;
                        i += p.size();
                        found = true;
                        break;
                    }
                if (!found) {  // anything else (a stray character): kept as it is
                    std::size_t j = i + 1;
                    while (j < raw.size() && (static_cast<unsigned char>(raw[j]) & 0xC0) == 0x80) ++j;
                    t.text = std::string(raw.substr(i, j - i));
                    i = j;
                }
            }
            line.tokens.push_back(std::move(t));
        }
        lines.push_back(std::move(line));
    }
    return true;
}

bool is_open(const Token& t) { return t.kind == Kind::punct && (t.text == "(" || t.text == "[" || t.text == "{"); }
bool is_close(const Token& t) { return t.kind == Kind::punct && (t.text == ")" || t.text == "]" || t.text == "}"); }


// Whether a `-` here is a sign (after an operator, an opening bracket, a comma, a keyword or at the start).
bool unary_position(const Token* prev) {
    if (!prev) return true;
    if (prev->kind == Kind::punct) return prev->text != ")" && prev->text != "]" && prev->text != "}" && prev->text != "%" &&
                                           prev->text != "€" && prev->text != "?";
    if (prev->kind == Kind::name) return kWordOperators.count(prev->text) > 0 || kDeclarations.count(prev->text) > 0;
    return false;
}

// The canonical space between two tokens of one line.
bool space_between(const Token& prev, const Token& next, const Token* before_prev) {
    if (next.kind == Kind::comment) return true;
    const std::string &p = prev.text, &n = next.text;
    if (prev.kind == Kind::punct) {
        if (p == "(" || p == "[" || p == ".") return false;
        if (p == "{") return next.space_before && n != "}";  // `{ a, b }` and `{a, b}`: the author's choice
        if (p == "-" && unary_position(before_prev)) return false;
    }
    if (next.kind == Kind::punct) {
        if (n == "," || n == ")" || n == "]" || n == "." || n == "?" || n == ":") return false;
        if (n == "}") return next.space_before;
        if (n == "(" || n == "[") {
            // a call `f(` or `list[`; after a keyword or operator a blank
            if (prev.kind == Kind::name) return kWordOperators.count(p) > 0 || kDeclarations.count(p) > 0 ||
                                                kMeta.count(p) > 0 || p == "when" || p == "exception";
            return prev.kind != Kind::punct || p != "(";
        }
        if (n == "%" || n == "€") return true;
    }
    return true;
}

std::string render_line(const Line& line, std::size_t indent) {
    std::string out(indent, ' ');
    std::size_t width = indent;
    for (std::size_t i = 0; i < line.tokens.size(); ++i) {
        const Token& t = line.tokens[i];
        if (i > 0) {
            const Token& prev = line.tokens[i - 1];
            const Token* before = i > 1 ? &line.tokens[i - 2] : nullptr;
            if (t.kind == Kind::comment) {
                // Keep the comment's column when there is room (aligned comments stay aligned).
                std::size_t gap = t.column > width ? t.column - width : 1;
                if (!t.space_before) gap = 1;
                out.append(std::max<std::size_t>(gap, 1), ' ');
                width += std::max<std::size_t>(gap, 1);
                out += t.text;
                width += code_points(t.text);
                continue;
            }
            if (space_between(prev, t, before)) {
                out += ' ';
                ++width;
            }
        }
        out += t.text;
        width += code_points(t.text);
    }
    return out;
}

}  // namespace

std::optional<std::string> format_rules(std::string_view text, std::string& error) {
    std::vector<Line> lines;
    if (!split_lines(text, lines, error)) return std::nullopt;

    std::string out;
    std::vector<std::pair<std::string, bool>> brackets;  // open brackets; bool: a declaration body (record/enum)
    bool in_exception = false;                            // between `exception` and its `=>`
    bool blank_pending = false, any_line = false;
    for (const Line& line : lines) {
        if (line.tokens.empty()) {
            blank_pending = any_line;
            continue;
        }
        const Token& first = line.tokens.front();
        std::size_t indent = line.indent;
        bool top = brackets.empty();
        if (first.kind == Kind::comment) {
            // a comment line keeps its indentation
        } else if (top && first.kind == Kind::name && kDeclarations.count(first.text)) {
            indent = 0;
            in_exception = false;
        } else if (top && first.kind == Kind::name && first.text == "exception") {
            indent = 2;
            in_exception = true;
        } else if (top && first.kind == Kind::name && kMeta.count(first.text)) {
            indent = in_exception ? 4 : 2;
        } else if (top && first.kind == Kind::name && first.text == "when") {
            indent = 4;
        } else if (top && first.kind == Kind::name && first.text == "valid") {
            indent = 2;
            in_exception = false;
        } else if (top && first.kind == Kind::punct && first.text == "=") {
            indent = 2;
        } else if (!top && brackets.back().second) {
            // The fields and checks of a record, the values of an enum; their continuation lines keep theirs.
            // A lever field starts with `hebel` (`hebel eintritt: date …`).
            bool lever = first.text == "hebel" && line.tokens.size() > 2 && line.tokens[1].kind == Kind::name &&
                         line.tokens[2].text == ":";
            bool field = first.kind == Kind::name &&
                         (first.text == "check" || lever || line.tokens.size() == 1 ||
                          (line.tokens[1].kind == Kind::punct && line.tokens[1].text == ":") ||
                          (line.tokens[1].kind == Kind::string) || line.tokens[1].text == ",");
            if (is_close(first) && line.tokens.size() == 1) indent = 0;
            else if (field) indent = 2;
        }
        // No empty line inside a declaration: before its continuation lines the blank goes.
        bool continuation = top && first.kind != Kind::comment && !(first.kind == Kind::name && kDeclarations.count(first.text));
        if (blank_pending && !continuation) out += "\n";
        blank_pending = false;
        any_line = true;
        std::string rendered = render_line(line, indent);
        rendered.erase(rendered.find_last_not_of(' ') + 1);
        out += rendered + "\n";

        // Brackets opened and closed on this line, for the next.
        bool declaration_line = top && first.kind == Kind::name && (first.text == "record" || first.text == "enum");
        for (const Token& t : line.tokens) {
            if (is_open(t)) brackets.push_back({t.text, declaration_line && t.text == "{" && brackets.empty()});
            else if (is_close(t) && !brackets.empty()) brackets.pop_back();
            else if (t.kind == Kind::punct && t.text == "=>") in_exception = false;
        }
    }
    return out;
}

}  // namespace klappt::authoring
