// Small helpers for writing the desk's HTML: escaping, German formatting of the
// io.md result values (ISO dates, amounts with a dot) and the page frame every
// page shares (header, navigation, main landmark).  Pages load only /assets/*
// (no inline script: the Content-Security-Policy forbids it).
#pragma once

#include <string>
#include <string_view>

namespace klappt::web {

// Text for HTML content and attribute values.
std::string escape(std::string_view text);

// "2021-03-15" → "15.03.2021"; anything else unchanged.
std::string german_date(std::string_view iso);
// "9365.00" → "9.365,00 €"; anything else unchanged.
std::string german_euro(std::string_view plain);
// "9365.00" → "9.365,00" (form fields: no € sign).
std::string german_amount(std::string_view plain);

// What the frame needs to know about the visitor.
struct PageContext {
    std::string user;       // shown name, "" for the single-user desk
    std::string role;       // fallbearbeitung | finanzen | verwaltung | "" (single user: all)
    std::string csrf;       // token for the logout form
    bool login = false;     // users exist (a logout button is shown)
};

// A whole page.  `title` goes into <title> and is the page's <h1> unless the body
// writes its own; `active` marks the navigation entry ("faelle", "finanzen", "bilanz").
std::string page(const PageContext& context, const std::string& title, const std::string& body,
                 std::string_view active = "", bool own_heading = false);

// The GOV.UK error summary: a box at the top listing every problem, each linking to its field.
struct ProblemLink {
    std::string field_id;  // "" when it belongs to no field
    std::string message;
};

}  // namespace klappt::web
