#include "engine/input/scalar_parsing.hpp"

#include "dsl/diagnostic.hpp"
#include "dsl/enum_lookup.hpp"
#include "engine/base/calendar.hpp"
#include <algorithm>
#include <cctype>

namespace klappt {

namespace {

std::string quoted(std::string_view text) {
    std::string t(text.substr(0, 60));
    return "„" + t + (text.size() > 60 ? "…" : "") + "“";
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

}  // namespace

std::optional<bool> parse_bool(std::string_view text) {
    std::string t(text);
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t == "true" || t == "ja" || t == "yes" || t == "wahr" || t == "1") return true;
    if (t == "false" || t == "nein" || t == "no" || t == "falsch" || t == "0") return false;
    return std::nullopt;
}

bool is_scalar_type(const RuleSet& rules, TypeId type) {
    return is_scalar_kind(rules.types.kind(rules.types.strip_optional(type)));
}

std::string expected_text(const RuleSet& rules, TypeId type) {
    TypeId t = rules.types.strip_optional(type);
    switch (rules.types.kind(t)) {
        case TypeKind::boolean: return "ja/nein (true/false)";
        case TypeKind::integer: return "eine ganze Zahl";
        case TypeKind::decimal: return "eine Zahl";
        case TypeKind::money: return "einen Betrag in Euro (z. B. 49.00, höchstens zwei Nachkommastellen, nicht negativ)";
        case TypeKind::date: return "ein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)";
        case TypeKind::text: return "einen Text";
        case TypeKind::duration: return "eine Dauer (z. B. 55 Tage, 8 Wochen, 3 Monate)";
        case TypeKind::enumeration: return "einen dieser Werte: " + join(rules.enums[rules.types[t].ref].values);
        case TypeKind::record: return "eine Zuordnung mit den Feldern von " + rules.records[rules.types[t].ref].name;
        case TypeKind::list: return "eine Liste";
        default: return rules.type_name(t);
    }
}

ScalarResult parse_scalar(const RuleSet& rules, TypeId type, std::string_view text, Arena& arena,
                          money::Notation notation) {
    TypeId t = rules.types.strip_optional(type);
    auto fail = [&](std::string msg) { return ScalarResult{std::nullopt, std::move(msg)}; };
    switch (rules.types.kind(t)) {
        case TypeKind::boolean: {
            auto b = parse_bool(text);
            if (!b) return fail(quoted(text) + " ist kein Wahrheitswert; erwartet true/false (ja/nein)");
            return {Value::boolean(*b), ""};
        }
        case TypeKind::integer: {
            std::int64_t v = 0;
            bool negative = !text.empty() && text.front() == '-';
            std::string_view digits = negative ? text.substr(1) : text;
            if (digits.empty() || digits.size() > 15) return fail(quoted(text) + " ist keine ganze Zahl");
            for (char c : digits) {
                if (c < '0' || c > '9') return fail(quoted(text) + " ist keine ganze Zahl");
                v = v * 10 + (c - '0');
            }
            return {Value::integer(negative ? -v : v), ""};
        }
        case TypeKind::decimal: {
            auto d = money::parse_decimal(text);
            if (!d) return fail(quoted(text) + " ist keine Zahl");
            return {Value::decimal(*d), ""};
        }
        case TypeKind::money: {
            bool too_large = false;
            auto cents = money::parse_euro(text, notation, &too_large);
            if (!cents && too_large)
                return fail(quoted(text) + " ist zu groß für einen Betrag; erlaubt sind höchstens " + money::kMaxEuroText);
            if (!cents)
                return fail(quoted(text) + " ist kein Betrag; erwartet Euro mit höchstens zwei Nachkommastellen, z. B. " +
                            (notation == money::Notation::german ? "1.234,56" : "1234.56"));
            if (*cents < 0) return fail("negativer Betrag " + quoted(text) + " ist nicht zulässig");
            return {Value::cents(*cents), ""};
        }
        case TypeKind::date: {
            // Spreadsheet cells (German notation) may also drop leading zeros: 1.1.2021.
            auto d = notation == money::Notation::german ? calendar::parse_spreadsheet(text) : calendar::parse(text);
            if (!d) return fail("ungültiges Datum " + quoted(text) + "; erwartet JJJJ-MM-TT oder TT.MM.JJJJ, und den Tag muss es im Kalender geben");
            return {Value::date(calendar::day_number(*d)), ""};
        }
        case TypeKind::text: return {Value::text_ref(arena.copy(text)), ""};
        case TypeKind::duration: {
            // "55 days", "8 Wochen", "3 months", "1 Jahr": a whole number and one unit.
            std::size_t space = text.find(' ');
            std::int64_t count = 0;
            std::string_view number = text.substr(0, space), unit = space == std::string_view::npos ? "" : text.substr(space + 1);
            bool ok = !number.empty() && number.size() <= 6;
            for (char c : number) ok = ok && c >= '0' && c <= '9';
            if (ok)
                for (char c : number) count = count * 10 + (c - '0');
            struct Unit {
                std::string_view name;
                int months, days;
            };
            static const Unit units[] = {{"day", 0, 1},    {"days", 0, 1},    {"Tag", 0, 1},    {"Tage", 0, 1},
                                         {"week", 0, 7},   {"weeks", 0, 7},   {"Woche", 0, 7},  {"Wochen", 0, 7},
                                         {"month", 1, 0},  {"months", 1, 0},  {"Monat", 1, 0}, {"Monate", 1, 0},
                                         {"year", 12, 0},  {"years", 12, 0},  {"Jahr", 12, 0}, {"Jahre", 12, 0}};
            for (const Unit& u : units)
                if (ok && unit == u.name)
                    return {Value::duration(static_cast<std::int32_t>(count * u.months),
                                            static_cast<std::int32_t>(count * u.days)),
                            ""};
            return fail(quoted(text) + " ist keine Dauer; erwartet z. B. 55 Tage, 8 Wochen, 3 Monate oder 1 Jahr");
        }
        case TypeKind::enumeration: {
            // By code, label or a word the rule set declares, forgiving case and umlauts (dsl/enum_lookup).
            const EnumType& e = rules.enums[rules.types[t].ref];
            if (auto i = find_enum_value(e, text)) return {Value::enumeration(*i), ""};
            return fail(unknown_enum_value_message(e, text));
        }
        default: return fail("Werte vom Typ " + rules.type_name(t) + " können hier nicht angegeben werden");
    }
}

}  // namespace klappt
