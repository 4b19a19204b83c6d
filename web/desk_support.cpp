#include "web/desk_support.hpp"

#include <ctime>
#include <nlohmann/json.hpp>

#include "engine/base/calendar.hpp"
#include "engine/runtime/value_text.hpp"

namespace klappt::web {

void send_json_error(httplib::Response& res, int status, const std::string& message) {
    nlohmann::json body = {{"fehler", nlohmann::json::array({{{"feld", ""}, {"meldung", message}}})}};
    res.status = status;
    res.set_content(body.dump() + "\n", "application/json; charset=utf-8");
}

void send_too_large(httplib::Response& res, std::size_t limit) {
    res.status = 413;
    std::string mib = std::to_string(limit >> 20);
    res.set_content("Die Anfrage ist zu groß (höchstens " + mib + " MiB).\n", "text/plain; charset=utf-8");
    res.set_header("Connection", "close");
}

namespace {

nlohmann::json rule_set_json(const Program& p) {
    nlohmann::json examples = nlohmann::json::array();
    for (const Parameter& param : p.parameters)
        for (const ParameterVersion& v : param.versions) {
            if (v.provenance != Provenance::example) continue;
            examples.push_back({{"name", param.name},
                                {"bezeichnung", param.label},
                                {"wert", german_value(p, v.value, p.rules.params.empty() ? 0 : p.rules.params[&param - p.parameters.data()].type)},
                                {"ab", v.from == 0 ? nlohmann::json() : nlohmann::json(calendar::iso(calendar::from_day_number(v.from)))},
                                {"bis", v.to == kOpenEnd ? nlohmann::json() : nlohmann::json(calendar::iso(calendar::from_day_number(v.to)))},
                                {"quelle", v.source.empty() ? param.source : v.source},
                                {"hinweis", v.note}});
        }
    return {{"name", p.manifest.name}, {"version", p.manifest.version}, {"sha256", p.sha256}, {"beispielwerte", examples}};
}

}  // namespace

std::string rules_json(const Program& cases, const Program* finance) {
    nlohmann::json body = rule_set_json(cases);
    if (finance) body["finanzen"] = rule_set_json(*finance);
    return body.dump() + "\n";
}

DayNumber today() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return calendar::day_number(date::sys_days{date::year{local.tm_year + 1900} / static_cast<unsigned>(local.tm_mon + 1) /
                                               static_cast<unsigned>(local.tm_mday)});
}

}  // namespace klappt::web
