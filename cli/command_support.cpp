#include "cli/command_support.hpp"

#include <cctype>
#include <iostream>

#include "cli/rules_location.hpp"
#include "engine/base/calendar.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/input/csv_case_loader.hpp"
#include "engine/input/csv_reader.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/input/yaml_support.hpp"

namespace klappt::cli {

std::optional<DayNumber> date_option(const std::string& command, const std::string& option, const std::string& text,
                                     bool& ok) {
    if (text.empty()) return std::nullopt;
    auto day = calendar::parse(text);
    if (!day) {
        std::cerr << "klappt " << command << ": " << option << " „" << text
                  << "“ ist kein gültiges Datum (erwartet JJJJ-MM-TT oder TT.MM.JJJJ)\n";
        ok = false;
        return std::nullopt;
    }
    return calendar::day_number(*day);
}

std::filesystem::path rules_directory(const std::string& option, const std::string& bundled_subfolder) {
    if (!option.empty()) return option;
    std::filesystem::path bundled = bundled_rules_directory();
    return bundled_subfolder.empty() ? bundled : bundled / bundled_subfolder;
}

std::shared_ptr<const Program> load_rules(const std::string& command, const std::filesystem::path& directory) {
    LoadResult loaded = load_rule_set(directory);
    std::cerr << render(loaded.diagnostics);
    if (!loaded.program)
        std::cerr << "klappt " << command << ": das Regelwerk in " << directory.string() << " enthält Fehler\n";
    return loaded.program;
}

bool accepts_check_date(const std::string& command, const Program& program) {
    if (program.rules.check_date_input) return true;
    std::cerr << "klappt " << command << ": --stichtag geht nicht: das Regelwerk nennt keinen Stichtag\n";
    return false;
}

namespace {

bool is_csv_name(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".csv";
}

// The cases of one CSV file, row by row (memory does not grow with the file): the header is
// mapped once as in klappt batch; a header that does not fit the rule set is a problem of the
// file (nothing of it is evaluated), a bad row one of that row only.
bool for_each_csv_case(const std::string& command, const Program& program, const std::string& path,
                       std::optional<DayNumber> check_date, const CaseVisitor& visitor) {
    auto unreadable = [&](const std::string& message) {
        std::cerr << "klappt " << command << ": " << message << "\n";
        if (visitor.unreadable) visitor.unreadable(path);
        return false;
    };
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return unreadable("„" + path + "“ ist ein Ordner; erwartet eine Datei (z. B. " + path + "/faelle.csv)");
    std::string error;
    auto reader = CsvReader::open(path, error);
    if (!reader) return unreadable(error);
    std::vector<std::string_view> cells;
    if (!reader->next(cells))
        return unreadable(path + ": " + (reader->error().empty() ? "leere Datei: keine Kopfzeile mit den Spaltennamen gefunden"
                                                                 : reader->error()));
    if (!reader->row_error().empty())
        return unreadable(path + ":" + std::to_string(reader->line()) + ": Kopfzeile: " + reader->row_error() +
                          "; die Datei wird nicht ausgewertet");
    CsvCaseMapping mapping(program, cells);
    if (!mapping.problems().empty()) {
        for (const std::string& p : mapping.problems())
            std::cerr << path << ":" << reader->line() << ": error: " << p << "\n";
        return unreadable(path + ": die Spalten passen nicht zum Regelwerk; die Datei wird nicht ausgewertet");
    }
    bool all_valid = true;
    CsvCaseReader rows(mapping);
    Case kase;
    Evaluator checks(program);
    while (reader->next(cells)) {
        std::string where = path + ":" + std::to_string(reader->line()) + ": error: ";
        if (!reader->row_error().empty()) {  // a stray quote, a row too long: this row only
            all_valid = false;
            std::cerr << where << "Zeile " << reader->line() << ": " << reader->row_error() << "\n";
            if (visitor.invalid) visitor.invalid("Zeile " + std::to_string(reader->line()), {{"", reader->row_error(), {}}}, "");
            continue;
        }
        if (!rows.read(cells, reader->line(), kase, checks)) {
            all_valid = false;
            for (const std::string& m : rows.messages()) std::cerr << where << case_prefix(kase.id) << m << "\n";
            if (visitor.invalid) visitor.invalid(kase.id, rows.errors(), "");
            continue;
        }
        if (check_date) kase.inputs[*program.rules.check_date_input] = Value::date(*check_date);
        try {
            visitor.evaluate(kase);
        } catch (const EvaluationError& e) {
            all_valid = false;
            std::string message = evaluation_error_text(program, e);
            std::cerr << where << case_prefix(kase.id) << message << "\n";
            if (visitor.invalid) visitor.invalid(kase.id, {{"", message, {}}}, message);
        }
    }
    if (!reader->error().empty()) return unreadable(path + ": " + reader->error());
    return all_valid;
}

}  // namespace

bool for_each_case(const std::string& command, const Program& program, const std::vector<std::string>& files,
                   std::optional<DayNumber> check_date, const CaseVisitor& visitor) {
    bool all_valid = true;
    for (const auto& path : files) {
        if (visitor.reads_csv && is_csv_name(path)) {
            all_valid = for_each_csv_case(command, program, path, check_date, visitor) && all_valid;
            continue;
        }
        std::string error;
        SourceRef file = read_source_file(path, error);
        if (!file) {
            std::cerr << "klappt " << command << ": " << error << "\n";
            all_valid = false;
            if (visitor.unreadable) visitor.unreadable(path);
            continue;
        }
        Diagnostics file_diagnostics;
        std::vector<yaml_support::Document> documents;  // split once, only when visitor.document wants the text
        bool any = for_each_case_yaml(program, file, file_diagnostics, [&](CaseDocument& doc, const Diagnostics& d) {
            std::cerr << render(d);
            if (!doc.data) {
                all_valid = false;
                if (visitor.invalid) visitor.invalid(doc.id, doc.errors, "");
                return;
            }
            Case& kase = *doc.data;
            if (visitor.document) {
                if (documents.empty()) documents = yaml_support::split_documents(file->text());
                for (const auto& d : documents)
                    if (d.offset == doc.span.begin) visitor.document(d.text);
            }
            if (check_date) kase.inputs[*program.rules.check_date_input] = Value::date(*check_date);
            try {
                visitor.evaluate(kase);
            } catch (const EvaluationError& e) {
                all_valid = false;
                std::string message = evaluation_error_text(program, e);
                std::cerr << file->name() << ": error: " << case_prefix(kase.id) << message << "\n";
                if (visitor.invalid) visitor.invalid(kase.id, {{"", message, {}}}, message);
            }
        });
        std::cerr << render(file_diagnostics);
        if (!any) {
            all_valid = false;
            if (visitor.unreadable) visitor.unreadable(path);
        }
    }
    return all_valid;
}

}  // namespace klappt::cli
