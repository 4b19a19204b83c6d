// Finding an enum value from what a person typed (issue 10, item 7: a forgiving front door).
//
// A case file may name a value by its code (`duldung`), its label (`Duldung (§ 60a
// AufenthG)`), the label without its explanation in brackets (`Duldung`), or a word the
// rule set declares for it (`duldung "…" auch "geduldet"`), and case, umlauts written as
// ae/oe/ue/ss, blanks, underscores, hyphens and punctuation do not matter (`EU-Bürger` =
// `eu_buerger`).  The words are the rule set's; nothing here knows a value.
#pragma once

#include <cstdint>
#include <optional>
#include <initializer_list>
#include <string>
#include <string_view>

#include "dsl/rule_set.hpp"

namespace klappt {

// A comparison key: lower case, ä/ö/ü/ß as ae/oe/ue/ss, ASCII letters and digits and
// other UTF-8 letters kept; ASCII punctuation, blanks and the UTF-8 `punctuation` dropped.
std::string folded_key(std::string_view text, std::initializer_list<std::string_view> punctuation);

// The key enum values are matched by (folded_key; non-breaking blank, typographic quotes
// and dashes are punctuation).
std::string loose_key(std::string_view text);

// Every form value `i` of `e` is accepted in (code, label, label before „ (“, synonyms).
std::vector<std::string> enum_value_forms(const EnumType& e, std::uint32_t i);

// The value `text` names: the exact code first, else the one value whose forms have its
// key; nullopt when none does or more than one would (ambiguous: never guessed).
std::optional<std::uint32_t> find_enum_value(const EnumType& e, std::string_view text);

// The message for a text that names no value: what is allowed, and the nearest value
// („unbekannter Wert „Dulding“; erlaubt: duldung, …; meinten Sie „duldung“ (Duldung …)?“).
std::string unknown_enum_value_message(const EnumType& e, std::string_view text);

}  // namespace klappt
