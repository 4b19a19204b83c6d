#include "web/html.hpp"

#include "engine/render/markup_escape.hpp"

#include "engine/base/calendar.hpp"
#include "engine/base/money.hpp"

namespace klappt::web {

std::string escape(std::string_view text) { return markup_escaped(text); }

std::string german_date(std::string_view iso) {
    if (iso.size() != 10 || iso[4] != '-') return std::string(iso);
    auto day = calendar::parse(iso);
    return day ? calendar::german(*day) : std::string(iso);
}

std::string german_euro(std::string_view plain) {
    auto cents = money::parse_euro(plain);
    return cents ? money::german(*cents) : std::string(plain);
}

std::string german_amount(std::string_view plain) {
    auto cents = money::parse_euro(plain);
    return cents ? money::german_number(*cents) : std::string(plain);
}

namespace {

std::string nav_link(std::string_view href, std::string_view label, bool active) {
    std::string out = "<li><a href=\"" + std::string(href) + "\"";
    if (active) out += " aria-current=\"page\"";
    return out + ">" + std::string(label) + "</a></li>";
}

}  // namespace

std::string page(const PageContext& context, const std::string& title, const std::string& body, std::string_view active,
                 bool own_heading) {
    bool cases = context.role.empty() || context.role == "fallbearbeitung" || context.role == "verwaltung";
    bool finance = context.role.empty() || context.role == "finanzen" || context.role == "verwaltung";
    std::string out;
    out.reserve(body.size() + 2048);
    out += "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    out += escape(title);
    out += " – klappt</title>\n<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"/assets/desk.css\">\n"
           "<script src=\"/assets/desk.js\" defer></script>\n</head>\n<body>\n"
           "<a class=\"skip\" href=\"#inhalt\">Zum Inhalt springen</a>\n"
           "<header class=\"kopf\"><div class=\"breite\"><a class=\"marke\" href=\"/\">klappt <span>KI-Desk</span></a>\n"
           "<nav aria-label=\"Hauptnavigation\"><ul>";
    if (cases) out += nav_link("/faelle", "Fälle", active == "faelle");
    if (finance) out += nav_link("/finanzen", "Weiterleitungen prüfen", active == "finanzen");
    if (cases || finance) out += nav_link("/bilanz", "Zwischenbilanz", active == "bilanz");
    out += nav_link("/regeln", "Regelwerk", active == "regeln");
    out += "</ul></nav>";
    if (context.login) {
        out += "<form class=\"abmelden\" method=\"post\" action=\"/abmelden\"><input type=\"hidden\" name=\"csrf\" value=\"" +
               escape(context.csrf) + "\"><span>" + escape(context.user) +
               "</span> <button type=\"submit\" class=\"link\">Abmelden</button></form>";
    }
    out += "</div></header>\n<main id=\"inhalt\" class=\"breite\" tabindex=\"-1\">\n";
    if (!own_heading) out += "<h1>" + escape(title) + "</h1>\n";
    out += body;
    out += "\n</main>\n<footer class=\"fuss\"><div class=\"breite\">klappt – Förderprüfung „Durchstarten in Ausbildung "
           "und Arbeit“ / „Gemeinsam klappt’s“ (NRW). Alle Daten bleiben auf diesem Rechner.</div></footer>\n"
           "</body>\n</html>\n";
    return out;
}

}  // namespace klappt::web
