#include "authoring/docs_generator.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <regex>
#include <set>

#include "authoring/definition_end.hpp"
#include "dsl/node_operands.hpp"
#include "dsl/references.hpp"
#include "engine/base/calendar.hpp"
#include "engine/render/markup_escape.hpp"
#include "engine/runtime/value_text.hpp"

namespace klappt::authoring {

namespace {

std::string html(std::string_view s) { return markup_escaped(s); }

const char* kStyle =
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#111}"
    "h1{font-size:1.6rem}h2{font-size:1.25rem;border-top:1px solid #bbb;padding-top:.8rem;margin-top:1.6rem}"
    "pre{background:#f4f4f4;padding:.6rem;overflow-x:auto;white-space:pre-wrap}code{background:#f4f4f4}"
    "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2rem .5rem;text-align:left;vertical-align:top}"
    ".art{font-size:.85em;padding:0 .3rem;border:1px solid #888;border-radius:.2rem}"
    "nav a{margin-right:.8rem}@media print{nav{display:none}a{color:inherit;text-decoration:none}h2{break-after:avoid}"
    "section{break-inside:avoid}}";

std::string page(const std::string& title, const std::string& body) {
    return "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>" + html(title) +
           "</title><style>" + kStyle + "</style></head><body><nav><a href=\"index.html\">Übersicht</a>"
           "<a href=\"parameter.html\">Parameter</a></nav>\n" + body + "</body></html>\n";
}

std::string kind_word(DefinitionKind k) {
    return k == DefinitionKind::rule ? "Regel" : k == DefinitionKind::output ? "Ausgabe" : "Definition";
}

// The order of the Richtlinie: the first „Nr. 1.2.3“ in a module's source, then the file.
std::vector<std::uint32_t> module_order(const RuleSet& rules) {
    static const std::regex number(R"(Nr\.\s*([0-9]+(?:\.[0-9]+)*))");
    auto key = [&](std::uint32_t m) {
        std::smatch match;
        std::vector<int> parts;
        const std::string& source = rules.modules[m].source;
        if (std::regex_search(source, match, number)) {
            std::string s = match[1];
            std::size_t pos = 0;
            while (pos < s.size()) {
                std::size_t dot = s.find('.', pos);
                parts.push_back(std::stoi(s.substr(pos, dot - pos)));
                pos = dot == std::string::npos ? s.size() : dot + 1;
            }
        } else {
            parts.push_back(1000);
        }
        return std::make_pair(parts, rules.modules[m].file ? rules.modules[m].file->name() : "");
    };
    std::vector<std::uint32_t> order(rules.modules.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return key(a) < key(b); });
    return order;
}

// The texts people read of a definition (rechenweg, wenn_nicht, urteil, hinweis), each
// alternative as written — placeholders marked — with its condition.
std::string texts_for_people(const Definition& def, const SourceFile& file, const RuleSet& rules) {
    static const std::pair<const char*, const char*> kNames[] = {
        {"Rechenweg", "so liest man, wie der Wert entsteht"},
        {"Wenn nicht erfüllt", "so liest man, warum die Regel nicht gilt"},
        {"Urteil", "so liest man das Ergebnis"},
        {"Hinweis", "erscheint, wenn die Regel gilt"}};
    const TextTemplates* all[] = {&def.rechenweg, &def.wenn_nicht, &def.urteil, &def.hinweis};
    std::string out;
    for (std::size_t k = 0; k < 4; ++k) {
        if (all[k]->empty()) continue;
        out += "<p><strong>" + std::string(kNames[k].first) + "</strong> <small>(" + kNames[k].second + ")</small></p><ul>\n";
        for (const TextTemplate& t : *all[k]) {
            std::string_view written = t.span.end > t.span.begin ? file.text().substr(t.span.begin, t.span.end - t.span.begin)
                                                                 : std::string_view{};
            // Placeholders ({stunden}, {rechenweg(pauschale)}) as code, the rest as text.
            std::string shown;
            std::size_t i = 0;
            while (i < written.size()) {
                if (written.substr(i, 2) == "{{" || written.substr(i, 2) == "}}") {  // a brace itself
                    shown += written.substr(i, 2);
                    i += 2;
                } else if (written[i] == '{') {
                    std::size_t close = written.find('}', i);
                    if (close == std::string_view::npos) close = written.size() - 1;
                    shown += "<code>" + html(written.substr(i, close + 1 - i)) + "</code>";
                    i = close + 1;
                } else {
                    shown += html(written.substr(i, 1));
                    ++i;
                }
            }
            out += "<li>" + shown;
            if (t.condition != kNoNode) {
                Span c = rules.nodes[t.condition].span;
                out += " — wenn <code>" + html(file.text().substr(c.begin, c.end - c.begin)) + "</code>";
            } else if (all[k]->size() > 1) {
                out += " — sonst";
            }
            out += "</li>\n";
        }
        out += "</ul>\n";
    }
    return out;
}

}  // namespace

std::map<std::string, std::string> generate_docs(const Program& program, const std::vector<RuleTest>& tests) {
    const RuleSet& rules = program.rules;
    References refs = compute_references(rules);
    std::map<std::string, std::string> files;
    auto def_link = [&](std::uint32_t g) {
        auto [m, d] = refs.definition_at[g];
        return "<a href=\"" + rules.modules[m].name + ".html#" + rules.modules[m].definitions[d].name + "\"><code>" +
               html(rules.qualified_name(m, d)) + "</code></a>";
    };
    auto param_link = [&](std::uint32_t p) {
        return "<a href=\"parameter.html#" + rules.params[p].name + "\"><code>" + html(rules.params[p].name) + "</code></a>";
    };

    // Examples: the values tests expect, by key (an output or a definition of a module value).
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> examples;
    std::function<void(const Expectation&, const std::string&)> collect = [&](const Expectation& e, const std::string& test) {
        for (std::size_t i = 0; i < e.keys.size(); ++i) {
            const Expectation& v = e.values[i];
            if (v.kind == Expectation::Kind::scalar || v.kind == Expectation::Kind::null)
                examples[e.keys[i]].push_back({test, v.kind == Expectation::Kind::null ? "—" : v.text});
            collect(v, test);
        }
        for (const auto& item : e.items) collect(item, test);
    };
    for (const auto& t : tests) collect(t.expected, t.name);

    std::string index = "<h1>" + html(program.manifest.name) + "</h1>\n<p>Version " + html(program.manifest.version) +
                        ". Die Module in der Reihenfolge der Richtlinie; jede Definition mit Quelle, Auslegung, Formel, "
                        "Verwendung und Beispielen aus den Regeltests.</p>\n<ol>\n";
    for (std::uint32_t m : module_order(rules)) {
        const Module& module = rules.modules[m];
        index += "<li><a href=\"" + module.name + ".html\">" + html(module.label.empty() ? module.name : module.label) +
                 "</a> <small>" + html(module.source) + "</small></li>\n";
        std::string body = "<h1>" + html(module.label.empty() ? module.name : module.label) + " <small><code>" +
                           html(module.name) + "</code></small></h1>\n";
        if (!module.source.empty()) body += "<p>Quelle: " + html(module.source) + "</p>\n";
        if (!module.params.empty()) {
            body += "<p>Für jeden Wert von: ";
            for (const auto& p : module.params) body += "<code>" + html(p.name) + ": " + html(rules.type_name(p.type)) + "</code> ";
            body += "</p>\n";
        }
        for (std::uint32_t d = 0; d < module.definitions.size(); ++d) {
            const Definition& def = module.definitions[d];
            std::uint32_t g = refs.global(m, d);
            body += "<section><h2 id=\"" + def.name + "\">" + kind_word(def.kind) + " <code>" + html(def.name) + "</code>" +
                    (def.label.empty() ? "" : " — " + html(def.label)) + "</h2>\n";
            body += "<p>Typ <code>" + html(rules.type_name(def.type)) + "</code>";
            if (!def.source.empty()) body += " · Quelle: " + html(def.source);
            body += "</p>\n";
            if (!def.interpretation.empty()) body += "<p><strong>Auslegung:</strong> " + html(def.interpretation) + "</p>\n";
            // The formula as written: from the definition's name to its last node.
            std::uint32_t end = definition_end(rules, def, m);
            std::string_view text = module.file->text();
            std::uint32_t begin = module.file->line_start(module.file->position(def.span.begin).line);
            body += "<pre>" + html(text.substr(begin, end - begin)) + "</pre>\n";
            body += texts_for_people(def, *module.file, rules);
            if (!refs.uses_definitions[g].empty() || !refs.uses_params[g].empty()) {
                body += "<p>Verwendet: ";
                for (auto u : refs.uses_definitions[g]) body += def_link(u) + " ";
                for (auto p : refs.uses_params[g]) body += param_link(p) + " ";
                body += "</p>\n";
            }
            if (!refs.definition_users[g].empty()) {
                body += "<p>Verwendet in: ";
                for (auto u : refs.definition_users[g]) body += def_link(u) + " ";
                body += "</p>\n";
            }
            auto ex = examples.find(def.name);
            if (ex == examples.end()) ex = examples.find(module.name + "." + def.name);
            if (ex != examples.end()) {
                body += "<p>Beispiele aus den Regeltests:</p><ul>\n";
                std::size_t shown = 0;
                for (const auto& [test, value] : ex->second) {
                    if (++shown > 5) break;
                    body += "<li><code>" + html(test) + "</code>: " + html(value) + "</li>\n";
                }
                body += "</ul>\n";
            }
            body += "</section>\n";
        }
        files[module.name + ".html"] = page(module.label.empty() ? module.name : module.label, body);
    }
    index += "</ol>\n<p><a href=\"parameter.html\">Parameter und ihre Geschichte</a></p>\n";
    files["index.html"] = page(program.manifest.name, index);

    std::string params = "<h1>Parameter</h1>\n<p>Jeder Wert mit Gültigkeit und Art: <em>fakt</em> (aus der Richtlinie), "
                         "<em>auslegung</em> (eine Entscheidung der Verwaltung), <em>beispiel</em> (vom Bescheid zu setzen).</p>\n";
    for (std::uint32_t p = 0; p < rules.params.size(); ++p) {
        const auto& decl = rules.params[p];
        const Parameter& values = program.parameters[p];
        params += "<section><h2 id=\"" + decl.name + "\"><code>" + html(decl.name) + "</code>" +
                  (values.label.empty() ? "" : " — " + html(values.label)) + "</h2>\n<p>Typ <code>" +
                  html(rules.type_name(decl.type)) + "</code>" + (values.unit.empty() ? "" : " · Einheit: " + html(values.unit)) +
                  (values.source.empty() ? "" : " · Quelle: " + html(values.source)) + "</p>\n";
        params += "<table><tr><th>gültig</th><th>Wert</th><th>Art</th><th>Quelle / Hinweis</th></tr>\n";
        for (const auto& v : values.versions) {
            auto day = [](DayNumber d) { return calendar::german(calendar::from_day_number(d)); };
            std::string valid = v.from == std::numeric_limits<DayNumber>::min() ? "immer" : "ab " + day(v.from);
            if (v.to != kOpenEnd) valid += " bis " + day(v.to);
            params += "<tr><td>" + html(valid) + "</td><td>" + html(german_value(program, v.value, decl.type)) +
                      "</td><td><span class=\"art\">" + provenance_word(v.provenance) + "</span></td><td>" +
                      html(v.source) + (v.note.empty() ? "" : " " + html(v.note)) + "</td></tr>\n";
        }
        if (values.versions.empty()) params += "<tr><td colspan=\"4\">kein Wert</td></tr>\n";
        params += "</table>\n";
        if (!refs.param_users[p].empty()) {
            params += "<p>Verwendet in: ";
            for (auto u : refs.param_users[p]) params += def_link(u) + " ";
            params += "</p>\n";
        }
        params += "</section>\n";
    }
    files["parameter.html"] = page("Parameter", params);
    return files;
}

}  // namespace klappt::authoring
