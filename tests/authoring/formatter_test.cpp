// klappt fmt: idempotent, keeps every comment, and the formatted files are the same
// program — over every rule set in rules/, docs/examples/, tests/ and bench/, and over
// generated variants of the bundled rule files (blanks, indentation and empty lines
// shuffled), which must format back to the same text.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <sstream>
#include <utility>

#include "authoring/formatter.hpp"
#include "engine/input/rule_set_loader.hpp"

namespace fs = std::filesystem;
using namespace klappt;

namespace {

const fs::path kRoot = KLAPPT_SOURCE_DIR;

std::vector<fs::path> rule_set_dirs() {
    std::vector<fs::path> out;
    for (const char* base : {"rules", "docs/examples", "tests", "bench/workload"})
        for (auto it = fs::recursive_directory_iterator(kRoot / base); it != fs::recursive_directory_iterator(); ++it)
            if (it->is_regular_file() && it->path().filename() == "regelwerk.yaml") out.push_back(it->path().parent_path());
    if (fs::exists(kRoot / "rules" / "regelwerk.yaml")) out.push_back(kRoot / "rules");
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// Everything of a checked rule set except where it is written.
std::string fingerprint(const LoadResult& loaded) {
    std::ostringstream s;
    if (!loaded.program) {
        for (const auto& d : loaded.diagnostics.items()) s << d.message << "\n";
        return s.str();
    }
    const RuleSet& r = loaded.program->rules;
    for (const Node& n : r.nodes)
        s << int(n.op) << ',' << int(n.operand_kind) << ',' << n.type << ',' << n.a << ',' << n.b << ',' << n.c << ','
          << n.first_child << ',' << n.child_count << ',' << n.binder << ',' << n.module << ';';
    for (NodeId c : r.children) s << c << ',';
    for (const Constant& c : r.constants) s << int(c.kind) << c.a << '/' << c.b << c.text << c.none << ';';
    for (const Module& m : r.modules) {
        s << m.name << m.label << m.source << m.interpretation << '{';
        for (const Definition& d : m.definitions) {
            s << d.name << int(d.kind) << d.type << d.label << d.source << d.interpretation << d.value;
            for (auto& v : d.versions) s << v.from << v.to << v.value;
            for (auto& e : d.exceptions) s << e.label << e.source << e.interpretation << e.condition << e.value;
            // The texts people read: their literal pieces, placeholders and conditions.
            for (const TextTemplates* texts : {&d.rechenweg, &d.wenn_nicht, &d.urteil, &d.hinweis}) {
                s << '<';
                for (const TextTemplate& t : *texts) {
                    for (const auto& part : t.parts) s << '[' << part.text << '|' << part.value << '|' << int(part.use) << ']';
                    s << "when" << t.condition << ';';
                }
                s << '>';
            }
        }
        s << '}';
    }
    for (const auto& p : r.params) s << p.name << p.type << p.label << p.source << p.interpretation << ';';
    for (const auto& i : r.inputs) s << i.field.name << i.field.type << i.field.label << ';';
    for (const auto& e : r.enums) {
        s << e.name << e.label;
        for (auto& v : e.values) s << v << ',';
        for (auto& v : e.value_labels) s << v << ',';
    }
    for (const auto& rec : r.records) {
        s << rec.name << rec.label;
        for (auto& f : rec.fields) s << f.name << f.type << f.label << ',';
        for (auto& c : rec.checks) s << c.message << c.condition << ',';
    }
    return s.str();
}

std::string format_or_fail(std::string_view text) {
    std::string error;
    auto out = authoring::format_rules(text, error);
    INFO(error);
    REQUIRE(out.has_value());
    return *out;
}

// The comments of a text in order (a `#` outside strings to the end of the line).
std::vector<std::string> comments(std::string_view text) {
    std::vector<std::string> out;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"' || c == '\n') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '#') {
            std::size_t end = text.find('\n', i);
            std::string comment(text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
            comment.erase(comment.find_last_not_of(" \t\r") + 1);
            out.push_back(comment);
            i = end == std::string_view::npos ? text.size() : end;
        }
    }
    return out;
}

// A variant with the same tokens: blanks doubled or dropped next to operators, the
// indentation of declaration lines changed, trailing blanks and empty lines added.
std::string shuffle_layout(std::string_view text, std::mt19937& rng) {
    std::string out;
    std::istringstream lines{std::string(text)};
    std::string line;
    auto chance = [&](int percent) { return std::uniform_int_distribution<int>(0, 99)(rng) < percent; };
    while (std::getline(lines, line)) {
        const std::string original = line;
        std::string trimmed = line.substr(std::min(line.find_first_not_of(' '), line.size()));
        static const std::vector<std::string> canonical = {"module ", "import ", "enum ", "record ", "input ", "param ",
                                                           "let ", "rule ", "output ", "source ", "interpretation ",
                                                           "= ", "exception", "when ", "valid ", "rechenweg ",
                                                           "wenn_nicht ", "urteil ", "hinweis "};
        bool reindent = std::any_of(canonical.begin(), canonical.end(),
                                    [&](const std::string& k) { return trimmed.rfind(k, 0) == 0; });
        if (reindent && chance(50)) line = std::string(std::uniform_int_distribution<int>(0, 6)(rng), ' ') + trimmed;
        std::string changed;
        bool in_string = false, in_comment = false;
        for (std::size_t i = 0; i < line.size(); ++i) {
            char c = line[i];
            if (in_comment || (!in_string && c == '#')) {
                in_comment = true;
                changed += c;
                continue;
            }
            if (c == '"' && (i == 0 || line[i - 1] != '\\')) in_string = !in_string;
            bool leading = changed.find_first_not_of(' ') == std::string::npos;
            if (!in_string && c == ' ' && !leading && i + 1 < line.size() && line[i + 1] != '#') {
                char before = changed.empty() ? ' ' : changed.back(), after = line[i + 1];
                bool near_operator = std::string("(),:=<>+*").find(before) != std::string::npos ||
                                     std::string("(),:=<>+*").find(after) != std::string::npos;
                bool near_brace = before == '{' || after == '}' || before == '-' || after == '-';
                if (near_operator && !near_brace && chance(30)) continue;  // drop the blank
                if (chance(20)) changed += "  ";                          // more blanks
            }
            changed += c;
        }
        if (chance(10)) changed += "   ";
        out += changed + "\n";
        if (original.empty() && chance(30)) out += "\n\n";  // more empty lines where there is one
    }
    return out;
}

}  // namespace

TEST_CASE("fmt: idempotent, comments kept, the same program, over every rule set", "[fmt]") {
    for (const auto& dir : rule_set_dirs()) {
        DYNAMIC_SECTION(dir.lexically_relative(kRoot).string()) {
            Diagnostics diagnostics;
            auto sources = collect_rule_set(dir, diagnostics);
            REQUIRE(sources);
            RuleSetSources formatted = *sources;
            formatted.rule_files.clear();
            for (const auto& file : sources->rule_files) {
                std::string error;
                auto once = authoring::format_rules(file->text(), error);
                if (!once) continue;  // an unclosed string: fmt leaves the file alone
                CHECK(format_or_fail(*once) == *once);
                CHECK(comments(file->text()) == comments(*once));
                formatted.rule_files.push_back(std::make_shared<SourceFile>(file->name(), *once));
            }
            if (formatted.rule_files.size() != sources->rule_files.size()) continue;
            CHECK(fingerprint(load_rule_set(*sources, dir)) == fingerprint(load_rule_set(formatted, dir)));
        }
    }
}

TEST_CASE("fmt: generated layouts of the bundled rules format back to the same text", "[fmt]") {
    std::mt19937 rng(14);
    Diagnostics diagnostics;
    auto sources = collect_rule_set(kRoot / "rules", diagnostics);
    REQUIRE(sources);
    for (const auto& file : sources->rule_files) {
        std::string expected = format_or_fail(file->text());
        for (int round = 0; round < 5; ++round) {
            std::string variant = shuffle_layout(file->text(), rng);
            INFO(file->name() << " round " << round << "\n" << variant);
            CHECK(format_or_fail(variant) == expected);
        }
    }
}

TEST_CASE("fmt: the canonical layout of a small file", "[fmt]") {
    std::string in =
        "module  m \"M\"\n   source \"S\"\n\n\n\ninput x:int   # a comment\n"
        "let a : int=x+1\nrule  r \"R\"\n      = a>=18 and not(x==2)\n"
        "  exception \"E\" source \"Q\"\n interpretation \"I\"\n  when x<0=>true\n"
        "record R {\n      feld: int\n}\noutput o = f(x, on: -1)   \n\n";
    std::string expected =
        "module m \"M\"\n  source \"S\"\n\ninput x: int  # a comment\n"
        "let a: int = x + 1\nrule r \"R\"\n  = a >= 18 and not (x == 2)\n"
        "  exception \"E\" source \"Q\"\n    interpretation \"I\"\n    when x < 0 => true\n"
        "record R {\n  feld: int\n}\noutput o = f(x, on: -1)\n";
    CHECK(format_or_fail(in) == expected);
}

TEST_CASE("fmt: the texts people read (rechenweg, wenn_nicht, urteil, hinweis … when …)", "[fmt]") {
    // Indented like `source`, a blank around `when` and in its condition; the text itself,
    // placeholders included, is the author's and stays exactly as written.  Each line of the
    // input with the line it must become:
    const std::pair<const char*, const char*> lines[] = {
        {"let betrag: money \"Betrag\"\n", "let betrag: money \"Betrag\"\n"},
        {"      rechenweg   \"{stunden}×{satz} = {betrag}\"   when stunden>0\n",
         "  rechenweg \"{stunden}×{satz} = {betrag}\" when stunden > 0\n"},
        {"rechenweg \"{ rechenweg(satz) }\"\n", "  rechenweg \"{ rechenweg(satz) }\"\n"},
        {"  = 1 €\n", "  = 1 €\n"},
        {"rule r \"R\"\n", "rule r \"R\"\n"},
        {"wenn_nicht \"nicht {code(m.baustein)}\" when x==1\n",
         "  wenn_nicht \"nicht {code(m.baustein)}\" when x == 1\n"},
        {"    wenn_nicht \"nicht erfüllt\"\n", "  wenn_nicht \"nicht erfüllt\"\n"},
        {" hinweis  \"Hinweis {{ohne}} Platzhalter\"\n", "  hinweis \"Hinweis {{ohne}} Platzhalter\"\n"},
        {"  = x > 0\n", "  = x > 0\n"},
        {"output o: bool \"O\" urteil   \"ja am {stichtag}\"when r\n",
         "output o: bool \"O\" urteil \"ja am {stichtag}\" when r\n"},
        {"   urteil \"nein\"\n", "  urteil \"nein\"\n"},
        {"  = r\n", "  = r\n"},
    };
    std::string in, expected;
    for (const auto& [line, formatted] : lines) {
        in += line;
        expected += formatted;
    }
    std::string once = format_or_fail(in);
    CHECK(once == expected);
    CHECK(format_or_fail(once) == once);
}
