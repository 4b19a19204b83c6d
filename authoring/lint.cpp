#include "authoring/lint.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "authoring/condition_analysis.hpp"
#include "authoring/definition_end.hpp"
#include "dsl/node_operands.hpp"
#include "dsl/references.hpp"
#include "engine/input/parameter_coverage.hpp"

namespace klappt::authoring {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\n") == std::string::npos; }

class Linter {
public:
    explicit Linter(const LintInput& input)
        : in_(input), program_(*input.program), rules_(program_.rules), refs_(compute_references(rules_)) {}

    std::vector<Diagnostic> run() {
        unused();
        conditions();
        coverage();
        sources();
        interpretations();
        untested_outputs();
        example_values();
        rounding();
        ways();
        std::vector<Diagnostic> kept;
        for (auto& d : out_)
            if (!suppressed(d)) kept.push_back(std::move(d));
        std::stable_sort(kept.begin(), kept.end(), [](const Diagnostic& a, const Diagnostic& b) {
            std::string fa = a.source ? a.source->name() : "", fb = b.source ? b.source->name() : "";
            if (fa != fb) return fa < fb;
            return a.span.begin < b.span.begin;
        });
        return kept;
    }

private:
    Diagnostic& add(const char* id, const SourceRef& file, Span span, std::string message) {
        Diagnostic d;
        d.severity = find_lint(id)->inventory ? Severity::note : Severity::warning;
        d.source = file;
        d.span = span;
        d.message = std::move(message);
        d.code = id;
        out_.push_back(std::move(d));
        return out_.back();
    }

    // `# klappt-lint: ignoriere a, b` on the finding's line or the line above.
    static bool suppressed(const Diagnostic& d) {
        if (!d.source) return false;
        std::uint32_t line = d.source->position(d.span.begin).line;
        for (std::uint32_t l = line > 1 ? line - 1 : line; l <= line; ++l) {
            std::string text(d.source->line_text(l));
            auto at = text.find("klappt-lint: ignoriere");
            if (at == std::string::npos) continue;
            std::string rest = text.substr(at + 22);
            std::size_t pos = 0;
            while (pos < rest.size()) {
                std::size_t end = rest.find_first_of(", ", pos);
                if (end == std::string::npos) end = rest.size();
                if (rest.substr(pos, end - pos) == d.code) return true;
                pos = end + 1;
            }
        }
        return false;
    }

    const SourceRef& file_of(std::uint32_t module) const { return rules_.modules[module].file; }

    // Where a definition's text ends (its last node), for removing it.
    std::uint32_t definition_end(const Definition& def) const { return authoring::definition_end(rules_, def); }

    // Whole lines from the line of `begin` to the end of the line of `end` (with its line break).
    static DiagnosticFix delete_lines(const SourceFile& file, std::uint32_t begin, std::uint32_t end) {
        std::uint32_t first = file.line_start(file.position(begin).line);
        std::string_view text = file.text();
        std::size_t stop = text.find('\n', end);
        stop = stop == std::string_view::npos ? text.size() : stop + 1;
        // Between two empty lines, one of them goes too.
        bool blank_before = first >= 2 && text[first - 1] == '\n' && text[first - 2] == '\n';
        if (blank_before && stop < text.size() && text[stop] == '\n') ++stop;
        return DiagnosticFix{Span{first, static_cast<std::uint32_t>(stop)}, ""};
    }

    // `modul.name` words in the YAML files next to the rules (a report specification such as
    // bericht.yaml names the definitions it reads).
    std::set<std::string> names_in_rule_set_yaml() const {
        std::set<std::string> out;
        if (program_.directory.empty()) return out;
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(program_.directory, ec)) {
            if (entry.path().extension() != ".yaml" || entry.path().filename() == "regelwerk.yaml") continue;
            std::string error;
            SourceRef file = read_source_file(entry.path().string(), error);
            if (!file) continue;
            std::string_view t = file->text();
            std::size_t i = 0;
            while (i < t.size()) {
                if (std::isalpha(static_cast<unsigned char>(t[i])) || t[i] == '_') {
                    std::size_t j = i;
                    while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '_' || t[j] == '.')) ++j;
                    out.insert(std::string(t.substr(i, j - i)));
                    i = j;
                } else {
                    ++i;
                }
            }
        }
        return out;
    }

    // ---- unbenutzt -----------------------------------------------------------------------
    void unused() {
        std::set<std::pair<std::uint32_t, std::uint32_t>> targets;  // timeline series read by the engine
        for (const auto& t : program_.manifest.timelines) targets.insert({t.module, t.output});
        std::set<std::string> named = names_in_rule_set_yaml();
        for (std::uint32_t g = 0; g < refs_.definition_count(); ++g) {
            auto [m, d] = refs_.definition_at[g];
            const Definition& def = rules_.modules[m].definitions[d];
            if (def.kind == DefinitionKind::output || !refs_.definition_users[g].empty() || targets.count({m, d}))
                continue;
            if (!def.hinweis.empty()) continue;  // a rule with a `hinweis` is read by the explanation
            if (named.count(rules_.qualified_name(m, d))) continue;  // read by a report specification (bericht.yaml)
            const char* what = def.kind == DefinitionKind::rule ? "Regel" : "Definition";
            Diagnostic& f = add("unbenutzt", file_of(m), def.span,
                                std::string(what) + " „" + rules_.qualified_name(m, d) + "“ wird nirgends verwendet");
            if (def.kind == DefinitionKind::let) {
                std::uint32_t keyword = def.span.begin;  // the line of the name holds `let`
                f.fix = delete_lines(*file_of(m), keyword, definition_end(def));
            }
        }
        for (std::uint32_t p = 0; p < rules_.params.size(); ++p)
            if (refs_.param_users[p].empty())
                add("unbenutzt", rules_.params[p].file, rules_.params[p].span,
                    "Parameter „" + rules_.params[p].name + "“ wird von keiner Definition gelesen");
        for (std::uint32_t i = 0; i < rules_.inputs.size(); ++i) {
            if (!refs_.input_users[i].empty() || refs_.input_used_by_checks[i]) continue;
            if (rules_.case_id_input == i || rules_.check_date_input == i) continue;  // read by klappt itself
            const auto& input = rules_.inputs[i];
            add("unbenutzt", input.file, input.field.span, "Eingabe „" + input.field.name + "“ wird nirgends gelesen");
        }
    }

    // ---- immer-gleich, vergleich-mit-wahrheitswert, ausnahme-wirkungslos ---------------------
    void conditions() {
        ConditionAnalysis analysis(rules_);
        std::set<NodeId> reported;
        auto check_condition = [&](NodeId id, std::uint32_t module) {
            if (id == kNoNode) return;
            // The outermost condition that cannot change is reported, nothing inside it.
            std::vector<NodeId> stack{id};
            while (!stack.empty()) {
                NodeId n = stack.back();
                stack.pop_back();
                const Node& node = rules_.nodes[n];
                if (node.op == Op::constant) continue;
                if (analysis.is_condition(n)) {
                    if (auto v = analysis.constant(n); v && !reported.count(n)) {
                        reported.insert(n);
                        add("immer-gleich", file_of(node.module), node.span,
                            std::string("diese Bedingung ist immer ") + (*v ? "wahr" : "falsch"));
                        continue;
                    }
                }
                if ((node.op == Op::eq || node.op == Op::ne) && node.operand_kind == TypeKind::boolean)
                    compared_with_truth(n);
                for_each_operand(node, rules_.children, [&](const NodeId& c) { stack.push_back(c); });
            }
            (void)module;
        };
        for (std::uint32_t m = 0; m < rules_.modules.size(); ++m)
            for (std::uint32_t d = 0; d < rules_.modules[m].definitions.size(); ++d) {
                const Definition& def = rules_.modules[m].definitions[d];
                check_condition(def.value, m);
                for (auto& v : def.versions) check_condition(v.value, m);
                bool earlier_always = false;
                for (std::size_t e = 0; e < def.exceptions.size(); ++e) {
                    const auto& ex = def.exceptions[e];
                    const Node& cond = rules_.nodes[ex.condition];
                    auto v = analysis.constant(ex.condition);
                    std::string name = ex.label.empty() ? std::to_string(e + 1) + ". Ausnahme" : "Ausnahme „" + ex.label + "“";
                    if (earlier_always) {
                        add("ausnahme-wirkungslos", file_of(m), cond.span,
                            name + " von „" + rules_.qualified_name(m, d) +
                                "“ greift nie: eine frühere Ausnahme greift immer");
                        reported.insert(ex.condition);
                    } else if (v && !*v) {
                        add("ausnahme-wirkungslos", file_of(m), cond.span,
                            name + " von „" + rules_.qualified_name(m, d) + "“ greift nie: ihre Bedingung ist immer falsch");
                        reported.insert(ex.condition);
                    }
                    if (v && *v) earlier_always = true;
                    check_condition(ex.condition, m);
                    check_condition(ex.value, m);
                }
                texts(def, m, analysis, reported);
                for (const TextTemplates* t : {&def.rechenweg, &def.wenn_nicht, &def.urteil, &def.hinweis})
                    for (const TextTemplate& alternative : *t) check_condition(alternative.condition, m);
            }
        for (const auto& rec : rules_.records)
            for (const auto& c : rec.checks) check_condition(c.condition, 0);
    }

    // ---- text-wirkungslos: an alternative of a text (`rechenweg "…" when …`) never shown ----
    void texts(const Definition& def, std::uint32_t m, ConditionAnalysis& analysis, std::set<NodeId>& reported) {
        static const char* const kKeyword[] = {"rechenweg", "wenn_nicht", "urteil", "hinweis"};
        const TextTemplates* all[] = {&def.rechenweg, &def.wenn_nicht, &def.urteil, &def.hinweis};
        for (std::size_t k = 0; k < 4; ++k) {
            bool earlier_always = false;
            for (std::size_t i = 0; i < all[k]->size(); ++i) {
                const TextTemplate& alternative = (*all[k])[i];
                std::string name = std::to_string(i + 1) + ". „" + kKeyword[k] + "“ von „" + rules_.qualified_name(m, def_index(m, def)) + "“";
                std::optional<bool> v = alternative.condition == kNoNode ? std::optional<bool>(true)
                                                                        : analysis.constant(alternative.condition);
                Span where = alternative.span;
                if (earlier_always) {
                    add("text-wirkungslos", file_of(m), where,
                        name + " erscheint nie: ein früherer Text ohne oder mit immer wahrer Bedingung gilt immer");
                    if (alternative.condition != kNoNode) reported.insert(alternative.condition);
                } else if (v && !*v) {
                    add("text-wirkungslos", file_of(m), where, name + " erscheint nie: seine Bedingung ist immer falsch");
                    reported.insert(alternative.condition);
                }
                if (v && *v) earlier_always = true;
            }
        }
    }

    std::uint32_t def_index(std::uint32_t m, const Definition& def) const {
        return static_cast<std::uint32_t>(&def - rules_.modules[m].definitions.data());
    }

    void compared_with_truth(NodeId n) {
        const Node& node = rules_.nodes[n];
        const NodeId* kids = nullptr;
        NodeId lhs = node.child_count ? kNoNode : node.a, rhs = node.child_count ? kNoNode : node.b;
        (void)kids;
        if (lhs == kNoNode || rhs == kNoNode) return;
        auto literal = [&](NodeId id) -> std::optional<bool> {
            const Node& x = rules_.nodes[id];
            if (x.op != Op::constant || rules_.types.kind(x.type) != TypeKind::boolean) return std::nullopt;
            const Constant& c = rules_.constants[x.a];
            if (c.none) return std::nullopt;
            return c.a != 0;
        };
        auto lv = literal(lhs), rv = literal(rhs);
        if (lv.has_value() == rv.has_value()) return;  // both literals: immer-gleich; neither: fine
        NodeId other = lv ? rhs : lhs;
        bool truth = lv ? *lv : *rv;
        if (node.op == Op::ne) truth = !truth;
        const SourceRef& file = file_of(node.module);
        const Node& o = rules_.nodes[other];
        if (rules_.types.is_optional(o.type)) return;  // `x == true` on a bool? also tests presence
        std::string_view text = file->text();
        // The operand with the parentheses written around it (they are not part of its span).
        std::uint32_t ob = o.span.begin, oe = o.span.end;
        while (ob > 0 && oe < text.size() && text[ob - 1] == '(' && text[oe] == ')') --ob, ++oe;
        std::string operand(text.substr(ob, oe - ob));
        bool simple = std::all_of(operand.begin(), operand.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '_' || c == '.';
        });
        bool bracketed = !operand.empty() && operand.front() == '(';
        std::string replacement = truth ? operand : (simple || bracketed ? "not " + operand : "not (" + operand + ")");
        Span whole{std::min(node.span.begin, ob), std::max(node.span.end, oe)};
        Diagnostic& f = add("vergleich-mit-wahrheitswert", file, node.span,
                            "Vergleich mit " + std::string(lv ? (*lv ? "true" : "false") : (*rv ? "true" : "false")) +
                                "; einfacher: „" + replacement + "“");
        f.fix = DiagnosticFix{whole, replacement};
    }

    // ---- parameter-luecke ------------------------------------------------------------------
    void coverage() {
        Diagnostics found;
        check_parameter_coverage(program_, found);
        for (const auto& d : found.items()) add(kCoverageLintId, d.source, d.span, d.message);
    }

    // ---- ohne-quelle -----------------------------------------------------------------------
    void sources() {
        for (std::uint32_t m = 0; m < rules_.modules.size(); ++m)
            for (std::uint32_t d = 0; d < rules_.modules[m].definitions.size(); ++d) {
                const Definition& def = rules_.modules[m].definitions[d];
                if (def.kind == DefinitionKind::rule && blank(def.source) && !note_only(m, d))
                    add("ohne-quelle", file_of(m), def.span,
                        "Regel „" + rules_.qualified_name(m, d) + "“ nennt keine Quelle" +
                            (blank(rules_.modules[m].source) ? "" : " (nur das Modul: „" + rules_.modules[m].source + "“)"));
            }
    }

    // A rule only the explanation reads, for its `hinweis`: it gives a note, it decides nothing.
    bool note_only(std::uint32_t m, std::uint32_t d) const {
        return !rules_.modules[m].definitions[d].hinweis.empty() &&
               refs_.definition_users[refs_.global(m, d)].empty();
    }

    // ---- auslegung-ohne-text ---------------------------------------------------------------
    void interpretations() {
        // `interpretation ""` in a rule file: the checked rule set keeps only the text, so read the files.
        if (in_.sources)
            for (const auto& file : in_.sources->rule_files) {
                std::string_view text = file->text();
                std::size_t at = 0;
                while ((at = text.find("interpretation", at)) != std::string_view::npos) {
                    std::size_t q = text.find_first_not_of(" \t", at + 14);
                    bool comment_line = false;
                    for (std::size_t i = file->line_start(file->position(static_cast<std::uint32_t>(at)).line); i < at; ++i)
                        if (text[i] == '#' || text[i] == '"') comment_line = true;
                    if (!comment_line && q != std::string_view::npos && text[q] == '"') {
                        std::size_t close = text.find('"', q + 1);
                        if (close != std::string_view::npos && blank(std::string(text.substr(q + 1, close - q - 1))))
                            add("auslegung-ohne-text", file, Span{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(close + 1)},
                                "Auslegung ohne Text");
                    }
                    at += 14;
                }
            }
        for (std::uint32_t p = 0; p < program_.parameters.size(); ++p) {
            const Parameter& param = program_.parameters[p];
            for (const auto& v : param.versions)
                if (v.provenance == Provenance::interpretation && blank(v.note) && blank(v.source) && blank(param.source)) {
                    add("auslegung-ohne-text", param.file, param.span,
                        "Parameter „" + param.name + "“: ein Wert ist als Auslegung markiert, ohne quelle: oder hinweis:");
                    break;
                }
        }
    }

    // ---- ausgabe-ungetestet ----------------------------------------------------------------
    void untested_outputs() {
        if (!in_.tests) return;
        std::set<std::pair<std::uint32_t, std::uint32_t>> series;  // read and tested by klappt zeitachse
        for (const auto& t : program_.manifest.timelines) series.insert({t.module, t.output});
        // The modules `klappt zeitachse` evaluates for each day (its series and its dates) take
        // a day as a parameter: no rule test can reach their outputs; the zeitachse tests do.
        std::set<std::uint32_t> timeline_modules;
        for (const auto& t : program_.manifest.timelines) timeline_modules.insert(t.module);
        if (program_.manifest.timeline_dates) timeline_modules.insert(program_.manifest.timeline_dates->module);
        for (std::uint32_t m = 0; m < rules_.modules.size(); ++m) {
            if (timeline_modules.count(m)) continue;
            const Module& module = rules_.modules[m];
            for (std::uint32_t d : module.outputs) {
                if (in_.tests->evaluated.count({m, d}) || series.count({m, d})) continue;
                add("ausgabe-ungetestet", file_of(m), module.definitions[d].span,
                    "Ausgabe „" + rules_.qualified_name(m, d) + "“ wird von keinem Regeltest ausgewertet");
            }
        }
    }

    // ---- beispielwert (Bestandsliste) --------------------------------------------------------
    void example_values() {
        for (std::uint32_t p = 0; p < program_.parameters.size(); ++p) {
            if (refs_.param_users[p].empty()) continue;
            const Parameter& param = program_.parameters[p];
            std::size_t examples = 0;
            for (const auto& v : param.versions) examples += v.provenance == Provenance::example;
            if (examples == 0) continue;
            auto [um, ud] = refs_.definition_at[refs_.param_users[p].front()];
            std::string users = rules_.qualified_name(um, ud);
            if (refs_.param_users[p].size() > 1) users += " und " + std::to_string(refs_.param_users[p].size() - 1) + " weitere";
            add("beispielwert", param.file, param.span,
                "Beispielwert in Gebrauch: „" + param.name + "“ (" + std::to_string(examples) + " von " +
                    std::to_string(param.versions.size()) + (param.versions.size() == 1 ? " Wert" : " Werten") +
                    " art: beispiel), gelesen von " + users);
        }
    }

    // ---- rundung-undeklariert ----------------------------------------------------------------
    void rounding() {
        for (std::uint32_t m = 0; m < rules_.modules.size(); ++m)
            for (std::uint32_t d = 0; d < rules_.modules[m].definitions.size(); ++d) {
                const Definition& def = rules_.modules[m].definitions[d];
                std::string said = lower(def.label + " " + def.interpretation + " " + def.source);
                for (const TextTemplate& t : def.rechenweg)  // „… (abgerundet)“ in its calculation line
                    for (const auto& part : t.parts) said += " " + lower(part.text);
                if (said.find("rund") != std::string::npos || said.find("cent") != std::string::npos) continue;
                std::vector<NodeId> stack;
                auto push = [&](NodeId id) {
                    if (id != kNoNode) stack.push_back(id);
                };
                push(def.value);
                for (auto& v : def.versions) push(v.value);
                for (auto& e : def.exceptions) push(e.value);
                while (!stack.empty()) {
                    NodeId id = stack.back();
                    stack.pop_back();
                    const Node& n = rules_.nodes[id];
                    if (n.op == Op::mul_money_decimal || n.op == Op::div_money_int) {
                        add("rundung-undeklariert", file_of(n.module), n.span,
                            "„" + rules_.qualified_name(m, d) + "“ rundet hier auf den Cent (kaufmännisch), sagt es aber nicht");
                        break;
                    }
                    for_each_operand(n, rules_.children, [&](const NodeId& c) { stack.push_back(c); });
                }
            }
    }

    // ---- wege-ohne-ziel ---------------------------------------------------------------------
    // `klappt check --wege` needs both: facts that can change (hebel) and results that should
    // get better (besser).  One without the other is half a declaration.
    void ways() {
        struct Where {
            SourceRef file;
            Span span;
            std::string name;
        };
        std::optional<Where> lever, better;
        for (const auto& r : rules_.records)
            for (const auto& f : r.fields)
                if (f.lever && !lever) lever = Where{r.file, f.span, r.name + "." + f.name};
        for (const auto& in : rules_.inputs)
            if (in.field.lever && !lever) lever = Where{in.file, in.field.span, in.field.name};
        for (std::uint32_t m = 0; m < rules_.modules.size() && !better; ++m)
            for (std::uint32_t d = 0; d < rules_.modules[m].definitions.size() && !better; ++d)
                if (rules_.modules[m].definitions[d].better != Better::none)
                    better = Where{file_of(m), rules_.modules[m].definitions[d].span, rules_.qualified_name(m, d)};
        if (lever && !better)
            add("wege-ohne-ziel", lever->file, lever->span,
                "„" + lever->name + "“ ist ein Hebel (hebel), aber keine Ausgabe sagt mit „besser“, welcher Wert besser ist: "
                "klappt check --wege findet nichts");
        if (better && !lever)
            add("wege-ohne-ziel", better->file, better->span,
                "„" + better->name + "“ sagt mit „besser“, welcher Wert besser ist, aber keine Angabe eines Falls ist ein "
                "Hebel (hebel): klappt check --wege findet nichts");
    }

    const LintInput& in_;
    const Program& program_;
    const RuleSet& rules_;
    References refs_;
    std::vector<Diagnostic> out_;
};

}  // namespace

std::vector<Diagnostic> lint(const LintInput& input) { return Linter(input).run(); }

std::string render_finding(const Diagnostic& finding) {
    Diagnostic shown = finding;
    shown.message += " [" + finding.code + "]";
    std::string out = render(shown);
    if (const LintKind* kind = find_lint(finding.code))
        out += "  Hinweis: " + kind->hint + " (docs/lints/" + kind->id + ".md)\n";
    return out;
}

std::string apply_fixes(const SourceFile& file, const std::vector<Diagnostic>& findings) {
    std::vector<DiagnosticFix> fixes;
    for (const auto& f : findings)
        if (f.fix && f.source && f.source->name() == file.name()) fixes.push_back(*f.fix);
    // From the back, so earlier offsets stay valid; overlapping fixes: only the outer one.
    std::sort(fixes.begin(), fixes.end(), [](auto& a, auto& b) { return a.span.begin > b.span.begin; });
    std::string out(file.text());
    std::uint32_t limit = static_cast<std::uint32_t>(out.size()) + 1;
    for (const auto& fix : fixes) {
        if (fix.span.end > limit) continue;
        out.replace(fix.span.begin, fix.span.end - fix.span.begin, fix.replacement);
        limit = fix.span.begin;
    }
    return out;
}

}  // namespace klappt::authoring
