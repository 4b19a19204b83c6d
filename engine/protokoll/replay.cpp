#include "engine/protokoll/replay.hpp"

#include <map>
#include <sstream>

#include "engine/base/calendar.hpp"
#include "engine/base/money.hpp"
#include "engine/protokoll/canonical.hpp"

namespace klappt::protokoll {

namespace {

void flatten(const Json& j, const std::string& path, std::map<std::string, std::string>& out) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (it.key() == "regeln" || it.key() == "gruende") continue;
            flatten(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
        }
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) flatten(j[i], path + "." + std::to_string(i + 1), out);
    } else {
        out[path] = j.dump(-1, ' ', false, Json::error_handler_t::replace);
    }
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

Replay replay_record(const Record& r, const Program& program) {
    Replay out;
    out.nr = r.nr;
    out.case_id = r.case_id;
    std::optional<DayNumber> date;
    if (r.check_date_given) {
        auto day = calendar::parse(r.check_date);
        if (day) date = calendar::day_number(*day);
    }
    CheckInput now = evaluate_check(program, r.facts, r.user, date);
    out.result_json = now.result_json;
    out.explanation = now.explanation;
    out.result_identical = now.result_json == r.result_json;
    out.explanation_identical = now.explanation == r.explanation && r.explanation_format == now.explanation_format;
    out.identical = out.result_identical && out.explanation_identical;
    if (!out.result_identical) out.differences = result_differences(r.result_json, now.result_json);
    if (!out.explanation_identical) {
        auto before = lines_of(r.explanation), after = lines_of(now.explanation);
        for (std::size_t i = 0; i < std::max(before.size(), after.size()) && out.explanation_lines.size() < 5; ++i) {
            std::string b = i < before.size() ? before[i] : "", a = i < after.size() ? after[i] : "";
            if (b != a) out.explanation_lines.push_back("Zeile " + std::to_string(i + 1) + ": " + b + "  →  " + a);
        }
    }
    return out;
}

Record check_record(const Store& store, std::int64_t nr) {
    auto r = store.record(nr);
    if (!r) throw Error(Error::Kind::invalid_input, "Eintrag " + std::to_string(nr) + " gibt es nicht");
    if (r->kind != "pruefung")
        throw Error(Error::Kind::invalid_input, "Eintrag " + std::to_string(nr) + " ist keine Prüfung (sondern „" + r->kind + "“)");
    if (r->deleted_by)
        throw Error(Error::Kind::invalid_input, "Eintrag " + std::to_string(nr) + ": die Fakten wurden gelöscht (Eintrag " +
                                                    std::to_string(*r->deleted_by) + "); nicht nachrechenbar");
    return *r;
}

// `betrag` of each fundable measure, by its `baustein`.
std::map<std::string, std::int64_t> amounts(const std::string& result_json) {
    std::map<std::string, std::int64_t> out;
    Json j = Json::parse(result_json, nullptr, false);
    if (!j.is_object() || !j.contains("massnahmen") || !j["massnahmen"].is_array()) return out;
    for (const auto& m : j["massnahmen"]) {
        if (!m.is_object() || !m.contains("baustein") || !m["baustein"].is_string()) continue;
        std::string baustein = m["baustein"].get<std::string>();
        out[baustein] += 0;  // listed even when nothing is fundable
        if (m.contains("foerderfaehig") && m["foerderfaehig"] == false) continue;
        if (m.contains("betrag") && m["betrag"].is_string())
            if (auto cents = money::parse_euro(m["betrag"].get<std::string>())) out[baustein] += *cents;
    }
    return out;
}

}  // namespace

std::vector<Difference> result_differences(const std::string& before_json, const std::string& after_json) {
    std::map<std::string, std::string> before, after;
    Json b = Json::parse(before_json, nullptr, false), a = Json::parse(after_json, nullptr, false);
    if (b.is_discarded() || a.is_discarded()) return {{"", before_json, after_json}};
    flatten(b, "", before);
    flatten(a, "", after);
    std::vector<Difference> out;
    for (const auto& [field, value] : before) {
        auto it = after.find(field);
        if (it == after.end()) out.push_back({field, value, ""});
        else if (it->second != value) out.push_back({field, value, it->second});
    }
    for (const auto& [field, value] : after)
        if (!before.count(field)) out.push_back({field, "", value});
    // In result order rather than alphabetical would be nicer; alphabetical is stable and groups measures.
    return out;
}

Replay replay(const Store& store, std::int64_t nr, const Program* rules) {
    Record r = check_record(store, nr);
    std::shared_ptr<const Program> stored;
    if (!rules) {
        stored = store.rule_set(r.rules_sha256);
        rules = stored.get();
    }
    return replay_record(r, *rules);
}

Recalculation recalculate(const Store& store, const Program& rules, std::optional<DayNumber> from, std::optional<DayNumber> to) {
    Recalculation out;
    std::map<std::string, Record> latest;  // per case: its latest check
    std::vector<std::string> order;
    for (auto& r : store.records()) {
        if (r.kind != "pruefung") continue;
        auto day = calendar::parse(r.check_date);
        if (!day) continue;
        DayNumber d = calendar::day_number(*day);
        if ((from && d < *from) || (to && d > *to)) continue;
        if (!latest.count(r.case_id)) order.push_back(r.case_id);
        latest[r.case_id] = std::move(r);
    }
    std::map<std::string, BausteinTotal> totals;
    for (const auto& id : order) {
        const Record& r = latest[id];
        ++out.checks;
        if (r.deleted_by) {
            out.skipped.push_back("Fall " + id + " (Eintrag " + std::to_string(r.nr) + "): Fakten gelöscht");
            continue;
        }
        Replay replayed;
        try {
            replayed = replay_record(r, rules);
        } catch (const Error& e) {
            out.skipped.push_back("Fall " + id + " (Eintrag " + std::to_string(r.nr) + "): " + e.what());
            continue;
        }
        for (const auto& [baustein, cents] : amounts(r.result_json)) {
            totals[baustein].baustein = baustein;
            totals[baustein].before_cents += cents;
        }
        for (const auto& [baustein, cents] : amounts(replayed.result_json)) {
            totals[baustein].baustein = baustein;
            totals[baustein].after_cents += cents;
        }
        if (!replayed.differences.empty()) out.changed.push_back(std::move(replayed));
    }
    for (auto& [name, total] : totals) out.totals.push_back(total);
    return out;
}

}  // namespace klappt::protokoll
