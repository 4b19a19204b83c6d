#include "web/result_view.hpp"

#include <nlohmann/json.hpp>

#include "web/case_form.hpp"
#include "web/german_form.hpp"
#include "web/html.hpp"

namespace klappt::web {

namespace {
using json = nlohmann::ordered_json;
}

namespace detail_labels {
using json = nlohmann::ordered_json;

// Label and type of the outputs of one module (or of the top level).
struct OutputInfo {
    std::string label;
    TypeId type = 0;
};

const Definition* find_output(const Program& program, std::optional<std::uint32_t> module, const std::string& name) {
    const RuleSet& rules = program.rules;
    if (!module) {
        for (const OutputRef& o : rules.outputs) {
            const Definition& d = program.definition(o.module, o.definition);
            if (d.name == name) return &d;
        }
        return nullptr;
    }
    for (std::uint32_t d : rules.modules[*module].outputs)
        if (rules.modules[*module].definitions[d].name == name) return &rules.modules[*module].definitions[d];
    return nullptr;
}

std::string label_of(const Program& program, std::optional<std::uint32_t> module, const std::string& name,
                     const std::string& fallback) {
    const Definition* d = find_output(program, module, name);
    return d && !d->label.empty() ? d->label : fallback;
}

// The module of the elements of a list output (the measures), if it is one.
std::optional<std::uint32_t> element_module(const Program& program, const std::string& name) {
    const Definition* d = find_output(program, std::nullopt, name);
    if (!d) return std::nullopt;
    const TypeTable& types = program.rules.types;
    TypeId t = types.strip_optional(d->type);
    if (types.kind(t) != TypeKind::list) return std::nullopt;
    TypeId e = types[t].ref;
    if (types.kind(e) != TypeKind::instance) return std::nullopt;
    return types[e].ref;
}

// A value shown the German way, by the output's declared type.
std::string shown(const Program& program, std::optional<std::uint32_t> module, const std::string& name, const json& v) {
    if (v.is_null()) return "–";
    if (v.is_boolean()) return v.get<bool>() ? "ja" : "nein";
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (!v.is_string()) return v.dump();
    std::string s = v.get<std::string>();
    if (const Definition* d = find_output(program, module, name))
        if (std::optional<std::string> text = german_form(program, d->type, s)) return *text;
    if (s.size() == 10 && s[4] == '-') return german_date(s);
    return s;
}

std::string art_tag(const std::string& art) {
    if (art == "auslegung") return " <strong class=\"marke-auslegung\">Auslegung</strong>";
    if (art == "beispiel") return " <strong class=\"marke-beispiel\">Beispielwert</strong>";
    return "";
}

std::string reasons_html(const json& reasons) {
    std::string failed, met;
    for (const json& r : reasons) {
        if (!r.is_object()) continue;
        bool ok = r.value("erfuellt", false);
        std::string item = "<li class=\"" + std::string(ok ? "erfuellt" : "nicht-erfuellt") + "\"><span class=\"zeichen\">" +
                           (ok ? "✓" : "✗") + "</span><span class=\"versteckt\">" +
                           (ok ? "erfüllt: " : "nicht erfüllt: ") + "</span>" + escape(r.value("text", "")) +
                           art_tag(r.value("art", ""));
        if (!r.value("quelle", "").empty())
            item += "<span class=\"quelle\">Quelle: " + escape(r.value("quelle", "")) + "</span>";
        item += "</li>";
        (ok ? met : failed) += item;
    }
    std::string out;
    if (!failed.empty()) out += "<h4>Nicht erfüllt</h4><ul class=\"gruende\">" + failed + "</ul>";
    if (!met.empty())
        out += "<details class=\"gruende-erfuellt\"" + std::string(failed.empty() ? " open" : "") +
               "><summary>Erfüllte Voraussetzungen</summary><ul class=\"gruende\">" + met + "</ul></details>";
    return out;
}

// Values of a result object not shown otherwise (e.g. fields later versions add), as a summary list.
std::string row(const std::string& label, const std::string& value) {
    return "<div class=\"zeile\"><dt>" + escape(label) + "</dt><dd>" + escape(value) + "</dd></div>";
}

// The reasons that decided a result (`entscheidend`, from the evaluator's trace): failed
// conditions first, each with its source and whether it rests on an interpretation or an exception.
std::string deciding_html(const json& reasons) {
    std::string out;
    for (const json& r : reasons) {
        if (!r.is_object()) continue;
        std::string kind = r.value("art", "bedingung");
        bool ok = r.value("erfuellt", true);
        std::string mark = kind == "hinweis" ? "ℹ" : kind == "alternative" ? "→" : ok ? "✓" : "✗";
        std::string spoken = kind == "hinweis" ? "Hinweis: " : kind == "alternative" ? "stattdessen: " : ok ? "erfüllt: " : "nicht erfüllt: ";
        std::string css = kind == "hinweis" ? "hinweis" : kind == "alternative" ? "alternative" : ok ? "erfuellt" : "nicht-erfuellt";
        out += "<li class=\"" + css + "\"><span class=\"zeichen\" aria-hidden=\"true\">" + mark + "</span><span class=\"versteckt\">" +
               spoken + "</span>" + escape(r.value("text", ""));
        if (r.value("auslegung", false)) out += " <strong class=\"marke-auslegung\">Auslegung</strong>";
        if (r.contains("ausnahme") && r["ausnahme"].is_string())
            out += " <strong class=\"marke-ausnahme\">Ausnahme: " + escape(r["ausnahme"].get<std::string>()) + "</strong>";
        if (!r.value("quelle", "").empty()) out += "<span class=\"quelle\">Quelle: " + escape(r.value("quelle", "")) + "</span>";
        out += "</li>";
    }
    return out.empty() ? out : "<ul class=\"gruende entscheidend\">" + out + "</ul>";
}

std::string notes_html(const json& notes) {
    std::string out;
    for (const json& n : notes)
        if (n.is_string()) out += "<li>" + escape(n.get<std::string>()) + "</li>";
    return out.empty() ? out : "<ul class=\"hinweise\">" + out + "</ul>";
}

// A value row; with its calculation line (`rechenweg`) under the value when there is one.
std::string value_row(const std::string& label, const std::string& value, const json* calculation) {
    std::string dd = escape(value);
    if (calculation && calculation->is_string() && !calculation->get<std::string>().empty())
        dd += "<span class=\"rechenweg\">" + escape(calculation->get<std::string>()) + "</span>";
    return "<div class=\"zeile\"><dt>" + escape(label) + "</dt><dd>" + dd + "</dd></div>";
}

// Keys of a result object that are shown in their own way, not as a value row.
bool explanation_key(const std::string& key) {
    return key == "urteil" || key == "rechenweg" || key == "entscheidend" || key == "hinweise" || key == "gruende";
}

std::string measure_html(const Program& program, std::optional<std::uint32_t> module, const json& m, std::size_t index) {
    bool fundable = m.value("foerderfaehig", false);
    std::string title = m.contains("baustein") ? shown(program, module, "baustein", m["baustein"]) : "Maßnahme";
    std::string out = "<section class=\"massnahme " + std::string(fundable ? "ja" : "nein") +
                      "\" aria-labelledby=\"erg-m" + std::to_string(index) + "\"><h3 id=\"erg-m" + std::to_string(index) +
                      "\">" + std::to_string(index) + ". " + escape(title) + "</h3>";
    // The verdict sentence of the rule set (`urteil`), else the bare yes/no.
    std::string verdict = m.contains("urteil") && m["urteil"].is_string() ? m["urteil"].get<std::string>() : "";
    out += "<p class=\"status " + std::string(fundable ? "ja" : "nein") + "\">" +
           escape(verdict.empty() ? (fundable ? "förderfähig" : "nicht förderfähig") : verdict) + "</p>";
    const json* calculations = m.contains("rechenweg") && m["rechenweg"].is_object() ? &m["rechenweg"] : nullptr;
    out += "<dl class=\"werte\">";
    for (auto it = m.begin(); it != m.end(); ++it) {
        const std::string& key = it.key();
        if (key == "baustein" || key == "foerderfaehig" || explanation_key(key) || it->is_array() || it->is_object()) continue;
        if (key == "beispielwerte") continue;
        const json* line = calculations && calculations->contains(key) ? &(*calculations)[key] : nullptr;
        out += value_row(label_of(program, module, key, key), shown(program, module, key, *it), line);
    }
    out += "</dl>";
    if (m.value("beispielwerte", false))
        out += "<p class=\"hinweis-beispiel\">Dieses Ergebnis beruht auf <strong>Beispielwerten</strong> des Bescheids, "
               "nicht auf Rechtswerten.</p>";
    // Structured parts later versions add (lists of texts or of items with a text).
    for (auto it = m.begin(); it != m.end(); ++it) {
        if (explanation_key(it.key()) || !it->is_array() || it->empty()) continue;
        out += "<h4>" + escape(label_of(program, module, it.key(), it.key())) + "</h4><ul class=\"zusatz\">";
        for (const json& item : *it) {
            if (item.is_string()) out += "<li>" + escape(item.get<std::string>()) + "</li>";
            else if (item.is_object() && item.contains("text"))
                out += "<li>" + escape(item.value("text", "")) +
                       (item.contains("betrag") && item["betrag"].is_string()
                            ? " <span class=\"betrag\">" + escape(german_euro(item["betrag"].get<std::string>())) + "</span>"
                            : std::string()) +
                       "</li>";
            else out += "<li>" + escape(item.dump()) + "</li>";
        }
        out += "</ul>";
    }
    if (m.contains("entscheidend") && m["entscheidend"].is_array() && !m["entscheidend"].empty())
        out += "<h4>Entscheidend</h4>" + deciding_html(m["entscheidend"]);
    if (m.contains("hinweise") && m["hinweise"].is_array() && !m["hinweise"].empty())
        out += "<h4>Hinweise</h4>" + notes_html(m["hinweise"]);
    // Every condition, met or not, for whoever wants to see all of them.
    if (m.contains("gruende") && m["gruende"].is_array()) {
        if (m.contains("entscheidend"))
            out += "<details class=\"alle-gruende\"><summary>Alle geprüften Voraussetzungen</summary>" + reasons_html(m["gruende"]) + "</details>";
        else
            out += reasons_html(m["gruende"]);
    }
    return out + "</section>";
}

}  // namespace detail_labels

using namespace detail_labels;

std::string output_label(const Program& program, std::optional<std::uint32_t> module, const std::string& name) {
    return label_of(program, module, name, name);
}
std::optional<std::uint32_t> list_module(const Program& program, const std::string& name) { return element_module(program, name); }
std::string shown_value(const Program& program, std::optional<std::uint32_t> module, const std::string& name, const nlohmann::ordered_json& v) {
    return shown(program, module, name, v);
}

std::string short_verdict(const CheckedCase& checked) {
    if (!checked.valid) return "unvollständig";
    json r = json::parse(checked.json, nullptr, false);
    if (r.is_discarded() || !r.contains("massnahmen")) return "geprüft";
    std::size_t total = 0, fundable = 0;
    for (const json& m : r["massnahmen"]) {
        ++total;
        if (m.value("foerderfaehig", false)) ++fundable;
    }
    if (total == 0) return "ohne Maßnahme";
    if (fundable == 0) return "nicht förderfähig";
    return "förderfähig (" + std::to_string(fundable) + " von " + std::to_string(total) + ")";
}

std::string render_result(const Program& program, const CheckedCase& checked, const ResultExtras& extras) {
    std::string out = "<section class=\"ergebnis\" id=\"ergebnis\" aria-labelledby=\"ergebnis-titel\" aria-live=\"polite\">"
                      "<h2 id=\"ergebnis-titel\">Ergebnis</h2>";
    if (!checked.valid) {
        out += "<div class=\"urteil offen\"><p class=\"urteil-titel\">Noch kein Ergebnis</p><p>Es fehlen Angaben oder "
               "Angaben sind ungültig. Die Hinweise stehen im Formular bei den Feldern.</p><ul>";
        for (const auto& e : checked.errors) {
            std::string message = e.message.rfind("Pflichtfeld", 0) == 0
                                      ? "„" + field_label(program, e.field) + "“ fehlt"
                                      : (e.field.empty() ? "" : field_label(program, e.field) + ": ") + e.message;
            out += "<li>" + escape(message) + "</li>";
        }
        return out + "</ul></div></section>";
    }
    json r = json::parse(checked.explained_json.empty() ? checked.json : checked.explained_json, nullptr, false);
    if (r.is_discarded()) return out + "<p>Das Ergebnis ließ sich nicht lesen.</p></section>";
    std::optional<std::uint32_t> measure_module = element_module(program, "massnahmen");
    std::size_t total = 0, fundable = 0;
    if (r.contains("massnahmen"))
        for (const json& m : r["massnahmen"]) {
            ++total;
            if (m.value("foerderfaehig", false)) ++fundable;
        }
    std::string group = r.contains("zielgruppe") ? shown(program, std::nullopt, "zielgruppe", r["zielgruppe"]) : "";
    std::string verdict_class = total == 0 ? "neutral" : (fundable == total ? "ja" : (fundable ? "teils" : "nein"));
    out += "<div class=\"urteil " + verdict_class + "\"><p class=\"urteil-titel\">";
    if (total == 0) out += "Keine Maßnahme erfasst";
    else if (fundable == total) out += total == 1 ? "Förderfähig" : "Alle " + std::to_string(total) + " Maßnahmen förderfähig";
    else if (fundable == 0) out += total == 1 ? "Nicht förderfähig" : "Keine der " + std::to_string(total) + " Maßnahmen förderfähig";
    else out += std::to_string(fundable) + " von " + std::to_string(total) + " Maßnahmen förderfähig";
    out += "</p>";
    if (r.contains("urteil") && r["urteil"].is_string() && !r["urteil"].get<std::string>().empty())
        out += "<p class=\"urteil-satz\">" + escape(r["urteil"].get<std::string>()) + "</p>";
    if (!group.empty()) out += "<p>" + escape(label_of(program, std::nullopt, "zielgruppe", "Zielgruppe")) + ": <strong>" +
                               escape(group) + "</strong></p>";
    out += "</div>";
    // The person's values (age, age limits …): every single value of the top level except the case's identity.
    out += "<dl class=\"werte\">";
    out += row("Stichtag", german_date(r.value("stichtag", "")));
    for (auto it = r.begin(); it != r.end(); ++it) {
        const std::string& key = it.key();
        if (key == "fall" || key == "stichtag" || key == "zielgruppe" || explanation_key(key) || it->is_array() || it->is_object())
            continue;
        const json* line = r.contains("rechenweg") && r["rechenweg"].is_object() && r["rechenweg"].contains(key) ? &r["rechenweg"][key] : nullptr;
        out += value_row(label_of(program, std::nullopt, key, key), shown(program, std::nullopt, key, *it), line);
    }
    out += "</dl>";
    if (r.contains("entscheidend") && r["entscheidend"].is_object())
        for (auto it = r["entscheidend"].begin(); it != r["entscheidend"].end(); ++it)
            if (it->is_array() && !it->empty())
                out += "<h3>" + escape(label_of(program, std::nullopt, it.key(), it.key())) + "</h3>" + deciding_html(*it);
    if (r.contains("hinweise") && r["hinweise"].is_array() && !r["hinweise"].empty()) out += notes_html(r["hinweise"]);
    if (r.contains("massnahmen")) {
        std::size_t i = 0;
        for (const json& m : r["massnahmen"]) out += measure_html(program, measure_module, m, ++i);
    }
    // With one measure the sum repeats it.
    if (r.contains("summe") && r["summe"].is_object() && total > 1) {
        out += "<h3>" + escape(label_of(program, std::nullopt, "summe", "Summe")) + "</h3><dl class=\"werte summe\">";
        const json& s = r["summe"];
        for (auto it = s.begin(); it != s.end(); ++it)
            out += row(label_of(program, measure_module, it.key(), it.key()),
                       it->is_string() ? german_euro(it->get<std::string>()) : it->dump());
        out += "</dl>";
    }
    if (!extras.ways_html.empty()) out += extras.ways_html;
    if (!extras.timeline_svg.empty()) {
        out += "<h3>Zeitachse</h3><figure class=\"zeitachse\"><div class=\"zeitachse-bild\" role=\"img\" "
               "aria-label=\"Zeitachse der förderfähigen Eintrittstage; die Angaben stehen unter dem Bild als Text\">" +
               extras.timeline_svg + "</div>";
        if (!extras.timeline_text.empty())
            out += "<details><summary>Zeitachse als Text</summary><pre>" + escape(extras.timeline_text) + "</pre></details>";
        out += "</figure>";
    }
    if (r.contains("regeln") && r["regeln"].is_object())
        out += "<p class=\"regelstand\">Regelwerk " + escape(r["regeln"].value("version", "")) + ", SHA-256 " +
               escape(r["regeln"].value("sha256", "").substr(0, 12)) + "…</p>";
    return out + "</section>";
}

}  // namespace klappt::web
