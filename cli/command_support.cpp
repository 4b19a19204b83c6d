#include "cli/command_support.hpp"

#include <iostream>

#include "cli/rules_location.hpp"
#include "engine/calendar.hpp"
#include "engine/case_loader.hpp"
#include "engine/case_result.hpp"
#include "engine/rule_set_loader.hpp"
#include "engine/yaml_support.hpp"

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

bool for_each_case(const std::string& command, const Program& program, const std::vector<std::string>& files,
                   std::optional<DayNumber> check_date, const CaseVisitor& visitor) {
    bool all_valid = true;
    for (const auto& path : files) {
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
