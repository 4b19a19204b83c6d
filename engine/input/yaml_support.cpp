#include "engine/input/yaml_support.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "dsl/limits.hpp"
#include "engine/input/text_encoding.hpp"

namespace klappt::yaml_support {

namespace {

bool only_blank_or_comments(std::string_view text) {
    bool in_comment = false;
    for (char c : text) {
        if (in_comment) {
            if (c == '\n') in_comment = false;
            continue;
        }
        if (c == '#') in_comment = true;
        else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    }
    return true;
}

bool is_separator(std::string_view line) {
    if (line.substr(0, 3) != "---") return false;
    return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' || line[3] == '#';
}

// What one walk over the tree with every alias expanded finds.
struct TreeWalk {
    bool within_budget = true;                            // at most `budget` nodes
    YAML::Mark last_scalar = YAML::Mark::null_mark();     // the scalar that starts last in the text
};

// Walks the expanded tree with an explicit stack and stops at the budget, so an alias bomb
// costs at most `budget` steps.
TreeWalk walk_tree(const YAML::Node& root, std::size_t budget) {
    TreeWalk walk;
    std::vector<YAML::Node> stack{root};
    std::size_t seen = 0;
    while (!stack.empty()) {
        YAML::Node n = stack.back();
        stack.pop_back();
        if (++seen > budget) {
            walk.within_budget = false;
            return walk;
        }
        if (n.IsMap()) {
            for (auto it = n.begin(); it != n.end(); ++it) stack.push_back(it->first), stack.push_back(it->second);
        } else if (n.IsSequence()) {
            for (auto it = n.begin(); it != n.end(); ++it) stack.push_back(*it);
        } else if (n.IsScalar() && (walk.last_scalar.is_null() || n.Mark().pos > walk.last_scalar.pos)) {
            walk.last_scalar = n.Mark();
        }
    }
    return walk;
}

// The offset in `text` of a quote that opens the last scalar and is never closed, or nullopt.
// yaml-cpp reads such a text to the end of the document: `fall: "X-1` swallows every line
// after it, and the person would read „Pflichtfeld „stichtag“ fehlt“ about a line that is there.
std::optional<std::size_t> unclosed_quote(std::string_view text, const YAML::Mark& last_scalar) {
    if (last_scalar.is_null() || static_cast<std::size_t>(last_scalar.pos) >= text.size()) return std::nullopt;
    auto at = static_cast<std::size_t>(last_scalar.pos);
    char quote = text[at];
    if (quote != '"' && quote != '\'') return std::nullopt;
    for (std::size_t i = at + 1; i < text.size(); ++i) {
        if (quote == '"' && text[i] == '\\') {
            ++i;  // an escape: \" does not close
        } else if (text[i] == quote) {
            if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;  // '' is a quote inside '…'
            else return std::nullopt;
        }
    }
    return at;
}

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

// `  - key:` at the start of a line: the position after the key's colon, or npos.
std::size_t after_key(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    if (i + 1 < line.size() && line[i] == '-' && line[i + 1] == ' ') {
        i += 2;
        while (i < line.size() && line[i] == ' ') ++i;
    }
    std::size_t key = i;
    while (i < line.size() && is_key_char(line[i])) ++i;
    if (i == key || i >= line.size() || line[i] != ':') return std::string_view::npos;
    return i + 1;
}

// The file offset of the first NUL byte or byte-order mark in `doc` (a mark is allowed only
// at the very start of the file), or nullopt.
std::optional<std::uint32_t> stray_byte(const Document& doc) {
    std::size_t nul = doc.text.find('\0');
    std::size_t bom = doc.text.find(kUtf8Bom, doc.offset == 0 ? 1 : 0);
    std::size_t first = std::min(nul, bom);
    if (first == std::string_view::npos) return std::nullopt;
    return static_cast<std::uint32_t>(doc.offset + first);
}

}  // namespace

std::optional<SyntaxHint> yaml_syntax_hint(std::string_view text, std::uint32_t error_line) {
    std::vector<std::string_view> lines = text_lines(text);
    if (error_line >= lines.size()) return std::nullopt;
    // `altersausnahme: Begründung: Einzelfall` — a colon and a blank inside a value without quotes.
    std::string_view line = lines[error_line];
    std::size_t value = after_key(line);
    if (value != std::string_view::npos && value < line.size() && line[value] == ' ') {
        std::size_t start = line.find_first_not_of(' ', value);
        if (start != std::string_view::npos && line[start] != '"' && line[start] != '\'' &&
            line.find(": ", start) != std::string_view::npos) {
            std::string_view key = line.substr(0, value);
            std::string_view rest = line.substr(start);
            std::size_t comment = rest.find(" #");
            if (comment != std::string_view::npos) rest = rest.substr(0, comment);
            std::string key_text(key.substr(key.find_first_not_of(" -")));
            return SyntaxHint{error_line, static_cast<std::uint32_t>(start),
                              "der Wert enthält „: “ – Text mit Doppelpunkt in Anführungszeichen setzen: „" + key_text +
                                  " \"" + std::string(rest) + "\"“"};
        }
    }
    // `fall:RKN-1` — no blank after the colon, so YAML reads one text instead of a key and a value;
    // the error shows only on a later line.
    for (std::uint32_t back = 0; back <= 3 && back <= error_line; ++back) {
        std::string_view l = lines[error_line - back];
        std::size_t after = after_key(l);
        if (after == std::string_view::npos || after >= l.size() || l[after] == ' ' || l[after] == ':') continue;
        std::string_view written = l.substr(l.find_first_not_of(" -"));
        std::size_t colon = written.find(':');
        std::string fixed = std::string(written.substr(0, colon + 1)) + " " + std::string(written.substr(colon + 1));
        return SyntaxHint{error_line - back, static_cast<std::uint32_t>(after - 1),
                          "nach „" + std::string(written.substr(0, colon + 1)) + "“ fehlt ein Leerzeichen: „" + fixed +
                              "“ schreiben"};
    }
    return std::nullopt;
}

std::optional<SyntaxHint> open_quote_hint(std::string_view text, std::uint32_t error_line, const std::string& error) {
    std::vector<std::string_view> lines = text_lines(text);
    for (std::uint32_t n = std::min<std::uint32_t>(error_line + 1, static_cast<std::uint32_t>(lines.size())); n-- > 0;) {
        std::string_view line = lines[n];
        std::size_t value = after_key(line);
        if (value == std::string_view::npos) {  // `- "text` in a list
            std::size_t dash = line.find_first_not_of(' ');
            if (dash == std::string_view::npos || line.substr(dash, 2) != "- ") continue;
            value = dash + 1;
        }
        std::size_t start = line.find_first_not_of(' ', value);
        if (start == std::string_view::npos || (line[start] != '"' && line[start] != '\'')) continue;
        char quote = line[start];
        bool closed = false;
        for (std::size_t i = start + 1; i < line.size() && !closed; ++i) {
            if (quote == '"' && line[i] == '\\') ++i;
            else if (line[i] == quote && quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'') ++i;
            else if (line[i] == quote) closed = true;
        }
        if (closed) continue;
        std::string mark(1, quote);
        return SyntaxHint{n, static_cast<std::uint32_t>(start),
                          "das Anführungszeichen „" + mark + "“ wird auf seiner Zeile nicht geschlossen: der Text läuft "
                          "in den Zeilen darunter weiter, bis YAML in Zeile " + std::to_string(error_line + 1) +
                              " meldet „" + error + "“; das schließende „" + mark + "“ ergänzen"};
    }
    return std::nullopt;
}

std::vector<Document> split_documents(std::string_view text) {
    std::vector<Document> docs;
    std::size_t start = 0, pos = 0;
    std::uint32_t line = 0, start_line = 0;
    auto flush = [&](std::size_t end) {
        std::string_view doc = text.substr(start, end - start);
        if (!only_blank_or_comments(doc))
            docs.push_back({doc, start_line, static_cast<std::uint32_t>(start)});
    };
    while (pos <= text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view l = text.substr(pos, eol - pos);
        if (is_separator(l)) {
            flush(pos);
            // The separator line itself may carry content after `--- ` (rare); keep it in the next document.
            start = pos + 3;
            start_line = line;
        }
        if (eol == text.size()) break;
        pos = eol + 1;
        ++line;
    }
    flush(text.size());
    return docs;
}

Span span_at(const SourceFile& file, const Document& doc, const YAML::Mark& mark) {
    if (mark.is_null()) return Span{doc.offset, doc.offset + 1};
    // Marks count from the document's own start (which may be after `---` on its line).
    std::uint32_t doc_col = file.position(doc.offset).column - 1;
    std::uint32_t line = doc.first_line + static_cast<std::uint32_t>(mark.line);
    std::uint32_t col = static_cast<std::uint32_t>(mark.column) + (mark.line == 0 ? doc_col : 0);
    std::uint32_t offset = file.line_start(line + 1) + col;
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(file.text().size()));
    return Span{offset, offset + 1};
}

std::string translate(const std::string& message) {
    static const std::map<std::string, std::string> known = {
        {"illegal map value", "unerlaubter Wert in einer Zuordnung (fehlt ein Leerzeichen nach „:“ oder ein Anführungszeichen?)"},
        {"end of map not found", "Ende der Zuordnung nicht gefunden (Einrückung prüfen)"},
        {"end of sequence not found", "Ende der Liste nicht gefunden (Einrückung prüfen)"},
        {"end of map flow not found", "„}“ fehlt"},
        {"end of sequence flow not found", "„]“ fehlt"},
        {"unknown token", "unbekanntes Zeichen"},
        {"illegal tab when looking for indentation", "Tabulator in der Einrückung (nur Leerzeichen verwenden)"},
        {"end of string not found", "Anführungszeichen nicht geschlossen"},
        {"unclosed single quote", "einfaches Anführungszeichen nicht geschlossen"},
        {"invalid escape", "ungültige Escape-Sequenz"},
        {"block sequence entries are not allowed in this context", "Listeneintrag „- “ ist hier nicht erlaubt (Einrückung prüfen)"},
        {"illegal map key", "unerlaubter Schlüssel"},
        {"unexpected character in block scalar", "unerwartetes Zeichen im Textblock"},
        // The rest of yaml-cpp's messages, so no English text reaches a caseworker.
        {"unknown escape character", "unbekannte Escape-Sequenz mit „\\“ in einem Text in \"…\"; erlaubt: \\\\ \\\" \\n \\t "
                                     "– oder den Text in '…' schreiben"},
        {"bad character found while scanning hex number", "ungültige Hexadezimalziffer in einer Escape-Sequenz (\\x, \\u)"},
        {"invalid unicode", "ungültiges Unicode-Zeichen in einer Escape-Sequenz"},
        {"illegal document indicator in scalar", "„---“ oder „...“ mitten in einem Text"},
        {"illegal EOF in scalar", "die Datei endet mitten in einem Text (Anführungszeichen nicht geschlossen?)"},
        {"illegal character in scalar", "unerlaubtes Zeichen in einem Wert"},
        {"illegal flow end", "„]“ oder „}“ ohne passende öffnende Klammer"},
        {"illegal block entry", "Listeneintrag „- “ ist hier nicht erlaubt (Einrückung prüfen)"},
        {"alias not found after *", "nach „*“ fehlt der Name eines Ankers"},
        {"anchor not found after &", "nach „&“ fehlt der Name eines Ankers"},
        {"illegal character found while scanning alias", "unerlaubtes Zeichen im Namen nach „*“"},
        {"illegal character found while scanning anchor", "unerlaubtes Zeichen im Namen nach „&“"},
        {"the referenced anchor is not defined", "der Anker nach „*“ ist nicht definiert (erst „&name“, dann „*name“)"},
        {"cannot assign multiple tags", "mehrere Tags („!“) an einem Wert"},
        {"cannot assign multiple anchors", "mehrere Anker („&“) an einem Wert"},
        {"cannot assign multiple aliases", "mehrere Verweise („*“) an einem Wert"},
        {"aliases can't have any content", "ein Verweis („*name“) darf keinen eigenen Inhalt haben"},
        {"cannot set zero indentation", "ein Textblock braucht eine Einrückung"},
        {"invalid character in single-quoted string", "unerlaubtes Zeichen in einem Text in '…'"},
        {"YAML directives", "ungültige %YAML-Direktive"},
        {"bad YAML version", "nicht unterstützte YAML-Version (erwartet %YAML 1.2 oder keine Angabe)"},
        {"YAML major version too large", "nicht unterstützte YAML-Version (erwartet %YAML 1.2 oder keine Angabe)"},
        {"repeated YAML directive", "%YAML-Direktive doppelt"},
        {"TAG directives", "ungültige %TAG-Direktive"},
        {"repeated TAG directive", "%TAG-Direktive doppelt"},
        {"illegal character found while scanning tag", "unerlaubtes Zeichen in einem Tag („!“)"},
        {"tag handle with no suffix", "Tag („!“) ohne Namen"},
        {"end of verbatim tag not found", "Tag „!<…“ nicht geschlossen"},
        {"bad file", "die Datei ist zu tief verschachtelt oder nicht lesbar (höchstens einige hundert Ebenen)"},
        {"recursion", "zu tief verschachtelt (höchstens einige hundert Ebenen)"},
        {"exceeded maximum", "zu tief verschachtelt (höchstens einige hundert Ebenen)"},
    };
    for (auto& [en, de] : known)
        if (message.rfind(en, 0) == 0) return de;
    return "YAML-Fehler: " + message;
}

std::optional<YAML::Node> parse(const SourceRef& file, const Document& doc, Diagnostics& diagnostics,
                                const std::string& context) {
    // yaml-cpp calls a NUL byte an unknown escape and a byte-order mark in the middle of the
    // file an illegal map value, at a later place; name the byte where it is.
    if (auto at = stray_byte(doc)) {
        diagnostics.error(file, Span{*at, *at + 1},
                          context + "die Datei " + text_problem(file->text().substr(*at, kUtf8Bom.size())));
        return std::nullopt;
    }
    try {
        YAML::Node root = YAML::Load(std::string(doc.text));
        // Without aliases a document has fewer nodes than bytes; anchors and aliases (`&a`,
        // `*a`) may multiply that, but only by so much (an alias bomb is refused here, before
        // any loader walks or copies the expanded tree).
        TreeWalk walk = walk_tree(root, doc.text.size() + limits::kMaxYamlAliasExpansion);
        if (!walk.within_budget) {
            diagnostics.error(file, Span{doc.offset, doc.offset + 1},
                              context + "YAML-Dokument zu groß, wenn man seine Aliase (*name) ausschreibt: mehr als " +
                                  std::to_string(limits::kMaxYamlAliasExpansion) +
                                  " Einträge über die Länge des Dokuments hinaus; Anker (&name) und Aliase sparsamer verwenden");
            return std::nullopt;
        }
        if (auto quote = unclosed_quote(doc.text, walk.last_scalar)) {
            auto at = static_cast<std::uint32_t>(doc.offset + *quote);
            std::string mark(1, doc.text[*quote]);
            bool last = doc.offset + doc.text.size() == file->text().size();
            diagnostics.error(file, Span{at, at + 1},
                              context + "YAML-Syntaxfehler: das Anführungszeichen „" + mark +
                                  "“ wird nicht geschlossen – der Text reicht bis " +
                                  (last ? "zum Ende der Datei" : "zur nächsten Zeile „---“") +
                                  " und schließt alle Zeilen danach ein; das schließende „" + mark + "“ ergänzen");
            return std::nullopt;
        }
        return root;
    } catch (const YAML::Exception& e) {
        // A missing blank after „:“ or a value with „: “ shows up as an error elsewhere; name the cause.
        if (!e.mark.is_null() && e.msg.rfind("illegal map value", 0) == 0)
            if (auto hint = yaml_syntax_hint(doc.text, static_cast<std::uint32_t>(e.mark.line))) {
                YAML::Mark at = e.mark;
                at.line = static_cast<int>(hint->line);
                at.column = static_cast<int>(hint->column);
                diagnostics.error(file, span_at(*file, doc, at), context + "YAML-Syntaxfehler: " + hint->message);
                return std::nullopt;
            }
        if (!e.mark.is_null())
            if (auto hint = open_quote_hint(doc.text, static_cast<std::uint32_t>(e.mark.line), translate(e.msg))) {
                YAML::Mark at = e.mark;
                at.line = static_cast<int>(hint->line);
                at.column = static_cast<int>(hint->column);
                diagnostics.error(file, span_at(*file, doc, at), context + "YAML-Syntaxfehler: " + hint->message);
                return std::nullopt;
            }
        diagnostics.error(file, span_at(*file, doc, e.mark), context + "YAML-Syntaxfehler: " + translate(e.msg));
    } catch (const std::exception& e) {
        diagnostics.error(file, Span{doc.offset, doc.offset + 1}, context + "YAML-Syntaxfehler");
    }
    return std::nullopt;
}

std::optional<std::string> scalar(const YAML::Node& node) {
    if (!node.IsScalar()) return std::nullopt;
    return node.Scalar();
}

std::optional<YAML::Node> duplicate_key(const YAML::Node& map) {
    if (!map.IsMap()) return std::nullopt;
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it->first.IsScalar()) continue;
        if (!seen.insert(it->first.Scalar()).second) return it->first;
    }
    return std::nullopt;
}

}  // namespace klappt::yaml_support
