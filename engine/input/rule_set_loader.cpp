#include "engine/input/rule_set_loader.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "dsl/checker.hpp"
#include "dsl/parser.hpp"
#include "engine/base/calendar.hpp"
#include "engine/input/parameter_coverage.hpp"
#include "engine/input/rule_set_hash.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "engine/input/yaml_support.hpp"

namespace klappt {

namespace fs = std::filesystem;

namespace {

constexpr const char* kManifestName = "regelwerk.yaml";

std::string sha256_of(const std::vector<SourceRef>& files, const fs::path& directory) {
    std::vector<std::pair<std::string, std::string_view>> named;
    for (const auto& f : files) named.emplace_back(rule_set_file_name(*f, directory), f->text());
    return rule_set_sha256(named);
}

SourceRef read(const fs::path& path, Diagnostics& diagnostics, std::size_t max_bytes) {
    std::string error;
    auto file = read_source_file(path.string(), error, max_bytes);
    if (!file) diagnostics.general_error(error);
    return file;
}

// `zeitachse:` names series as `module.output`; they are resolved once the rules are checked.
struct PendingTimeline {
    std::string name, target;
    Span span;
};

// `zeitachse: texte:` — how a boundary is named (TimelineTexts).
struct TimelineTextKey {
    const char* key;
    std::string TimelineTexts::*field;
    int placeholders;
};
const TimelineTextKey kTimelineTextKeys[] = {
    {"tag_vor", &TimelineTexts::day_before, 1},
    {"tag_nach", &TimelineTexts::day_after, 1},
    {"geburtstag", &TimelineTexts::birthday, 1},
    {"tag_vor_geburtstag", &TimelineTexts::day_before_birthday, 1},
    {"tag_nach_geburtstag", &TimelineTexts::day_after_birthday, 1},
    {"fassung", &TimelineTexts::version, 2},
};

// `weiterleitung:` names inputs and an output; they are resolved once the rules are checked.
struct PendingName {
    std::string name;
    Span span;
};
struct PendingForwarding {
    PendingName bescheid, list, table, verdict, verdict_text;
};

// `weiterleitung:` — its keys, in the order they are documented.
const char* const kForwardingKeys[] = {"bescheid", "liste", "tabelle", "urteil", "ergebnis"};

int count_placeholders(const std::string& text) {
    int n = 0;
    for (std::size_t at = text.find("{}"); at != std::string::npos; at = text.find("{}", at + 2)) ++n;
    return n;
}

// Reads `weiterleitung: {bescheid: …, liste: …, tabelle: …, urteil: …, ergebnis: …}` (the last three
// as modul.ausgabe); every key is required.
template <typename At>
std::optional<PendingForwarding> read_forwarding(const SourceRef& file, const YAML::Node& section, const At& at,
                                                 Diagnostics& diagnostics) {
    const std::string allowed = "bescheid, liste, tabelle, urteil, ergebnis";
    if (!section.IsMap()) {
        diagnostics.error(file, at(section), "weiterleitung: erwartet eine Zuordnung mit " + allowed +
                                                 " (die Eingaben für Bescheid und Weiterleitungen, die Ausgabe für --csv, "
                                                 "die Ausgaben, ob alles in Ordnung ist und als Satz)");
        return std::nullopt;
    }
    std::vector<std::string> keys(std::begin(kForwardingKeys), std::end(kForwardingKeys));
    bool ok = true;
    for (auto e = section.begin(); e != section.end(); ++e) {
        std::string key = e->first.Scalar();
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
        diagnostics.error(file, at(e->first), "weiterleitung: unbekannter Eintrag „" + key + "“" + did_you_mean(key, keys) +
                                                  "; erlaubt: " + allowed);
        ok = false;
    }
    PendingForwarding pending;
    PendingName* targets[] = {&pending.bescheid, &pending.list, &pending.table, &pending.verdict, &pending.verdict_text};
    for (std::size_t i = 0; i < keys.size(); ++i) {
        YAML::Node value = section[keys[i]];
        if (!value) {
            diagnostics.error(file, at(section), "weiterleitung: es fehlt „" + keys[i] + "“; erwartet " + allowed);
            ok = false;
            continue;
        }
        auto text = yaml_support::scalar(value);
        if (!text || text->empty()) {
            diagnostics.error(file, at(value), "weiterleitung." + keys[i] + ": erwartet einen Namen");
            ok = false;
            continue;
        }
        *targets[i] = {*text, at(value)};
    }
    if (!ok) return std::nullopt;
    return pending;
}

void load_manifest(const SourceRef& file, Manifest& manifest, Diagnostics& diagnostics,
                   std::vector<PendingTimeline>& timelines, std::optional<PendingTimeline>& dates,
                   std::optional<PendingForwarding>& forwarding) {
    auto docs = yaml_support::split_documents(file->text());
    if (docs.empty()) return;
    auto root = yaml_support::parse(file, docs[0], diagnostics);
    if (!root) return;
    if (!root->IsMap()) {
        diagnostics.file_error(file, "erwartet eine Zuordnung mit name, version, fall, stichtag");
        return;
    }
    static const std::set<std::string> known = {"name",         "version",   "fall",         "stichtag",
                                                "beschreibung", "zeitachse", "weiterleitung"};
    auto at = [&](const YAML::Node& n) { return yaml_support::span_at(*file, docs[0], n.Mark()); };
    for (auto it = root->begin(); it != root->end(); ++it) {
        std::string key = it->first.Scalar();
        if (!known.count(key)) {
            diagnostics.error(file, at(it->first),
                              "unbekannter Eintrag „" + key + "“" + did_you_mean(key, std::vector<std::string>(known.begin(), known.end())) +
                                  "; erlaubt: name, version, fall, stichtag, beschreibung, zeitachse, weiterleitung");
            continue;
        }
        if (key == "weiterleitung") {
            forwarding = read_forwarding(file, it->second, at, diagnostics);
            continue;
        }
        if (key == "zeitachse") {
            YAML::Node section = it->second;
            if (!section.IsMap()) {
                diagnostics.error(file, at(section), "zeitachse: erwartet von, bis und reihen");
                continue;
            }
            for (const char* bound : {"von", "bis"}) {
                if (!section[bound]) continue;
                auto d = calendar::parse(section[bound].Scalar());
                if (!d) diagnostics.error(file, at(section[bound]), std::string("zeitachse.") + bound + ": ungültiges Datum");
                else (std::string(bound) == "von" ? manifest.timeline_from : manifest.timeline_to) = calendar::day_number(*d);
            }
            YAML::Node series = section["reihen"];
            if (!series || !series.IsMap()) {
                diagnostics.error(file, at(section), "zeitachse.reihen: erwartet name: modul.ausgabe");
                continue;
            }
            for (auto s = series.begin(); s != series.end(); ++s)
                timelines.push_back({s->first.Scalar(), s->second.IsScalar() ? s->second.Scalar() : "", at(s->second)});
            for (auto e = section.begin(); e != section.end(); ++e) {
                std::string k = e->first.Scalar();
                if (k != "von" && k != "bis" && k != "reihen" && k != "daten" && k != "texte")
                    diagnostics.error(file, at(e->first), "zeitachse: unbekannter Eintrag „" + k + "“; erlaubt: von, bis, reihen, daten, texte");
            }
            if (YAML::Node d = section["daten"]) dates = PendingTimeline{"daten", d.IsScalar() ? d.Scalar() : "", at(d)};
            YAML::Node texts = section["texte"];
            if (!texts || !texts.IsMap()) {
                diagnostics.error(file, at(section), "zeitachse.texte: erwartet die Texte, mit denen eine Grenze benannt wird "
                                                     "(tag_vor, tag_nach, geburtstag, tag_vor_geburtstag, tag_nach_geburtstag, fassung)");
                continue;
            }
            for (const auto& key : kTimelineTextKeys) {
                YAML::Node t = texts[key.key];
                if (!t || !t.IsScalar()) {
                    diagnostics.error(file, at(texts), std::string("zeitachse.texte: es fehlt „") + key.key + "“");
                    continue;
                }
                if (count_placeholders(t.Scalar()) != key.placeholders) {
                    diagnostics.error(file, at(t), std::string("zeitachse.texte.") + key.key + ": erwartet " +
                                                       (key.placeholders == 1 ? "einmal {}" : "zweimal {}"));
                    continue;
                }
                manifest.timeline_texts.*key.field = t.Scalar();
            }
            for (auto t = texts.begin(); t != texts.end(); ++t)
                if (std::none_of(std::begin(kTimelineTextKeys), std::end(kTimelineTextKeys),
                                 [&](const TimelineTextKey& k) { return t->first.Scalar() == k.key; }))
                    diagnostics.error(file, at(t->first), "zeitachse.texte: unbekannter Text „" + t->first.Scalar() + "“");
            continue;
        }
        auto value = yaml_support::scalar(it->second);
        if (!value) {
            diagnostics.error(file, yaml_support::span_at(*file, docs[0], it->second.Mark()), "„" + key + "“ braucht einen Text");
            continue;
        }
        if (key == "name") manifest.name = *value;
        else if (key == "version") manifest.version = *value;
        else if (key == "fall") manifest.case_id = *value;
        else if (key == "stichtag") manifest.check_date = *value;
    }
}

std::optional<Provenance> provenance(const std::string& word) {
    if (word == "fakt") return Provenance::fact;
    if (word == "auslegung" || word == "interpretation") return Provenance::interpretation;
    if (word == "beispiel") return Provenance::example;
    return std::nullopt;
}

// Reads all parameter files into `program.parameters` (indexed like rules.params).
// `unparsed` holds names of declarations that did not parse (their values are not
// reported as undeclared: one mistake, one error); `declarations_complete` is false when
// a whole rule file could not be read, so any name may be declared there.
void load_parameters(const std::vector<SourceRef>& files, Program& program, Diagnostics& diagnostics,
                     const std::set<std::string>& unparsed = {}, bool declarations_complete = true) {
    const RuleSet& rules = program.rules;
    program.parameters.resize(rules.params.size());
    std::map<std::string, std::uint32_t> index;
    for (std::uint32_t i = 0; i < rules.params.size(); ++i) {
        index[rules.params[i].name] = i;
        program.parameters[i].name = rules.params[i].name;
        program.parameters[i].label = rules.params[i].label;
        program.parameters[i].source = rules.params[i].source;
    }
    std::vector<std::string> names;
    for (auto& [n, _] : index) names.push_back(n);
    std::vector<bool> defined(rules.params.size(), false);
    // A declared parameter that an undeclared (misspelt) key was taken for: its missing
    // values are the same mistake and are not reported again.
    std::vector<bool> suggested(rules.params.size(), false);
    Arena scratch;

    for (const auto& file : files) {
        for (const auto& doc : yaml_support::split_documents(file->text())) {
            auto root = yaml_support::parse(file, doc, diagnostics);
            if (!root) continue;
            auto at = [&](const YAML::Node& n) { return yaml_support::span_at(*file, doc, n.Mark()); };
            if (!root->IsMap()) {
                diagnostics.error(file, at(*root), "erwartet Parameter als Zuordnung „name: {werte: …}“");
                continue;
            }
            std::set<std::string> duplicated;
            if (auto dup = yaml_support::duplicate_key(*root)) {
                diagnostics.error(file, at(*dup), "Parameter „" + dup->Scalar() + "“ ist in dieser Datei doppelt");
                duplicated.insert(dup->Scalar());
            }
            std::set<std::string> seen_here;
            for (auto it = root->begin(); it != root->end(); ++it) {
                std::string name = it->first.Scalar();
                // The second entry of a duplicated key is the mistake already reported.
                if (!seen_here.insert(name).second && duplicated.count(name)) continue;
                auto found = index.find(name);
                if (found == index.end()) {
                    if (unparsed.count(name) || !declarations_complete) continue;
                    std::string close = closest_name(name, names);
                    if (!close.empty()) suggested[index[close]] = true;
                    diagnostics.error(file, at(it->first), "Parameter „" + name + "“ ist in keiner Regeldatei deklariert (param " +
                                                               name + ": …)" + did_you_mean(name, names));
                    continue;
                }
                std::uint32_t p = found->second;
                if (rules.types.kind(rules.params[p].type) == TypeKind::error) continue;  // its type is already an error
                if (defined[p]) {
                    diagnostics.error(file, at(it->first), "Parameter „" + name + "“ ist mehrfach mit Werten belegt");
                    continue;
                }
                defined[p] = true;
                Parameter& param = program.parameters[p];
                param.file = file;
                param.span = at(it->first);
                YAML::Node body = it->second;
                if (!body.IsMap()) {
                    diagnostics.error(file, at(body), "„" + name + "“ braucht bezeichnung, quelle, art und werte");
                    continue;
                }
                Provenance default_kind = Provenance::fact;
                bool has_values = false;
                static const std::set<std::string> keys = {"bezeichnung", "einheit", "quelle", "art", "beispiel",
                                                           "hinweis", "werte", "wert"};
                for (auto f = body.begin(); f != body.end(); ++f) {
                    std::string key = f->first.Scalar();
                    if (!keys.count(key))
                        diagnostics.error(file, at(f->first), "unbekannter Eintrag „" + key + "“ bei Parameter „" + name +
                                                                  "“; erlaubt: bezeichnung, einheit, quelle, art, beispiel, hinweis, werte, wert");
                }
                if (auto v = body["bezeichnung"]) param.label = v.Scalar();
                if (auto v = body["einheit"]) param.unit = v.Scalar();
                if (auto v = body["quelle"]) param.source = v.Scalar();
                if (auto v = body["art"]) {
                    auto k = provenance(v.Scalar());
                    if (!k) diagnostics.error(file, at(v), "art muss fakt, auslegung oder beispiel sein");
                    else default_kind = *k;
                }
                if (auto v = body["beispiel"]) {
                    auto b = parse_bool(v.Scalar());
                    if (!b) diagnostics.error(file, at(v), "beispiel: erwartet true oder false");
                    else if (*b) default_kind = Provenance::example;
                }
                auto add_version = [&](const YAML::Node& entry, const YAML::Node& value_node) {
                    ParameterVersion version;
                    version.provenance = default_kind;
                    if (entry.IsMap()) {
                        if (auto ab = entry["ab"]) {
                            auto d = calendar::parse(ab.Scalar());
                            if (!d) diagnostics.error(file, at(ab), "ab: ungültiges Datum „" + ab.Scalar() + "“");
                            else version.from = calendar::day_number(*d);
                        } else {
                            version.from = std::numeric_limits<DayNumber>::min();
                        }
                        if (auto bis = entry["bis"]) {
                            auto d = calendar::parse(bis.Scalar());
                            if (!d) diagnostics.error(file, at(bis), "bis: ungültiges Datum „" + bis.Scalar() + "“");
                            else version.to = calendar::day_number(*d);
                        }
                        if (auto a = entry["art"]) {
                            auto k = provenance(a.Scalar());
                            if (!k) diagnostics.error(file, at(a), "art muss fakt, auslegung oder beispiel sein");
                            else version.provenance = *k;
                        }
                        if (auto b = entry["beispiel"]) {
                            if (parse_bool(b.Scalar()).value_or(false)) version.provenance = Provenance::example;
                        }
                        if (auto q = entry["quelle"]) version.source = q.Scalar();
                        if (auto h = entry["hinweis"]) version.note = h.Scalar();
                    } else {
                        version.from = std::numeric_limits<DayNumber>::min();
                    }
                    auto text = yaml_support::scalar(value_node);
                    if (!text) {
                        diagnostics.error(file, at(value_node), "„" + name + "“: wert fehlt oder ist kein einzelner Wert");
                        return;
                    }
                    version.text = *text;
                    auto parsed = parse_scalar(rules, rules.params[p].type, version.text, scratch);
                    if (!parsed.value) {
                        diagnostics.error(file, at(value_node), "„" + name + "“ (" + rules.type_name(rules.params[p].type) +
                                                                    "): " + parsed.error);
                        return;
                    }
                    version.value = *parsed.value;
                    param.versions.push_back(std::move(version));
                    has_values = true;
                };
                if (auto w = body["wert"]) add_version(body, w);
                if (auto werte = body["werte"]) {
                    if (!werte.IsSequence()) {
                        diagnostics.error(file, at(werte), "werte: erwartet eine Liste von {ab, wert}");
                    } else {
                        for (const auto& entry : werte) {
                            if (!entry.IsMap() || !entry["wert"]) {
                                diagnostics.error(file, at(entry), "jeder Eintrag unter werte braucht „wert“ (und meist „ab“)");
                                continue;
                            }
                            add_version(entry, entry["wert"]);
                        }
                    }
                }
                if (!has_values && !body["wert"] && !body["werte"])
                    diagnostics.error(file, at(it->first), "Parameter „" + name + "“ hat keinen Wert (werte: - {ab: …, wert: …})");
                std::stable_sort(param.versions.begin(), param.versions.end(),
                                 [](auto& a, auto& b) { return a.from < b.from; });
            }
        }
    }
    for (std::uint32_t i = 0; i < rules.params.size(); ++i) {
        if (defined[i] || suggested[i]) continue;
        const auto& decl = rules.params[i];
        if (rules.types.kind(decl.type) == TypeKind::error) continue;
        diagnostics.error(decl.file, decl.span, "Parameter „" + decl.name + "“ hat keine Werte in parameter/*.yaml");
    }
    // Text values must point into the program, not into the scratch arena.
    for (auto& param : program.parameters)
        for (auto& v : param.versions)
            if (rules.types.kind(rules.types.strip_optional(rules.params[&param - program.parameters.data()].type)) ==
                TypeKind::text)
                v.value = Value::text_ref(v.text);
}

// `zeitachse: daten: modul` — see TimelineDates.
void resolve_timeline_dates(const PendingTimeline& p, const SourceRef& file, Program& program, Diagnostics& diagnostics) {
    const RuleSet& rules = program.rules;
    auto fail = [&](const std::string& message) { diagnostics.error(file, p.span, "zeitachse.daten: " + message); };
    auto module = rules.find_module(p.target);
    if (!module) {
        fail("unbekanntes Modul „" + p.target + "“");
        return;
    }
    const Module& m = rules.modules[*module];
    if (m.params.size() != 1 || rules.types.kind(m.params[0].type) != TypeKind::date) {
        fail("Modul „" + m.name + "“ braucht genau einen date-Parameter (den Stichtag)");
        return;
    }
    TimelineDates dates;
    dates.module = *module;
    std::optional<std::uint32_t> record;
    for (std::uint32_t d : m.outputs) {
        TypeId t = rules.types.strip_optional(m.definitions[d].type);
        if (rules.types.kind(t) == TypeKind::list) t = rules.types[t].ref;
        if (rules.types.kind(t) != TypeKind::record || (record && *record != rules.types[t].ref)) {
            fail("jede Ausgabe von „" + m.name + "“ muss derselbe Verbund (datum, was, frist) oder eine Liste davon sein; „" +
                 m.definitions[d].name + "“ ist es nicht");
            return;
        }
        record = rules.types[t].ref;
    }
    if (!record) {
        fail("Modul „" + m.name + "“ hat keine Ausgaben");
        return;
    }
    const RecordType& r = rules.records[*record];
    bool ok = true;
    auto field = [&](const char* name, TypeKind kind, std::uint32_t& index) {
        for (std::uint32_t i = 0; i < r.fields.size(); ++i)
            if (r.fields[i].name == name && rules.types.kind(r.fields[i].type) == kind) {
                index = i;
                return;
            }
        ok = false;
    };
    field("datum", TypeKind::date, dates.date_field);
    field("was", TypeKind::text, dates.text_field);
    field("frist", TypeKind::boolean, dates.deadline_field);
    if (!ok) {
        fail("der Verbund „" + r.name + "“ braucht die Felder datum: date, was: text und frist: bool");
        return;
    }
    program.manifest.timeline_dates = dates;
}

void resolve_timelines(const std::vector<PendingTimeline>& pending, const SourceRef& file, Program& program,
                       Diagnostics& diagnostics) {
    const RuleSet& rules = program.rules;
    for (const auto& p : pending) {
        auto fail = [&](const std::string& message) {
            diagnostics.error(file, p.span, "zeitachse.reihen." + p.name + ": " + message);
        };
        auto dot = p.target.find('.');
        if (dot == std::string::npos) {
            fail("erwartet modul.ausgabe");
            continue;
        }
        auto module = rules.find_module(p.target.substr(0, dot));
        if (!module) {
            fail("unbekanntes Modul „" + p.target.substr(0, dot) + "“");
            continue;
        }
        const Module& m = rules.modules[*module];
        TimelineDeclaration decl;
        decl.name = p.name;
        decl.module = *module;
        bool found = false;
        for (std::uint32_t d = 0; d < m.definitions.size(); ++d)
            if (m.definitions[d].name == p.target.substr(dot + 1)) {
                decl.output = d;
                found = true;
            }
        TypeId output_type = found ? m.definitions[decl.output].type : TypeId{};
        decl.valued = found && rules.types.is_optional(output_type) &&
                      rules.types.kind(rules.types.strip_optional(output_type)) == TypeKind::enumeration;
        if (!found || (rules.types.kind(output_type) != TypeKind::boolean && !decl.valued)) {
            fail("„" + p.target + "“ muss eine Definition vom Typ bool oder eine optionale Aufzählung (Typ?) sein");
            continue;
        }
        std::optional<std::uint32_t> day, key;
        bool ok = true;
        for (std::uint32_t i = 0; i < m.params.size(); ++i) {
            TypeKind k = rules.types.kind(m.params[i].type);
            if (k == TypeKind::date && !day) day = i;
            else if (k == TypeKind::enumeration && !key) key = i;
            else ok = false;
        }
        if (!ok || !day) {
            fail("Modul „" + m.name + "“ braucht genau einen date-Parameter (den Tag) und höchstens einen Aufzählungsparameter");
            continue;
        }
        decl.day_param = *day;
        decl.key_param = key;
        program.manifest.timelines.push_back(decl);
    }
}

// `weiterleitung:` — the Bescheid a record input, the forwardings a list of records, the
// table a list output, the verdict a bool and a text output, each of a module without parameters
// (given as modul.ausgabe).
void resolve_forwarding(const PendingForwarding& p, const SourceRef& file, Program& program, Diagnostics& diagnostics) {
    const RuleSet& rules = program.rules;
    ForwardingDeclaration declared;
    bool ok = true;
    std::vector<std::string> inputs;
    for (const auto& in : rules.inputs) inputs.push_back(in.field.name);
    auto input = [&](const PendingName& name, const char* key, bool list, std::uint32_t& out) {
        auto found = rules.find_input(name.name);
        if (!found) {
            diagnostics.error(file, name.span, std::string("weiterleitung.") + key + ": das Regelwerk deklariert keine Eingabe „" +
                                                   name.name + "“" + did_you_mean(name.name, inputs));
            ok = false;
            return;
        }
        TypeId type = rules.types.strip_optional(rules.inputs[*found].field.type);
        TypeId record = type;
        if (list && rules.types.kind(type) == TypeKind::list) record = rules.types.strip_optional(rules.types[type].ref);
        if ((list && rules.types.kind(type) != TypeKind::list) || rules.types.kind(record) != TypeKind::record) {
            diagnostics.error(file, name.span, std::string("weiterleitung.") + key + ": die Eingabe „" + name.name + "“ ist " +
                                                   rules.type_name(rules.inputs[*found].field.type) + ", erwartet " +
                                                   (list ? "eine Liste von Verbünden (list of …)" : "einen Verbund"));
            ok = false;
            return;
        }
        out = *found;
    };
    input(p.bescheid, "bescheid", false, declared.bescheid_input);
    input(p.list, "liste", true, declared.list_input);

    std::vector<std::string> outputs;
    for (const OutputRef& ref : rules.outputs)
        outputs.push_back(rules.modules[ref.module].name + "." + program.definition(ref.module, ref.definition).name);
    // A top-level output given as modul.ausgabe, of the kind `expected` (described as `expected_text`).
    auto output = [&](const PendingName& name, const char* key, TypeKind expected, const char* expected_text,
                      std::uint32_t& out) {
        auto fail = [&](const std::string& message) {
            diagnostics.error(file, name.span, std::string("weiterleitung.") + key + ": " + message);
            ok = false;
        };
        auto found = std::find(outputs.begin(), outputs.end(), name.name);
        if (name.name.find('.') == std::string::npos) {
            // An output's bare name: suggest it with its module.
            std::string with_module;
            for (const auto& o : outputs)
                if (o.size() > name.name.size() && o.compare(o.size() - name.name.size(), std::string::npos, name.name) == 0 &&
                    o[o.size() - name.name.size() - 1] == '.')
                    with_module = o;
            fail("erwartet modul.ausgabe" + (with_module.empty() ? did_you_mean(name.name, outputs)
                                                                 : "; meinten Sie „" + with_module + "“?"));
        } else if (found == outputs.end()) {
            fail("keine Ausgabe „" + name.name + "“ in einem Modul ohne Parameter" + did_you_mean(name.name, outputs));
        } else {
            auto index = static_cast<std::uint32_t>(found - outputs.begin());
            const OutputRef& ref = rules.outputs[index];
            TypeId type = program.definition(ref.module, ref.definition).type;
            if (rules.types.kind(rules.types.strip_optional(type)) != expected)
                fail("„" + name.name + "“ ist " + rules.type_name(type) + ", erwartet " + expected_text);
            else out = index;
        }
    };
    output(p.table, "tabelle", TypeKind::list, "eine Liste (eine Zeile je Element)", declared.table_output);
    output(p.verdict, "urteil", TypeKind::boolean, "bool (ja: alle Weiterleitungen in Ordnung)", declared.verdict_output);
    output(p.verdict_text, "ergebnis", TypeKind::text, "text (das Urteil als Satz)", declared.verdict_text_output);
    if (ok) program.manifest.forwarding = declared;
}

}  // namespace

std::optional<RuleSetSources> collect_rule_set(const fs::path& directory, Diagnostics& diagnostics) {
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) {
        diagnostics.general_error("Regelverzeichnis nicht gefunden: " + directory.string());
        return std::nullopt;
    }
    RuleSetSources sources;
    if (fs::exists(directory / kManifestName)) sources.manifest = read(directory / kManifestName, diagnostics, limits::kMaxRuleFileBytes);
    std::vector<fs::path> rule_paths, parameter_paths;
    for (auto it = fs::recursive_directory_iterator(directory, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const fs::path& p = it->path();
        std::string name = p.filename().string();
        if (it->is_directory()) {
            if (name.empty() || name[0] == '.' || fs::exists(p / kManifestName)) it.disable_recursion_pending();
            continue;
        }
        if (p.extension() == ".rules") {
            rule_paths.push_back(p);
        } else if (p.extension() == ".yaml") {
            // Parameters are the YAML files below the rule set's own `parameter/` folder.
            fs::path relative = p.lexically_relative(directory);
            if (relative.begin() != relative.end() && *relative.begin() == "parameter" &&
                std::distance(relative.begin(), relative.end()) >= 2)
                parameter_paths.push_back(p);
        }
    }
    std::sort(rule_paths.begin(), rule_paths.end());
    std::sort(parameter_paths.begin(), parameter_paths.end());
    for (auto& p : rule_paths)
        if (auto f = read(p, diagnostics, limits::kMaxRuleFileBytes)) sources.rule_files.push_back(f);
    for (auto& p : parameter_paths)
        if (auto f = read(p, diagnostics, limits::kMaxRuleFileBytes)) sources.parameter_files.push_back(f);
    if (sources.rule_files.empty() && !diagnostics.has_errors())
        diagnostics.general_error("keine Regeldateien (*.rules) in " + directory.string());
    return sources;
}

void load_parameter_values(const std::vector<SourceRef>& files, Program& program, Diagnostics& diagnostics) {
    program.parameters.clear();
    load_parameters(files, program, diagnostics);
}

LoadResult load_rule_set(const fs::path& directory) {
    LoadResult result;
    auto sources = collect_rule_set(directory, result.diagnostics);
    if (!sources || result.diagnostics.has_errors()) return result;
    LoadResult loaded = load_rule_set(*sources, directory);
    loaded.diagnostics.append(result.diagnostics);
    return loaded;
}

LoadResult load_rule_set(const RuleSetSources& sources, const fs::path& directory) {
    LoadResult result;
    auto program = std::make_shared<Program>();
    program->directory = directory;
    std::vector<PendingTimeline> timelines;
    std::optional<PendingTimeline> timeline_dates;
    std::optional<PendingForwarding> forwarding;
    if (sources.manifest)
        load_manifest(sources.manifest, program->manifest, result.diagnostics, timelines, timeline_dates, forwarding);
    if (program->manifest.name.empty()) program->manifest.name = directory.filename().string();

    std::vector<ast::Module> modules;
    bool all_headers_read = true;
    for (const auto& file : sources.rule_files) {
        auto parsed = dsl::parse(file);
        result.diagnostics.append(parsed.diagnostics);
        if (parsed.module) modules.push_back(std::move(*parsed.module));
        else all_headers_read = false;
    }
    std::set<std::string> unparsed;
    for (const auto& m : modules) unparsed.insert(m.unparsed_names.begin(), m.unparsed_names.end());
    dsl::CheckOptions options{program->manifest.case_id, program->manifest.check_date};
    auto checked = dsl::check(modules, options);
    result.diagnostics.append(checked.diagnostics);
    if (!checked.rule_set || result.diagnostics.has_errors()) {
        // All errors in one run: the parameter files are checked against the declarations
        // that could be read, so a typo there shows up with the rule errors, not after them.
        if (checked.partial_rule_set) {
            Program partial;
            partial.rules = std::move(*checked.partial_rule_set);
            load_parameters(sources.parameter_files, partial, result.diagnostics, unparsed, all_headers_read);
        }
        return result;
    }

    program->rules = std::move(*checked.rule_set);
    link_constants(*program);
    inline_single_use_definitions(*program);
    resolve_timelines(timelines, sources.manifest, *program, result.diagnostics);
    if (timeline_dates) resolve_timeline_dates(*timeline_dates, sources.manifest, *program, result.diagnostics);
    if (forwarding) resolve_forwarding(*forwarding, sources.manifest, *program, result.diagnostics);
    load_parameters(sources.parameter_files, *program, result.diagnostics);
    if (result.diagnostics.has_errors()) return result;
    check_parameter_coverage(*program, result.diagnostics);

    std::vector<SourceRef> all;
    if (sources.manifest) all.push_back(sources.manifest);
    all.insert(all.end(), sources.rule_files.begin(), sources.rule_files.end());
    all.insert(all.end(), sources.parameter_files.begin(), sources.parameter_files.end());
    program->sha256 = sha256_of(all, directory);
    program->sources = std::make_shared<const RuleSetSources>(sources);
    result.program = std::move(program);
    return result;
}

}  // namespace klappt
