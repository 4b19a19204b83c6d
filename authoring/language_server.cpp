#include "authoring/language_server.hpp"

#include <filesystem>
#include <set>

#include "authoring/formatter.hpp"
#include "dsl/references.hpp"
#include "engine/base/calendar.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/ruletest/rule_tests.hpp"
#include "engine/runtime/value_text.hpp"

namespace klappt::authoring {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string path_of(const std::string& uri) {
    std::string p = uri.rfind("file://", 0) == 0 ? uri.substr(7) : uri;
    std::string out;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i] == '%' && i + 2 < p.size()) {
            out += static_cast<char>(std::stoi(p.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += p[i];
        }
    }
    return fs::path(out).lexically_normal().string();
}

std::string uri_of(const std::string& path) {
    return "file://" + fs::absolute(fs::path(path)).lexically_normal().string();
}

json position(const SourceFile& file, std::uint32_t offset) {
    LineColumn at = file.position(offset);
    return {{"line", at.line - 1}, {"character", at.column - 1}};
}

json range(const SourceFile& file, Span span) {
    return {{"start", position(file, span.begin)}, {"end", position(file, std::max(span.end, span.begin))}};
}

// Byte offset of an LSP position (characters counted as code points).
std::uint32_t offset_of(const SourceFile& file, const json& pos) {
    std::uint32_t line = pos.value("line", 0u) + 1, character = pos.value("character", 0u);
    std::uint32_t at = file.line_start(line);
    std::string_view text = file.text();
    while (character > 0 && at < text.size() && text[at] != '\n') {
        ++at;
        while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
        --character;
    }
    return at;
}

std::string word_at(std::string_view text, std::uint32_t at) {
    auto part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; };
    std::size_t b = at, e = at;
    while (b > 0 && part(text[b - 1])) --b;
    while (e < text.size() && part(text[e])) ++e;
    std::string w(text.substr(b, e - b));
    while (!w.empty() && w.back() == '.') w.pop_back();
    return w;
}

// The words of the rule language an author may not know by heart, with what they do (hover
// and completion).  `call`: also a function inside a placeholder, `{rechenweg(pauschale)}`.
struct Keyword {
    const char* word;
    const char* text;      // markdown
    const char* as_call;   // when followed by `(` (inside a placeholder), or null
};

const std::vector<Keyword>& keywords() {
    static const std::vector<Keyword> list = {
        {"source", "Fundstelle in der Richtlinie: `source \"RL Nr. 1.1\"`", nullptr},
        {"interpretation", "Auslegung: eine Entscheidung der Verwaltung, wo die Richtlinie offen ist", nullptr},
        {"rechenweg",
         "**Rechenweg** eines Werts (let, output), so wie Menschen ihn lesen: `rechenweg \"{stunden} × {satz} = "
         "{betrag}\"`.  Mehrere Fassungen mit `when …`: die erste, deren Bedingung gilt, erscheint; die ohne `when` "
         "zuletzt.",
         "`{rechenweg(name)}` setzt den Rechenweg der Definition `name` ein"},
        {"wenn_nicht",
         "**Text, wenn die Regel nicht gilt** (rule, oder bool-Ausgabe mit `urteil`): `wenn_nicht \"noch "
         "schulpflichtig\"`; mit `when …` je Grund eine Fassung.",
         nullptr},
        {"urteil",
         "**Urteil** einer Ausgabe, der Satz, den die Zusammenfassung zeigt (bei bool: wenn sie gilt, sonst "
         "`wenn_nicht`).",
         nullptr},
        {"hinweis", "**Hinweis** einer Regel: erscheint in der Erklärung, wenn sie gilt.", nullptr},
        {"hebel",
         "**Hebel**: eine Angabe des Falls, die Fachkräfte beeinflussen können (`hebel eintritt: date \"Eintritt\"`). "
         "`klappt check --wege` schlägt nur Änderungen von Hebeln vor; Geburtsdatum oder Aufenthaltsstatus sind keine.",
         nullptr},
        {"besser",
         "**Besseres Ergebnis** einer Ausgabe (output): `besser true`/`besser false` (bool), `besser mehr`/`besser weniger` "
         "(Zahl, Betrag).  `klappt check --wege` sucht Wege zu diesem Wert.",
         nullptr},
        {"gruende", "", "`{gruende(regel)}` setzt die entscheidenden Gründe der Regel `regel` ein"},
        {"code", "", "`{code(wert)}` zeigt den Code eines Aufzählungswerts (F4) statt seiner Bezeichnung"},
        {"when", "Bedingung: einer Ausnahme (`exception … when … =>`) oder einer Fassung eines Textes", nullptr},
        {"exception", "Ausnahme: `exception \"Titel\" source \"…\" when Bedingung => Wert`", nullptr},
        {"valid", "Fassung ab einem Tag: `valid from 2022-07-01 = …`", nullptr},
    };
    return list;
}

}  // namespace

struct LanguageServer::State {
    std::map<std::string, std::string> open;  // path → text
    std::optional<DayNumber> check_date;
    struct Loaded {
        fs::path dir;
        RuleSetSources sources;
        std::shared_ptr<const Program> program;
        std::vector<Diagnostic> diagnostics;
        std::vector<RuleTest> tests;
        std::vector<std::string> files;  // every file of the set (for clearing diagnostics)
    };
    std::map<std::string, Loaded> sets;

    static std::optional<fs::path> rule_set_of(const std::string& path) {
        fs::path p = fs::path(path).parent_path();
        std::error_code ec;
        while (!p.empty()) {
            if (fs::exists(p / "regelwerk.yaml", ec)) return p;
            if (p == p.root_path()) break;
            p = p.parent_path();
        }
        return std::nullopt;
    }

    SourceRef source(const std::string& path) {
        if (auto it = open.find(path); it != open.end()) return std::make_shared<SourceFile>(path, it->second);
        std::string error;
        return read_source_file(path, error);
    }

    Loaded& load(const fs::path& dir) {
        Loaded& l = sets[dir.string()];
        l = Loaded{};
        l.dir = dir;
        Diagnostics diagnostics;
        auto collected = collect_rule_set(dir, diagnostics);
        if (collected) {
            auto overlay = [&](SourceRef& f) {
                if (f && open.count(f->name())) f = std::make_shared<SourceFile>(f->name(), open[f->name()]);
                if (f) l.files.push_back(f->name());
            };
            overlay(collected->manifest);
            for (auto& f : collected->rule_files) overlay(f);
            for (auto& f : collected->parameter_files) overlay(f);
            l.sources = *collected;
            LoadResult loaded = load_rule_set(l.sources, dir);
            diagnostics.append(loaded.diagnostics);
            l.program = loaded.program;
        }
        std::unique_ptr<RuleTestRunner> runner;
        if (l.program) runner = std::make_unique<RuleTestRunner>(l.program);
        for (const auto& path : rule_test_files(dir.string())) {
            l.files.push_back(path);
            SourceRef file = source(path);
            if (!file) continue;
            auto tests = load_rule_tests(file, diagnostics);
            if (runner)
                for (const auto& t : tests) runner->run(t, diagnostics);
            l.tests.insert(l.tests.end(), tests.begin(), tests.end());
        }
        l.diagnostics = diagnostics.items();
        return l;
    }

    std::vector<json> publish(const Loaded& l) {
        std::map<std::string, json> by_file;
        for (const auto& f : l.files) by_file[f] = json::array();
        for (const auto& d : l.diagnostics) {
            if (!d.source) continue;
            json item = {{"range", range(*d.source, d.span)},
                         {"severity", d.severity == Severity::error ? 1 : d.severity == Severity::warning ? 2 : 3},
                         {"source", "klappt"},
                         {"message", d.message}};
            if (!d.code.empty()) item["code"] = d.code;
            if (d.fix) item["data"] = {{"fix", d.fix->replacement}, {"range", range(*d.source, d.fix->span)}};
            by_file[d.source->name()].push_back(item);
        }
        std::vector<json> out;
        for (auto& [file, list] : by_file)
            out.push_back({{"jsonrpc", "2.0"},
                           {"method", "textDocument/publishDiagnostics"},
                           {"params", {{"uri", uri_of(file)}, {"diagnostics", list}}}});
        return out;
    }

    Loaded* loaded_for(const std::string& path) {
        auto dir = rule_set_of(path);
        if (!dir) return nullptr;
        auto it = sets.find(dir->string());
        return it == sets.end() ? &load(*dir) : &it->second;
    }

    // What a name at a place means: a definition (module, index), a parameter or an input.
    struct Target {
        enum class Kind { none, definition, parameter, input } kind = Kind::none;
        std::uint32_t a = 0, b = 0;
    };

    Target resolve(const Loaded& l, const std::string& path, const std::string& word) {
        Target t;
        if (!l.program || word.empty()) return t;
        const RuleSet& r = l.program->rules;
        std::optional<std::uint32_t> own;
        for (std::uint32_t m = 0; m < r.modules.size(); ++m)
            if (r.modules[m].file && r.modules[m].file->name() == path) own = m;
        auto find_def = [&](std::uint32_t m, const std::string& name) -> bool {
            for (std::uint32_t d = 0; d < r.modules[m].definitions.size(); ++d)
                if (r.modules[m].definitions[d].name == name) {
                    t = {Target::Kind::definition, m, d};
                    return true;
                }
            return false;
        };
        std::string name = word;
        if (auto dot = word.rfind('.'); dot != std::string::npos) {
            std::string mod = word.substr(0, dot);
            name = word.substr(dot + 1);
            if (auto m = r.find_module(mod.substr(mod.rfind('.') == std::string::npos ? 0 : mod.rfind('.') + 1)))
                if (find_def(*m, name)) return t;
        }
        if (own && find_def(*own, name)) return t;
        for (std::uint32_t p = 0; p < r.params.size(); ++p)
            if (r.params[p].name == name) return {Target::Kind::parameter, p, 0};
        if (auto i = r.find_input(name)) return {Target::Kind::input, *i, 0};
        for (std::uint32_t m = 0; m < r.modules.size(); ++m)
            if (find_def(m, name)) return t;
        return t;
    }

    std::string hover_text(const Loaded& l, const Target& t) {
        const Program& p = *l.program;
        const RuleSet& r = p.rules;
        std::string out;
        auto add = [&](const std::string& label, const std::string& text) {
            if (!text.empty()) out += "\n\n" + label + text;
        };
        if (t.kind == Target::Kind::definition) {
            const Definition& d = r.modules[t.a].definitions[t.b];
            const char* kind = d.kind == DefinitionKind::rule ? "rule" : d.kind == DefinitionKind::output ? "output" : "let";
            out = "**" + (d.label.empty() ? d.name : d.label) + "**  \n`" + kind + " " + r.qualified_name(t.a, t.b) + ": " +
                  r.type_name(d.type) + "`";
            add("Quelle: ", p.source_of(t.a, t.b));
            add("Auslegung: ", d.interpretation);
            // What people read of it, as written (the first alternative; `…` when there are more).
            const SourceFile& file = *r.modules[t.a].file;
            auto written = [&](const TextTemplates& texts) -> std::string {
                if (texts.empty() || texts.front().span.end <= texts.front().span.begin) return "";
                Span at = texts.front().span;
                return "`" + std::string(file.text().substr(at.begin, at.end - at.begin)) + "`" +
                       (texts.size() > 1 ? " (+" + std::to_string(texts.size() - 1) + " Fassungen mit when)" : "");
            };
            add("Rechenweg: ", written(d.rechenweg));
            add("Urteil: ", written(d.urteil));
            add("Wenn nicht: ", written(d.wenn_nicht));
            add("Hinweis: ", written(d.hinweis));
        } else if (t.kind == Target::Kind::parameter) {
            const auto& decl = r.params[t.a];
            const Parameter& values = p.parameters[t.a];
            out = "**" + (values.label.empty() ? decl.name : values.label) + "**  \n`param " + decl.name + ": " +
                  r.type_name(decl.type) + "`";
            add("Quelle: ", values.source);
            DayNumber day = check_date ? *check_date
                                       : calendar::day_number(date::floor<date::days>(std::chrono::system_clock::now()));
            if (const ParameterVersion* v = p.parameter_version(t.a, day))
                add("Wert am " + calendar::german(calendar::from_day_number(day)) + ": ",
                    german_value(p, v->value, decl.type) + " (" + provenance_word(v->provenance) + ")");
            else
                add("", "kein gültiger Wert am " + calendar::german(calendar::from_day_number(day)));
        } else if (t.kind == Target::Kind::input) {
            const auto& in = r.inputs[t.a];
            out = "**" + (in.field.label.empty() ? in.field.name : in.field.label) + "**  \n`input " + in.field.name + ": " +
                  r.type_name(in.field.type) + "` (Angabe im Fall)";
        }
        return out;
    }

    std::vector<json> locations(const Loaded& l, const Target& t) {
        std::vector<json> out;
        const RuleSet& r = l.program->rules;
        if (t.kind == Target::Kind::definition) {
            const auto& file = r.modules[t.a].file;
            out.push_back({{"uri", uri_of(file->name())}, {"range", range(*file, r.modules[t.a].definitions[t.b].span)}});
        } else if (t.kind == Target::Kind::parameter) {
            const Parameter& values = l.program->parameters[t.a];
            if (values.file) out.push_back({{"uri", uri_of(values.file->name())}, {"range", range(*values.file, values.span)}});
            const auto& decl = r.params[t.a];
            if (decl.file) out.push_back({{"uri", uri_of(decl.file->name())}, {"range", range(*decl.file, decl.span)}});
        } else if (t.kind == Target::Kind::input) {
            const auto& in = r.inputs[t.a];
            if (in.file) out.push_back({{"uri", uri_of(in.file->name())}, {"range", range(*in.file, in.field.span)}});
        }
        return out;
    }

    std::vector<json> references(const Loaded& l, const Target& t) {
        std::vector<json> out = locations(l, t);
        const RuleSet& r = l.program->rules;
        for (const Node& n : r.nodes) {
            bool hit = false;
            if (t.kind == Target::Kind::definition) {
                if (n.op == Op::definition) hit = n.a == t.a && n.b == t.b;
                else if (n.op == Op::own_definition) hit = n.module == t.a && n.b == t.b;
                else if (n.op == Op::instance_member)
                    hit = r.types[r.types.strip_optional(r.nodes[n.a].type)].ref == t.a && n.b == t.b;
            } else if (t.kind == Target::Kind::parameter) {
                hit = n.op == Op::param && n.a == t.a;
            } else if (t.kind == Target::Kind::input) {
                hit = n.op == Op::input && n.a == t.a;
            }
            if (hit && n.module < r.modules.size()) {
                const auto& file = r.modules[n.module].file;
                out.push_back({{"uri", uri_of(file->name())}, {"range", range(*file, n.span)}});
            }
        }
        return out;
    }

    json completion(const Loaded& l, const std::string& path) {
        json items = json::array();
        if (!l.program) return items;
        const RuleSet& r = l.program->rules;
        std::set<std::string> seen;
        auto item = [&](const std::string& label, int kind, const std::string& detail) {
            if (seen.insert(label).second) items.push_back({{"label", label}, {"kind", kind}, {"detail", detail}});
        };
        for (std::uint32_t m = 0; m < r.modules.size(); ++m) {
            bool own = r.modules[m].file && r.modules[m].file->name() == path;
            for (const auto& d : r.modules[m].definitions)
                item(own ? d.name : r.modules[m].name + "." + d.name, d.kind == DefinitionKind::rule ? 12 : 6, d.label);
            item(r.modules[m].name, 9, r.modules[m].label);
        }
        for (const auto& p : r.params) item(p.name, 21, p.label);
        for (const auto& in : r.inputs) item(in.field.name, 5, in.field.label);
        for (const auto& e : r.enums)
            for (std::size_t i = 0; i < e.values.size(); ++i)
                item(e.values[i], 20, e.name + (e.value_labels[i].empty() ? "" : ": " + e.value_labels[i]));
        for (const auto& rec : r.records)
            for (const auto& f : rec.fields) item(f.name, 5, rec.name + "." + f.name);
        for (const auto& k : keywords()) {
            if (*k.text) item(k.word, 14, k.text);                           // a keyword
            if (k.as_call) item(std::string(k.word) + "()", 3, k.as_call);  // a function in a placeholder
        }
        return items;
    }

    json symbols(const Loaded& l, const std::string& path) {
        json out = json::array();
        if (!l.program) return out;
        const RuleSet& r = l.program->rules;
        for (std::uint32_t m = 0; m < r.modules.size(); ++m) {
            if (!r.modules[m].file || r.modules[m].file->name() != path) continue;
            for (const auto& d : r.modules[m].definitions) {
                json rg = range(*r.modules[m].file, d.span);
                out.push_back({{"name", d.name},
                               {"detail", d.label},
                               {"kind", d.kind == DefinitionKind::rule ? 17 : d.kind == DefinitionKind::output ? 8 : 13},
                               {"range", rg},
                               {"selectionRange", rg}});
            }
        }
        return out;
    }

    // „Auswerten“: each definition of a module without parameters, evaluated for the first
    // rule test's case.
    json code_lenses(const Loaded& l, const std::string& path) {
        json out = json::array();
        if (!l.program || l.tests.empty()) return out;
        const RuleSet& r = l.program->rules;
        const RuleTest* example = nullptr;
        for (const auto& t : l.tests)
            if (!t.inline_case.empty()) {
                example = &t;
                break;
            }
        if (!example) return out;
        auto source = std::make_shared<SourceFile>(example->name, example->inline_case);
        CaseFile cases = load_cases_yaml(*l.program, source);
        if (cases.cases.empty() || !cases.cases[0].data) return out;
        Evaluator ev(*l.program);
        for (std::uint32_t m = 0; m < r.modules.size(); ++m) {
            if (!r.modules[m].file || r.modules[m].file->name() != path || r.modules[m].parametrised()) continue;
            for (std::uint32_t d = 0; d < r.modules[m].definitions.size(); ++d) {
                std::string value;
                try {
                    ev.start(*cases.cases[0].data);
                    value = german_value(*l.program, ev.force(ev.singleton(m), d), r.modules[m].definitions[d].type);
                } catch (const EvaluationError& e) {
                    value = "nicht auswertbar: " + e.message;
                }
                out.push_back({{"range", range(*r.modules[m].file, r.modules[m].definitions[d].span)},
                               {"command", {{"title", "Auswerten: " + value + " (Fall " + example->name + ")"},
                                            {"command", ""}}}});
            }
        }
        return out;
    }
};

LanguageServer::LanguageServer() : state_(std::make_unique<State>()) {}
LanguageServer::~LanguageServer() = default;

std::vector<json> LanguageServer::handle(const json& message) {
    std::vector<json> out;
    std::string method = message.value("method", "");
    json id = message.contains("id") ? message["id"] : json();
    json params = message.value("params", json::object());
    auto reply = [&](json result) { out.push_back({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}); };
    State& s = *state_;

    if (method == "initialize") {
        if (params.contains("initializationOptions") && params["initializationOptions"].is_object()) {
            std::string day = params["initializationOptions"].value("stichtag", "");
            if (auto d = calendar::parse(day)) s.check_date = calendar::day_number(*d);
        }
        reply({{"capabilities",
                {{"textDocumentSync", 1},
                 {"hoverProvider", true},
                 {"definitionProvider", true},
                 {"referencesProvider", true},
                 {"completionProvider", {{"triggerCharacters", {".", "{"}}}},
                 {"documentSymbolProvider", true},
                 {"documentFormattingProvider", true},
                 {"codeLensProvider", json::object()}}},
               {"serverInfo", {{"name", "klappt"}}}});
        return out;
    }
    if (method == "shutdown") {
        reply(nullptr);
        return out;
    }
    if (method == "exit") {
        exited_ = true;
        return out;
    }
    std::string path = path_of(params.contains("textDocument") ? params["textDocument"].value("uri", "") : "");
    if (method == "textDocument/didOpen" || method == "textDocument/didChange" || method == "textDocument/didSave" ||
        method == "textDocument/didClose") {
        if (method == "textDocument/didOpen") s.open[path] = params["textDocument"].value("text", "");
        if (method == "textDocument/didChange" && params.contains("contentChanges") && !params["contentChanges"].empty())
            s.open[path] = params["contentChanges"].back().value("text", "");
        if (method == "textDocument/didClose") s.open.erase(path);
        if (auto dir = State::rule_set_of(path)) {
            auto pub = s.publish(s.load(*dir));
            out.insert(out.end(), pub.begin(), pub.end());
        }
        return out;
    }
    if (id.is_null()) return out;  // an unknown notification
    State::Loaded* l = s.loaded_for(path);
    SourceRef doc = s.source(path);
    auto target = [&]() {
        if (!l || !doc || !params.contains("position")) return State::Target{};
        return s.resolve(*l, path, word_at(doc->text(), offset_of(*doc, params["position"])));
    };
    if (method == "textDocument/hover") {
        auto t = target();
        if (t.kind == State::Target::Kind::none && doc && params.contains("position")) {
            // A keyword of the language (rechenweg, wenn_nicht …) or a placeholder function.
            std::uint32_t at = offset_of(*doc, params["position"]);
            std::string word = word_at(doc->text(), at);
            std::size_t after = doc->text().find_first_not_of(
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", at);
            bool call = after != std::string_view::npos && doc->text()[after] == '(';
            for (const auto& k : keywords())
                if (word == k.word && (call ? k.as_call != nullptr : *k.text != 0))
                    return reply({{"contents", {{"kind", "markdown"}, {"value", call ? k.as_call : k.text}}}}), out;
        }
        if (t.kind == State::Target::Kind::none) return reply(nullptr), out;
        reply({{"contents", {{"kind", "markdown"}, {"value", s.hover_text(*l, t)}}}});
    } else if (method == "textDocument/definition") {
        auto t = target();
        reply(t.kind == State::Target::Kind::none ? json(nullptr) : json(s.locations(*l, t)));
    } else if (method == "textDocument/references") {
        auto t = target();
        reply(t.kind == State::Target::Kind::none ? json::array() : json(s.references(*l, t)));
    } else if (method == "textDocument/completion") {
        reply(l ? s.completion(*l, path) : json::array());
    } else if (method == "textDocument/documentSymbol") {
        reply(l ? s.symbols(*l, path) : json::array());
    } else if (method == "textDocument/codeLens") {
        reply(l ? s.code_lenses(*l, path) : json::array());
    } else if (method == "textDocument/formatting") {
        std::string error;
        auto formatted = doc ? format_rules(doc->text(), error) : std::nullopt;
        if (!formatted || *formatted == doc->text()) return reply(json::array()), out;
        reply(json::array({{{"range", {{"start", {{"line", 0}, {"character", 0}}},
                                       {"end", {{"line", doc->line_count() + 1}, {"character", 0}}}}},
                            {"newText", *formatted}}}));
    } else {
        out.push_back({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", -32601}, {"message", "unbekannte Methode " + method}}}});
    }
    return out;
}

}  // namespace klappt::authoring
