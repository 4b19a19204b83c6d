#include "message_templates.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "support/golden.hpp"

namespace klappt::testing {

namespace fs = std::filesystem;

const std::vector<Forwarder>& forwarders() {
    static const std::vector<Forwarder> all = {
        // Checker::coerce(node, target, span, what): "WHAT: erwartet T, gefunden U"
        {"coerce", "{-1}: erwartet .*, gefunden .*"},
        // Checker::arity(e, scope, name, what): "NAME(…) erwartet WHAT"
        {"arity", ".*\\(…\\) erwartet {-1}"},
        // check_templates' misplaced(templates, what, why): "„WHAT“ WHY"
        {"misplaced", "„{-2}“ {-1}"},
        // comprehension's need_body(what): "NAME(x in liste: …) braucht nach „:“ WHAT"
        {"need_body", ".*\\(.* in liste: …\\) braucht nach „:“ {0}"},
        // resolve_case_inputs' resolve(name, what, …): "WHAT: das Regelwerk deklariert keine Eingabe …"
        // or "WHAT „name“ hat den falschen Typ T"
        {"resolve", "{1}(: das Regelwerk deklariert keine Eingabe| „).*"},
        // Checker::declare_global(index, declared, name, module, span, what): "WHAT „name“ ist doppelt definiert"
        {"declare_global", "{-1} „.*“ ist doppelt definiert"},
        // the grammar's run(source, offset, rule, attribute, diagnostics, limits, what): "erwartet WHAT, gefunden …"
        {"run", "erwartet {-1}, gefunden .*"},
    };
    return all;
}

namespace {

bool is_ident(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

// Index just past the string or character literal starting at `i` (code[i] is `"` or `'`).
std::size_t past_literal(std::string_view code, std::size_t i) {
    char quote = code[i];
    for (++i; i < code.size() && code[i] != quote; ++i)
        if (code[i] == '\\') ++i;
    return std::min(code.size(), i + 1);
}

// A `'` that opens a character literal, not a digit separator (1'000'000).
bool opens_char_literal(std::string_view code, std::size_t i) { return code[i] == '\'' && !(i > 0 && is_ident(code[i - 1])); }

// The code with every comment replaced by spaces (offsets and lines stay where they were).
std::string without_comments(std::string_view code) {
    std::string out(code);
    for (std::size_t i = 0; i < out.size();) {
        if (out[i] == '"' || opens_char_literal(out, i)) {
            i = past_literal(out, i);
        } else if (out.compare(i, 2, "//") == 0) {
            while (i < out.size() && out[i] != '\n') out[i++] = ' ';
        } else if (out.compare(i, 2, "/*") == 0) {
            std::size_t end = out.find("*/", i + 2);
            end = end == std::string::npos ? out.size() : end + 2;
            for (; i < end; ++i)
                if (out[i] != '\n') out[i] = ' ';
        } else {
            ++i;
        }
    }
    return out;
}

// The index of the bracket closing the one at `open`, or npos.
std::size_t closing(std::string_view code, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < code.size();) {
        char c = code[i];
        if (c == '"' || opens_char_literal(code, i)) {
            i = past_literal(code, i);
            continue;
        }
        if (c == '(' || c == '[' || c == '{') ++depth;
        if (c == ')' || c == ']' || c == '}') {
            if (--depth == 0) return i;
        }
        ++i;
    }
    return std::string_view::npos;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Splits at `separator` outside brackets and literals.
std::vector<std::string_view> split_top(std::string_view code, char separator) {
    std::vector<std::string_view> out;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < code.size();) {
        char c = code[i];
        if (c == '"' || opens_char_literal(code, i)) {
            i = past_literal(code, i);
            continue;
        }
        if (c == '(' || c == '[' || c == '{') ++depth;
        if (c == ')' || c == ']' || c == '}') --depth;
        if (c == separator && depth == 0) {
            out.push_back(trim(code.substr(start, i - start)));
            start = i + 1;
        }
        ++i;
    }
    out.push_back(trim(code.substr(start)));
    return out;
}

// The text of a term made only of adjacent string literals ("a" "b"), unescaped; else nothing.
std::optional<std::string> literal_only(std::string_view term) {
    term = trim(term);
    if (term.empty() || term.front() != '"') return std::nullopt;
    std::string out;
    std::size_t i = 0;
    while (i < term.size()) {
        if (std::isspace(static_cast<unsigned char>(term[i]))) {
            ++i;
            continue;
        }
        if (term[i] != '"') return std::nullopt;
        std::size_t end = past_literal(term, i);
        for (std::size_t j = i + 1; j + 1 < end; ++j) {
            if (term[j] == '\\' && j + 2 < end) {
                char e = term[++j];
                out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
            } else {
                out += term[j];
            }
        }
        i = end;
    }
    return out;
}

// One term of a message: a literal, alternatives (a ternary of two literals), or a hole.
struct Term {
    bool hole = false;
    std::vector<std::string> alternatives;
};

Term term_of(std::string_view term) {
    term = trim(term);
    if (auto text = literal_only(term)) return {false, {*text}};
    for (std::string_view wrapper : {"std::string(", "std::string_view(", "("}) {
        if (term.substr(0, wrapper.size()) != wrapper || term.back() != ')') continue;
        std::size_t open = wrapper.size() - 1;
        if (closing(term, open) != term.size() - 1) continue;
        std::string_view inner = term.substr(open + 1, term.size() - open - 2);
        if (auto text = literal_only(inner)) return {false, {*text}};
        if (wrapper != "(") continue;
        // (condition ? "a" : "b")
        auto question = split_top(inner, '?');
        if (question.size() != 2) continue;
        std::string_view branches = question[1];
        std::size_t colon = std::string_view::npos;
        for (std::size_t i = 0; i < branches.size(); ++i) {
            if (branches[i] == '"') {
                i = past_literal(branches, i) - 1;
                continue;
            }
            if (branches[i] == ':' && (i + 1 >= branches.size() || branches[i + 1] != ':') && (i == 0 || branches[i - 1] != ':')) {
                colon = i;
                break;
            }
        }
        if (colon == std::string_view::npos) continue;
        auto a = literal_only(branches.substr(0, colon));
        auto b = literal_only(branches.substr(colon + 1));
        if (a && b) return {false, {*a, *b}};
    }
    return {true, {}};
}

std::string regex_escaped(const std::string& text) {
    static const std::string special = "\\^$.|?*+()[]{}";
    std::string out;
    for (char c : text) {
        if (special.find(c) != std::string::npos) out += '\\';
        out += c;
    }
    return out;
}

// A message expression as its variants: each a display text ({} for holes) and a regex.
struct Variant {
    std::string text, pattern;
    bool has_literal = false;
    bool ends_in_hole = false;
};

std::vector<Variant> variants_of(std::string_view expression) {
    std::vector<Variant> out{Variant{}};
    for (std::string_view piece : split_top(expression, '+')) {
        if (piece.empty()) continue;
        Term t = term_of(piece);
        if (t.hole) {
            for (auto& v : out) {
                if (!v.ends_in_hole) {
                    v.text += "{}";
                    v.pattern += ".*";
                }
                v.ends_in_hole = true;
            }
            continue;
        }
        std::vector<Variant> next;
        for (const auto& v : out)
            for (const auto& alternative : t.alternatives) {
                Variant w = v;
                w.text += alternative;
                w.pattern += regex_escaped(alternative);
                w.has_literal = w.has_literal || !alternative.empty();
                w.ends_in_hole = w.ends_in_hole && alternative.empty();
                next.push_back(w);
            }
        out = std::move(next);
    }
    return out;
}

std::uint32_t line_of(std::string_view code, std::size_t offset) {
    return 1 + static_cast<std::uint32_t>(std::count(code.begin(), code.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Every call `name(` (as a whole word) with the offset of its `(`.
std::vector<std::size_t> calls_of(std::string_view code, std::string_view name) {
    std::vector<std::size_t> out;
    for (std::size_t at = code.find(name); at != std::string_view::npos; at = code.find(name, at + 1)) {
        if (at > 0 && is_ident(code[at - 1])) continue;
        std::size_t after = at + name.size();
        if (after < code.size() && is_ident(code[after])) continue;
        while (after < code.size() && std::isspace(static_cast<unsigned char>(code[after]))) ++after;
        if (after < code.size() && code[after] == '(') out.push_back(after);
    }
    return out;
}

std::vector<std::string_view> arguments(std::string_view code, std::size_t open) {
    std::size_t close = closing(code, open);
    if (close == std::string_view::npos) return {};
    return split_top(code.substr(open + 1, close - open - 1), ',');
}

void add(std::vector<MessageTemplate>& out, const std::string& where, const std::vector<Variant>& variants,
         const std::string& prefix, const std::string& suffix) {
    for (const auto& v : variants) {
        if (!v.has_literal) continue;
        out.push_back({v.text, prefix + v.pattern + suffix, {where}});
    }
}

// Variants of a forwarder call: {N} in the pattern replaced by argument N's variants.
std::vector<Variant> forwarded(const Forwarder& f, const std::vector<std::string_view>& args) {
    std::vector<Variant> out{Variant{"", f.pattern, false, false}};
    std::string pattern = f.pattern;
    for (int n = -3; n < 10; ++n) {
        std::string key = "{" + std::to_string(n) + "}";
        if (pattern.find(key) == std::string::npos) continue;
        auto count = static_cast<int>(args.size());
        int index = n < 0 ? count + n : n;  // {-1}: the last argument
        if (index < 0 || index >= count) return {};
        auto arg = variants_of(args[static_cast<std::size_t>(index)]);
        std::vector<Variant> next;
        for (const auto& v : out)
            for (const auto& a : arg) {
                if (!a.has_literal) continue;
                Variant w = v;
                auto at = w.pattern.find(key);
                w.pattern.replace(at, key.size(), a.pattern);
                w.text += (w.text.empty() ? "" : " / ") + a.text;
                w.has_literal = true;
                next.push_back(w);
            }
        out = std::move(next);
    }
    for (auto& v : out) v.text = std::string(f.function) + "(…): " + v.text;
    return out;
}

std::vector<fs::path> sources_under(const fs::path& directory) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::recursive_directory_iterator(directory)) {
        auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".cpp" || ext == ".hpp")) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

std::vector<MessageTemplate> message_templates_in(const std::string& file, std::string_view original) {
    std::string code = without_comments(original);
    std::vector<MessageTemplate> out;
    auto where = [&](std::size_t offset) { return file + ":" + std::to_string(line_of(code, offset)); };
    for (std::string_view reporter : {"error", "warning", "file_error", "general_error"})
        for (std::size_t open : calls_of(code, reporter)) {
            auto args = arguments(code, open);
            if (!args.empty()) add(out, where(open), variants_of(args.back()), "^", "$");
        }
    for (std::size_t open : calls_of(code, "push_back")) {
        if (open < 15 || code.substr(0, open).rfind("notes.push_back") != open - 15) continue;
        auto args = arguments(code, open);
        if (args.size() != 1 || args[0].empty() || args[0].front() != '{') continue;
        auto inner = split_top(args[0].substr(1, args[0].size() - 2), ',');
        add(out, where(open), variants_of(inner.back()), "^", "$");
    }
    for (std::size_t at = code.find("message +="); at != std::string::npos; at = code.find("message +=", at + 1)) {
        std::size_t start = at + 10, end = start;
        while (end < code.size() && code[end] != ';') end = code[end] == '"' ? past_literal(code, end) : end + 1;
        auto variants = variants_of(std::string_view(code).substr(start, end - start));
        for (auto& v : variants) v.text = "{}" + v.text;
        add(out, where(at), variants, "^.*", "$");
    }
    for (const Forwarder& f : forwarders())
        for (std::size_t open : calls_of(code, f.function)) add(out, where(open), forwarded(f, arguments(code, open)), "^", "$");
    return out;
}

std::vector<MessageTemplate> message_templates(const fs::path& root, const fs::path& directory) {
    std::vector<MessageTemplate> out;
    std::map<std::string, std::size_t> index;
    for (const auto& path : sources_under(directory)) {
        std::string name = fs::relative(path, root).generic_string();
        for (auto& t : message_templates_in(name, read_file(path))) {
            auto [it, fresh] = index.emplace(t.text, out.size());
            if (fresh) out.push_back(std::move(t));
            else out[it->second].where.push_back(t.where.front());
        }
    }
    return out;
}

std::size_t forwarder_calls(const fs::path& directory, const Forwarder& forwarder) {
    std::size_t n = 0;
    for (const auto& path : sources_under(directory)) {
        std::string code = without_comments(read_file(path));
        for (std::size_t open : calls_of(code, forwarder.function))
            if (!forwarded(forwarder, arguments(code, open)).empty()) ++n;
    }
    return n;
}

}  // namespace klappt::testing
