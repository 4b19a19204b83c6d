// The parse driver: reads the module header, then one declaration at a time.
// After a syntax error it skips to the next line that starts a declaration, so
// one mistake gives one error and the rest of the file is still checked.
#include "dsl/parser.hpp"

#include "dsl/grammar/entry.hpp"

namespace klappt::dsl {

namespace {

std::uint32_t skip_indent(const SourceFile& file, std::uint32_t line) {
    std::uint32_t offset = file.line_start(line);
    while (offset < file.text().size() && (file.text()[offset] == ' ' || file.text()[offset] == '\t')) ++offset;
    return offset;
}

bool starts_declaration(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    static constexpr std::string_view keywords[] = {"enum", "record", "input", "param",  "let",
                                                    "rule", "output", "import", "module"};
    for (std::string_view kw : keywords) {
        if (line.substr(i, kw.size()) != kw) continue;
        std::size_t after = i + kw.size();
        if (after == line.size() || line[after] == ' ' || line[after] == '\t') return true;
    }
    return false;
}

// Where to continue after an error at `offset` in the declaration that began at
// `item_start`: the next line that begins a declaration — the error's own line
// when the error sits on a declaration keyword that follows the failed item.
std::uint32_t resync(const SourceFile& file, std::uint32_t item_start, std::uint32_t offset) {
    std::uint32_t line = file.position(offset).line;
    if (!(offset > item_start && offset == skip_indent(file, line) && starts_declaration(file.line_text(line))))
        ++line;
    for (; line <= file.line_count(); ++line)
        if (starts_declaration(file.line_text(line))) return file.line_start(line);
    return static_cast<std::uint32_t>(file.text().size());
}

// The name a failed declaration was going to define (`let NAME …`), or "".
std::string declared_name(std::string_view text, std::uint32_t offset) {
    auto is_word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    };
    std::size_t i = offset;
    while (i < text.size() && is_word(text[i])) ++i;  // the keyword
    std::string_view keyword = text.substr(offset, i - offset);
    if (keyword == "import" || keyword == "module") return "";
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < text.size() && is_word(text[i])) ++i;
    return std::string(text.substr(start, i - start));
}

// Names longer than `max_length` (outside strings and comments), each reported once.
// Checked before parsing: a huge name would otherwise slow down every message that
// compares names (did you mean …?).
bool names_within(const SourceRef& source, std::size_t max_length, Diagnostics& diagnostics, std::size_t max_errors) {
    std::string_view text = source->text();
    auto is_first = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    auto is_char = [&](char c) { return is_first(c) || (c >= '0' && c <= '9'); };
    bool ok = true;
    std::size_t reported = 0;
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '#') {  // a comment, to the end of the line
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (c == '"') {  // a string: one line, \" and \\ escaped
            for (++i; i < text.size() && text[i] != '"' && text[i] != '\n'; ++i)
                if (text[i] == '\\' && i + 1 < text.size()) ++i;
            ++i;
        } else if (is_char(c)) {
            std::size_t start = i;
            while (i < text.size() && is_char(text[i])) ++i;
            if (is_first(c) && i - start > max_length) {
                ok = false;
                if (reported++ < max_errors)
                    diagnostics.error(source, Span{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(start + 1)},
                                      "Name zu lang: " + std::to_string(i - start) + " Zeichen (höchstens " +
                                          std::to_string(max_length) + ")");
            }
        } else {
            ++i;
        }
    }
    return ok;
}

}  // namespace

ParseResult parse(const SourceRef& source, const ParseLimits& limits) {
    ParseResult result;
    if (source->text().size() > limits.max_file_bytes) {
        result.diagnostics.file_error(source, "Regeldatei zu groß: " + std::to_string(source->text().size() / 1024) +
                                                  " KiB (höchstens " + std::to_string(limits.max_file_bytes / 1024) + " KiB)");
        return result;
    }
    if (source->text().find('\0') != std::string_view::npos) {
        result.diagnostics.file_error(source, "keine Textdatei (enthält Nullbytes)");
        return result;
    }
    if (!names_within(source, limits.max_identifier_length, result.diagnostics, limits.max_errors)) return result;

    ast::Module module;
    module.source = source;
    std::uint32_t offset = 0;
    switch (grammar::parse_module_header(source, offset, module, result.diagnostics, limits)) {
        case grammar::StepOutcome::at_end:
            result.diagnostics.file_error(source, "leere Regeldatei: erwartet „module name“");
            return result;
        case grammar::StepOutcome::failed:
            return result;  // without a module name nothing else can be attributed
        case grammar::StepOutcome::parsed:
            break;
    }

    for (;;) {
        std::uint32_t item_start = offset;
        auto outcome = grammar::parse_item(source, offset, module.items, result.diagnostics, limits);
        if (outcome == grammar::StepOutcome::at_end) break;
        if (outcome == grammar::StepOutcome::failed) {
            std::string name = declared_name(source->text(), item_start);
            if (!name.empty()) module.unparsed_names.push_back(name);
            if (result.diagnostics.error_count() >= limits.max_errors) {
                result.diagnostics.error(source, Span{offset, offset},
                                         "zu viele Fehler (" + std::to_string(limits.max_errors) +
                                             "); der Rest dieser Datei wird nicht geprüft: zuerst diese beheben");
                break;
            }
            offset = resync(*source, item_start, offset);
        }
    }
    result.module = std::move(module);
    return result;
}

}  // namespace klappt::dsl
