#include "engine/render/csv_writer.hpp"

namespace klappt {

namespace {

// A whole number or decimal with an optional sign, German or English separators
// (-5, -5,00, -1.234,56, +3, -0.5): Excel reads it as a number, never as a formula.
bool plain_number(std::string_view s) {
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
    if (s.empty() || s.front() < '0' || s.front() > '9') return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || c == '.' || c == ',')) return false;
    return true;
}

}  // namespace

bool csv_formula_like(std::string_view cell) {
    if (cell.empty()) return false;
    switch (cell.front()) {
        case '=': case '@': case '\t': case '\r': return true;
        case '+': case '-': return !plain_number(cell);
        default: return false;
    }
}

void append_csv_cell(std::string& out, std::string_view cell, char delimiter) {
    bool formula = csv_formula_like(cell);
    bool quote = formula;
    for (char c : cell)
        if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    if (!quote) {
        out.append(cell);
        return;
    }
    out.push_back('"');
    if (formula) out.push_back('\'');
    for (char c : cell) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string csv_cell(std::string_view cell, char delimiter) {
    std::string out;
    append_csv_cell(out, cell, delimiter);
    return out;
}

}  // namespace klappt
