#include "authoring/rule_diff.hpp"

#include "engine/report/report.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "dsl/node_operands.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/input/csv_case_loader.hpp"
#include "engine/input/csv_reader.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/runtime/trace_walk.hpp"
#include "engine/runtime/value_text.hpp"
#include "engine/render/value_json.hpp"

namespace klappt::authoring {

namespace {

// case_json without the rule set's version and hash (they differ between any two sets).
std::string without_rules(std::string json) {
    auto at = json.find(", \"regeln\":");
    if (at == std::string::npos) return json;
    auto end = json.find('}', at);
    if (end == std::string::npos) return json;
    json.erase(at, end + 1 - at);
    return json;
}

void flatten(const nlohmann::json& j, const std::string& path, std::map<std::string, std::string>& out) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (path.empty() && (it.key() == "regeln" || it.key() == "fall")) continue;
            flatten(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
        }
    } else if (j.is_array()) {
        // Reasons (the built-in record Grund) are matched by their rule, not by position: a
        // reason added or dropped does not shift the others, so only the changed ones show.
        bool reasons = !j.empty() && std::all_of(j.begin(), j.end(), [](const nlohmann::json& e) {
            return e.is_object() && e.contains("regel") && e["regel"].is_string();
        });
        std::map<std::string, int> seen;
        for (std::size_t i = 0; i < j.size(); ++i) {
            std::string key = std::to_string(i + 1);
            if (reasons) {  // one value per reason: what it says, without the rule (in the key)
                key = "[" + j[i]["regel"].get<std::string>() + "]";
                if (int n = seen[key]++; n > 0) key += "#" + std::to_string(n + 1);
                nlohmann::json shown = j[i];
                shown.erase("regel");
                out[path + "." + key] = shown.dump();
                continue;
            }
            flatten(j[i], path + "." + key, out);
        }
        if (j.empty()) out[path] = "[]";
    } else {
        out[path] = j.dump();
    }
}

// The spans of a definition's texts people read (rechenweg, wenn_nicht, urteil, hinweis):
// each text in quotes and its `when` condition.
std::vector<Span> text_spans(const RuleSet& rules, const Definition& def) {
    std::vector<Span> out;
    for (const TextTemplates* texts : {&def.rechenweg, &def.wenn_nicht, &def.urteil, &def.hinweis})
        for (const TextTemplate& t : *texts) {
            out.push_back(t.span);
            if (t.condition != kNoNode) out.push_back(rules.nodes[t.condition].span);
        }
    return out;
}

// The texts people read of a definition, as written (for telling a change of wording from a
// change of value).
std::string texts_of(const RuleSet& rules, std::uint32_t m, std::uint32_t d) {
    std::string out;
    std::string_view text = rules.modules[m].file->text();
    for (Span at : text_spans(rules, rules.modules[m].definitions[d]))
        if (at.end > at.begin && at.end <= text.size()) out += std::string(text.substr(at.begin, at.end - at.begin)) + "|";
    return out;
}

// The text of a definition as written (from its name to its last node), blanks collapsed,
// without its texts people read (texts_of).
std::string definition_text(const RuleSet& rules, std::uint32_t m, std::uint32_t d) {
    const Definition& def = rules.modules[m].definitions[d];
    std::uint32_t end = def.span.end;
    std::vector<NodeId> stack;
    auto push = [&](NodeId id) {
        if (id != kNoNode) stack.push_back(id);
    };
    push(def.value);
    for (const auto& v : def.versions) push(v.value);
    for (const auto& e : def.exceptions) push(e.condition), push(e.value);
    while (!stack.empty()) {
        const Node& n = rules.nodes[stack.back()];
        stack.pop_back();
        if (n.module == m) end = std::max(end, n.span.end);
        for_each_operand(n, rules.children, [&](const NodeId& c) { stack.push_back(c); });
    }
    std::string written(rules.modules[m].file->text().substr(def.span.begin, end - def.span.begin));
    for (Span at : text_spans(rules, def))
        for (std::uint32_t i = std::max(at.begin, def.span.begin); i < std::min(at.end, end); ++i) written[i - def.span.begin] = ' ';
    std::string out;
    bool blank = false;
    for (char c : written) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            blank = true;
            continue;
        }
        if (blank && !out.empty()) out += ' ';
        blank = false;
        out += c;
    }
    return out + "|" + def.label + "|" + def.source + "|" + def.interpretation;
}

// `describe(rules, module, definition)` of every definition, by its qualified name.
template <typename Describe>
std::map<std::string, std::string> by_name(const RuleSet& rules, Describe describe) {
    std::map<std::string, std::string> out;
    for (std::uint32_t m = 0; m < rules.modules.size(); ++m)
        for (std::uint32_t d = 0; d < rules.modules[m].definitions.size(); ++d)
            out[rules.qualified_name(m, d)] = describe(rules, m, d);
    return out;
}

std::map<std::string, std::string> parameters_by_name(const Program& p) {
    std::map<std::string, std::string> out;
    for (const auto& param : p.parameters) {
        std::string text;
        for (const auto& v : param.versions)
            text += std::to_string(v.from) + ".." + std::to_string(v.to) + "=" + v.text + "/" +
                    provenance_word(v.provenance) + ";";
        out[param.name] = text;
    }
    return out;
}

// Whether a value of the old and one of the new evaluation would be written as the same JSON
// (json_value): compared by structure, without writing either.  Enum values by their names
// and records by their field names, so a value renamed or reordered between the sets counts
// as changed, as it would in the JSON.
bool same_value(Evaluator& ea, const Value& a, TypeId ta, Evaluator& eb, const Value& b, TypeId tb);

bool same_instance(Evaluator& ea, Frame* fa, Evaluator& eb, Frame* fb) {
    const Module& ma = ea.program().rules.modules[fa->module];
    const Module& mb = eb.program().rules.modules[fb->module];
    if (ma.outputs.size() != mb.outputs.size()) return false;
    for (std::size_t i = 0; i < ma.outputs.size(); ++i) {
        const Definition& da = ma.definitions[ma.outputs[i]];
        const Definition& db = mb.definitions[mb.outputs[i]];
        if (da.name != db.name || !same_value(ea, ea.force(fa, ma.outputs[i]), da.type, eb, eb.force(fb, mb.outputs[i]), db.type))
            return false;
    }
    return true;
}

bool same_value(Evaluator& ea, const Value& a, TypeId ta, Evaluator& eb, const Value& b, TypeId tb) {
    if (a.present != b.present) return false;
    if (!a.present) return true;
    const RuleSet &ra = ea.program().rules, &rb = eb.program().rules;
    TypeId sa = ra.types.strip_optional(ta), sb = rb.types.strip_optional(tb);
    TypeKind kind = ra.types.kind(sa);
    if (kind != rb.types.kind(sb)) return false;
    switch (kind) {
        case TypeKind::boolean: return a.b == b.b;
        case TypeKind::integer:
        case TypeKind::money: return a.i == b.i;
        case TypeKind::date: return a.day == b.day;
        case TypeKind::text: return std::string_view(a.text.data, a.text.size) == std::string_view(b.text.data, b.text.size);
        case TypeKind::enumeration:
            return ra.enums[ra.types[sa].ref].values[a.ordinal] == rb.enums[rb.types[sb].ref].values[b.ordinal];
        case TypeKind::list: {
            if (a.list.size != b.list.size) return false;
            TypeId ea_t = ra.types[sa].ref, eb_t = rb.types[sb].ref;
            for (std::uint32_t i = 0; i < a.list.size; ++i)
                if (!same_value(ea, a.list.items[i], ea_t, eb, b.list.items[i], eb_t)) return false;
            return true;
        }
        case TypeKind::record: {
            const RecordType& rta = ra.records[ra.types[sa].ref];
            const RecordType& rtb = rb.records[rb.types[sb].ref];
            if (rta.fields.size() != rtb.fields.size()) return false;
            for (std::size_t i = 0; i < rta.fields.size(); ++i)
                if (rta.fields[i].name != rtb.fields[i].name ||
                    ra.types.is_optional(rta.fields[i].type) != rb.types.is_optional(rtb.fields[i].type) ||
                    !same_value(ea, a.fields[i], rta.fields[i].type, eb, b.fields[i], rtb.fields[i].type))
                    return false;
            return true;
        }
        case TypeKind::instance: return same_instance(ea, a.frame, eb, b.frame);
        default:  // decimal, duration: as written (1,50 and 1,5 are the same number)
            return json_scalar(ea.program(), a, sa) == json_scalar(eb.program(), b, sb);
    }
}

// Whether both evaluations would write the same case JSON (without the rule-set versions).
bool same_outputs(Evaluator& ea, Evaluator& eb) {
    const RuleSet &ra = ea.program().rules, &rb = eb.program().rules;
    if (ra.outputs.size() != rb.outputs.size()) return false;
    for (std::size_t i = 0; i < ra.outputs.size(); ++i) {
        const Definition& da = ea.program().definition(ra.outputs[i].module, ra.outputs[i].definition);
        const Definition& db = eb.program().definition(rb.outputs[i].module, rb.outputs[i].definition);
        if (da.name != db.name || !same_value(ea, ea.output(i), da.type, eb, eb.output(i), db.type)) return false;
    }
    return true;
}

}  // namespace

struct RuleDiff::Impl {
    std::shared_ptr<const Program> old_program, new_program;
    Evaluator old_eval, new_eval;
    std::optional<ReportBuilder> old_report, new_report;
    DiffResult result;
    std::set<std::string> effective;  // causes seen in a changed case

    Impl(std::shared_ptr<const Program> o, std::shared_ptr<const Program> n, const ReportSpec* ro, const ReportSpec* rn)
        : old_program(std::move(o)), new_program(std::move(n)), old_eval(*old_program), new_eval(*new_program) {
        if (ro && rn) {
            old_report.emplace(*old_program, *ro);
            new_report.emplace(*new_program, *rn);
        }
    }

    // Every definition value and parameter value a case's outputs were computed from.
    static std::map<std::string, std::multiset<std::string>> traced_values(Evaluator& ev) {
        const Program& program = ev.program();
        const RuleSet& rules = program.rules;
        std::map<std::string, std::multiset<std::string>> out;
        for_each_reached_definition(ev, {}, [&](Frame* frame, std::uint32_t d, const Slot& slot) {
            const Definition& def = rules.modules[frame->module].definitions[d];
            out[rules.qualified_name(frame->module, d)].insert(german_value(program, slot.value, def.type));
            for (const TraceEdge* e = ev.edges_begin(slot); e != ev.edges_end(slot); ++e)
                if (e->kind == TraceEdge::Kind::parameter)
                    out["Parameter " + rules.params[e->index].name].insert(
                        german_value(program, e->value, rules.params[e->index].type));
        });
        return out;
    }

    std::vector<std::string> causes(const Case& a, const Case& b) {
        std::map<std::string, std::multiset<std::string>> va, vb;
        try {
            old_eval.start(a, true);
            va = traced_values(old_eval);
        } catch (const EvaluationError&) {
        }
        try {
            new_eval.start(b, true);
            vb = traced_values(new_eval);
        } catch (const EvaluationError&) {
        }
        std::vector<std::string> out;
        std::set<std::string> names;
        for (auto& [k, _] : va) names.insert(k);
        for (auto& [k, _] : vb) names.insert(k);
        for (const auto& name : names) {
            auto ia = va.find(name), ib = vb.find(name);
            if (ia == va.end() || ib == vb.end() || ia->second != ib->second) out.push_back(name);
        }
        return out;
    }

    // Starts the evaluation of `kase`; false (and the German error) when it fails.
    static bool start(Evaluator& ev, const Case& kase, std::string& error) {
        try {
            ev.start(kase);
            return true;
        } catch (const EvaluationError& e) {
            error = evaluation_error_text(ev.program(), e);
            return false;
        }
    }

    // The case's JSON of a started evaluation, or "" and its evaluation error.
    static std::string json_of(Evaluator& ev, std::string& error) {
        CaseResult result;
        collect_result(ev, {}, result);
        if (!result.evaluated()) {
            error = result.error;
            return "";
        }
        return without_rules(case_json(result));
    }

    static void count(std::optional<ReportBuilder>& report, Evaluator& ev, bool valid) {
        if (!report) return;
        try {
            if (valid) return report->add(ev);
        } catch (const EvaluationError&) {
        }
        report->add_invalid();
    }

    void add_pair(const std::string& id, const Case* a, const Case* b) {
        ++result.cases;
        CaseChange change;
        change.id = id;
        bool ran_a = a && start(old_eval, *a, change.old_error);
        bool ran_b = b && start(new_eval, *b, change.new_error);
        // Nearly every case is unchanged: compared value by value, it needs no JSON.
        bool same = false;
        if (ran_a && ran_b) {
            try {
                same = same_outputs(old_eval, new_eval);
            } catch (const EvaluationError&) {
            }
        }
        std::string ja = ran_a && !same ? json_of(old_eval, change.old_error) : "";
        std::string jb = ran_b && !same ? json_of(new_eval, change.new_error) : "";
        if (a) count(old_report, old_eval, ran_a && change.old_error.empty());
        if (b) count(new_report, new_eval, ran_b && change.new_error.empty());
        if (!a) change.old_error = "Fall ungültig";
        if (!b) change.new_error = "Fall ungültig";
        if (ja == jb && change.old_error == change.new_error) return;
        std::map<std::string, std::string> fa, fb;
        if (!ja.empty()) flatten(nlohmann::json::parse(ja), "", fa);
        if (!jb.empty()) flatten(nlohmann::json::parse(jb), "", fb);
        std::set<std::string> keys;
        for (auto& [k, _] : fa) keys.insert(k);
        for (auto& [k, _] : fb) keys.insert(k);
        for (const auto& k : keys) {
            auto ia = fa.find(k), ib = fb.find(k);
            std::string va = ia == fa.end() ? "null" : ia->second, vb = ib == fb.end() ? "null" : ib->second;
            if (va != vb) change.values.push_back({k, va, vb});
        }
        if (change.values.empty() && change.old_error == change.new_error) return;
        if (a && b) change.causes = causes(*a, *b);
        for (const auto& c : change.causes) effective.insert(c);
        result.changed.push_back(std::move(change));
    }
};

RuleDiff::RuleDiff(std::shared_ptr<const Program> old_program, std::shared_ptr<const Program> new_program,
                   const ReportSpec* old_report, const ReportSpec* new_report)
    : impl_(std::make_unique<Impl>(std::move(old_program), std::move(new_program), old_report, new_report)) {}

RuleDiff::~RuleDiff() = default;

void RuleDiff::add_file(const SourceRef& file, Diagnostics& diagnostics) {
    // Each document is parsed once and read under both rule sets (YAML parsing is most of
    // the time of a diff), one at a time: memory does not grow with the caseload.
    for_each_case_yaml({impl_->old_program.get(), impl_->new_program.get()}, file, diagnostics,
                       [&](std::vector<CaseDocument>& docs, std::vector<Diagnostics>& problems) {
                           diagnostics.append(problems[0]);  // the case's input errors (under the old set)
                           const Case* ca = docs[0].data.get();
                           const Case* cb = docs[1].data.get();
                           if (!ca && !cb) {
                               ++impl_->result.cases;
                               ++impl_->result.invalid;
                               return;
                           }
                           impl_->add_pair(ca ? ca->id : cb->id, ca, cb);
                       });
}

void RuleDiff::add_csv_file(const std::string& path, Diagnostics& diagnostics) {
    std::string error;
    auto reader = CsvReader::open(path, error);
    if (!reader) {
        diagnostics.general_error(error);
        return;
    }
    auto at = [&](const std::string& message) {
        diagnostics.general_error(path + ":" + std::to_string(reader->line()) + ": " + message);
    };
    std::vector<std::string_view> cells;
    if (!reader->next(cells)) {
        diagnostics.general_error(path + ": " + (reader->error().empty() ? "leere Datei: keine Kopfzeile mit den Spaltennamen gefunden"
                                                                         : reader->error()));
        return;
    }
    if (!reader->row_error().empty()) return at("Kopfzeile: " + reader->row_error() + "; die Datei wird nicht ausgewertet");
    // The columns are mapped under each rule set: a column the new set no longer knows is a
    // problem of the file as much as one the old set does not know.
    CsvCaseMapping old_mapping(*impl_->old_program, cells), new_mapping(*impl_->new_program, cells);
    for (const CsvCaseMapping* mapping : {&old_mapping, &new_mapping})
        for (const std::string& p : mapping->problems())
            at(p + (mapping == &old_mapping ? " (altes Regelwerk)" : " (neues Regelwerk)"));
    if (!old_mapping.problems().empty() || !new_mapping.problems().empty()) {
        diagnostics.general_error(path + ": die Spalten passen nicht zu beiden Regelwerken; die Datei wird nicht ausgewertet");
        return;
    }
    CsvCaseReader old_rows(old_mapping), new_rows(new_mapping);
    Case old_case, new_case;
    Evaluator old_checks(*impl_->old_program), new_checks(*impl_->new_program);
    while (reader->next(cells)) {
        if (!reader->row_error().empty()) {  // a stray quote, a row too long: this row only
            ++impl_->result.cases;
            ++impl_->result.invalid;
            at(reader->row_error());
            continue;
        }
        bool old_ok = old_rows.read(cells, reader->line(), old_case, old_checks);
        bool new_ok = new_rows.read(cells, reader->line(), new_case, new_checks);
        // A row the old set rejects is reported as such; one only the new set rejects, too.
        const CsvCaseReader& rejecting = old_ok ? new_rows : old_rows;
        if (!old_ok || !new_ok)
            for (const std::string& m : rejecting.messages())
                at("Fall „" + (old_ok ? new_case.id : old_case.id) + "“: " + m + (old_ok ? " (neues Regelwerk)" : ""));
        if (!old_ok && !new_ok) {
            ++impl_->result.cases;
            ++impl_->result.invalid;
            continue;
        }
        impl_->add_pair(old_ok ? old_case.id : new_case.id, old_ok ? &old_case : nullptr, new_ok ? &new_case : nullptr);
    }
    if (!reader->error().empty()) diagnostics.general_error(path + ": " + reader->error());
}

DiffResult RuleDiff::finish() {
    DiffResult& r = impl_->result;
    // What differs between the two rule sets, and whether it changed a case.
    auto compare = [&](const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b,
                       bool parameter) {
        std::set<std::string> names;
        for (auto& [k, _] : a) names.insert(k);
        for (auto& [k, _] : b) names.insert(k);
        for (const auto& name : names) {
            auto ia = a.find(name), ib = b.find(name);
            if (ia != a.end() && ib != b.end() && ia->second == ib->second) continue;
            RuleChange c;
            c.name = name;
            c.parameter = parameter;
            c.what = ia == a.end() ? "neu" : ib == b.end() ? "entfällt" : "geändert";
            c.has_effect = impl_->effective.count(parameter ? "Parameter " + name : name) > 0;
            r.rule_changes.push_back(c);
        }
    };
    const RuleSet &old_rules = impl_->old_program->rules, &new_rules = impl_->new_program->rules;
    compare(by_name(old_rules, definition_text), by_name(new_rules, definition_text), false);
    // A definition whose value is written the same but whose wording for people changed: it
    // changes explanations, no value — named, never an „Änderung ohne Wirkung“.
    auto old_texts = by_name(old_rules, texts_of), new_texts = by_name(new_rules, texts_of);
    std::set<std::string> value_changed;
    for (const auto& c : r.rule_changes) value_changed.insert(c.name);
    for (const auto& [name, text] : new_texts) {
        auto it = old_texts.find(name);
        if (it == old_texts.end() || it->second == text || value_changed.count(name)) continue;
        RuleChange c;
        c.name = name;
        c.what = "Text für Menschen geändert";
        c.text_only = true;
        r.rule_changes.push_back(c);
    }
    compare(parameters_by_name(*impl_->old_program), parameters_by_name(*impl_->new_program), true);

    if (impl_->old_report && impl_->new_report) {
        const Report& ro = impl_->old_report->report();
        const Report& rn = impl_->new_report->report();
        r.has_sums = true;
        r.sum_names = rn.sum_names;
        r.sum_labels = rn.sum_labels;
        std::map<std::string, SumRow> rows;
        std::vector<std::string> order;
        auto take = [&](const ReportMeasureRow& row, bool is_new) {
            auto [it, fresh] = rows.try_emplace(row.key);
            if (fresh) order.push_back(row.key);
            it->second.key = row.key;
            if (!row.label.empty()) it->second.label = row.label;
            (is_new ? it->second.new_cents : it->second.old_cents) = row.sums;
        };
        for (const auto& row : ro.measure_rows) take(row, false);
        for (const auto& row : rn.measure_rows) take(row, true);
        for (const auto& key : order) {
            SumRow row = rows[key];
            row.old_cents.resize(r.sum_names.size(), 0);
            row.new_cents.resize(r.sum_names.size(), 0);
            r.sums.push_back(row);
        }
        SumRow total;
        total.key = "gesamt";
        total.label = "Gesamt";
        total.old_cents = ro.measure_total.sums;
        total.new_cents = rn.measure_total.sums;
        total.old_cents.resize(r.sum_names.size(), 0);
        total.new_cents.resize(r.sum_names.size(), 0);
        r.sums.push_back(total);
    }
    return r;
}

}  // namespace klappt::authoring
