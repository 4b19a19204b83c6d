#include "dsl/file_kind.hpp"

#include <algorithm>

namespace klappt {

namespace {

constexpr std::string_view kSaveAsCsv =
    "; klappt liest Tabellen als CSV: in Excel „Datei → Speichern unter → CSV UTF-8 (durch Trennzeichen getrennt)“, "
    "in LibreOffice „Speichern unter → Text CSV“ mit „;“ als Trennzeichen";

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Control characters that no text klappt reads contains: C0 except tab, line feed,
// vertical tab, form feed and carriage return.
bool is_binary_byte(unsigned char c) { return c < 0x20 && (c < 0x09 || c > 0x0D); }

}  // namespace

std::optional<std::string> not_text_file(std::string_view start) {
    start = start.substr(0, kFileKindProbeBytes);
    // Signatures first: they name the file, which helps more than "binary".
    if (starts_with(start, "PK\x03\x04"))
        return "eine Excel- oder LibreOffice-Arbeitsmappe (.xlsx, .ods) oder ein ZIP-Archiv" + std::string(kSaveAsCsv);
    if (starts_with(start, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
        return "eine Excel-Arbeitsmappe im alten Format (.xls)" + std::string(kSaveAsCsv);
    if (starts_with(start, "%PDF-")) return std::string("ein PDF-Dokument; klappt liest nur Textdateien (YAML, CSV, Regeldateien)");
    if (starts_with(start, "\xFF\xFE") || starts_with(start, "\xFE\xFF"))
        return "Text in UTF-16 (so speichert Excel „Unicode-Text“)" + std::string(kSaveAsCsv);
    // Otherwise binary data: control characters are at least 1 % of the start (random bytes
    // have about 11 %, text none).  Fewer, and at least four: one stray byte stays an error of
    // its value or row, where the rest of the file is still read.
    auto binary = static_cast<std::size_t>(
        std::count_if(start.begin(), start.end(), [](char c) { return is_binary_byte(static_cast<unsigned char>(c)); }));
    if (binary >= 4 && binary * 100 >= start.size())
        return "Binärdaten (" + std::to_string(binary) + " Steuerzeichen in den ersten " + std::to_string(start.size()) +
               " Bytes) – ist die Datei beschädigt oder die falsche? klappt liest nur Textdateien (YAML, CSV, Regeldateien)";
    return std::nullopt;
}

std::string not_text_file_error(const std::string& path, const std::string& what) {
    return "„" + path + "“ ist keine Textdatei, die klappt lesen kann: " + what;
}

}  // namespace klappt
