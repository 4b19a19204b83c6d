#include "web/interview_view.hpp"

#include <memory>

#include "dsl/diagnostic.hpp"
#include "engine/base/field_path.hpp"
#include "engine/input/partial_case.hpp"
#include "web/case_form.hpp"
#include "web/checking.hpp"
#include "web/html.hpp"
#include "web/result_view.hpp"

namespace klappt::web {

namespace {



std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : " ") + item;
    return out;
}

const Definition* find_top_output(const Program& program, const std::string& name) {
    for (const OutputRef& o : program.rules.outputs)
        if (const Definition& d = program.definition(o.module, o.definition); d.name == name) return &d;
    return nullptr;
}

}  // namespace

std::vector<std::string> asked_fields(const Interview& asked) {
    std::vector<std::string> fields;
    for (const AskedFact& fact : asked.missing) fields.push_back(fact.field);
    fields.insert(fields.end(), asked.unchecked.begin(), asked.unchecked.end());
    return fields;
}

std::optional<Interview> form_interview(const Program& program, const std::string& yaml) {
    Diagnostics diagnostics;
    auto documents = load_partial_cases_yaml(program, std::make_shared<const SourceFile>("Fall", yaml), diagnostics);
    if (documents.size() != 1 || !documents.front().data || documents.front().data->unknowns.empty()) return std::nullopt;
    InterviewOptions options;
    options.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(800);
    return interview(thread_evaluator(program), *documents.front().data, options);
}

std::string output_path_label(const Program& program, const std::string& path) {
    std::vector<std::string> parts = split_field_path(path);
    std::string top = output_label(program, std::nullopt, parts.front());
    if (parts.size() == 1) return top;
    if (parts.size() >= 3 && is_list_position(parts[1]))
        return output_label(program, list_module(program, parts[0]), parts[2]) + " (" + top + " Nr. " + parts[1] + ")";
    // A field of a record output (summe.betrag): the record's field label.
    std::string field = parts.back();
    if (const Definition* d = find_top_output(program, parts.front())) {
        const TypeTable& types = program.rules.types;
        TypeId t = types.strip_optional(d->type);
        if (types.kind(t) == TypeKind::record)
            for (const FieldType& f : program.rules.records[types[t].ref].fields)
                if (f.name == field && !f.label.empty()) field = f.label;
    }
    return field + " (" + top + ")";
}

std::string no_questions_marker() { return "<div hidden data-fragen data-gebraucht=\"\" data-nicht-gebraucht=\"\"></div>"; }

std::string render_questions(const Program& program, const Interview& asked) {
    std::vector<std::string> needed = asked_fields(asked);
    std::string out = "<section class=\"fragen\" id=\"fragen\" aria-labelledby=\"fragen-titel\" aria-live=\"polite\" data-fragen"
                      " data-gebraucht=\"" + escape(joined(needed)) + "\" data-nicht-gebraucht=\"" +
                      escape(joined(asked.not_needed)) + "\"><h2 id=\"fragen-titel\">Noch zu klären</h2>";
    if (asked.settled) {
        std::size_t empty = asked.not_needed.size();
        return out + "<p>Alle Angaben, die das Ergebnis noch ändern könnten, liegen vor – das Ergebnis steht fest." +
               (empty == 0 ? std::string()
                           : " " + std::string(empty == 1 ? "Ein leeres Feld ändert" : std::to_string(empty) + " leere Felder ändern") +
                                 " es nicht und " + (empty == 1 ? "wird" : "werden") + " deshalb nicht gefragt.") +
               "</p></section>";
    }
    if (!asked.valid) {
        return out + "<div class=\"urteil nein\"><p class=\"urteil-titel\">So ist kein Fall möglich</p><p>" +
               escape(asked.invalid_reason) + "</p></div></section>";
    }
    out += "<p>Für das Ergebnis " + std::string(asked.missing.size() == 1 ? "fehlt noch eine Angabe" : "fehlen noch " +
                                                   std::to_string(asked.missing.size()) + " Angaben") +
           ". Gefragt wird nur, was das Ergebnis noch ändern kann – in dieser Reihenfolge:</p><ol class=\"fragenliste\">";
    for (const AskedFact& fact : asked.missing) {
        std::string label = fact.label.empty() ? field_label(program, fact.field) : fact.label;
        out += "<li><a href=\"#" + field_id(fact.field) + "\">" + escape(label) + "</a><span class=\"grund\">" +
               escape(fact.reason) + "</span></li>";
    }
    out += "</ol>";
    if (!asked.unchecked.empty()) {
        // The search was cut before these could be decided: they may matter, so they are asked too.
        out += "<p>Ob diese Angaben das Ergebnis ändern, ließ sich noch nicht entscheiden; bitte auch angeben:</p>"
               "<ol class=\"fragenliste\" start=\"" + std::to_string(asked.missing.size() + 1) + "\">";
        for (const std::string& path : asked.unchecked)
            out += "<li><a href=\"#" + field_id(path) + "\">" + escape(field_label(program, path)) + "</a></li>";
        out += "</ol>";
    }
    if (!asked.open.empty()) {
        constexpr std::size_t kShown = 6;
        out += "<p class=\"offen\">Noch offen: ";
        for (std::size_t i = 0; i < asked.open.size() && i < kShown; ++i)
            out += (i ? ", " : "") + escape(output_path_label(program, asked.open[i]));
        if (asked.open.size() > kShown) out += " und " + std::to_string(asked.open.size() - kShown) + " weitere";
        out += ".</p>";
    }
    if (!asked.complete && !asked.notes.empty()) {
        out += "<details class=\"hinweise-suche\"><summary>Warum die Liste nicht sicher vollständig ist</summary><ul>";
        for (const std::string& note : asked.notes) out += "<li>" + escape(note) + "</li>";
        out += "</ul></details>";
    }
    return out + "</section>";
}

}  // namespace klappt::web
