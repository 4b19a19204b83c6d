#include "engine/result/case_files.hpp"

#include <cctype>
#include <filesystem>

#include "engine/input/case_loader.hpp"
#include "engine/input/csv_case_loader.hpp"
#include "engine/input/csv_reader.hpp"
#include "engine/input/yaml_support.hpp"
#include "engine/runtime/evaluation_error.hpp"

namespace klappt {

namespace {

bool is_csv_name(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".csv";
}

class FileRunner {
public:
    FileRunner(CaseRunner& runner, const CaseFileRun& run) : runner_(runner), run_(run), program_(runner.program()) {}

    // One case, read and valid: run it and hand on its result (or its error).
    bool run_case(Case& kase, const std::string& where) {
        if (run_.check_date) kase.inputs[*program_.rules.check_date_input] = Value::date(*run_.check_date);
        const CaseResult& result = runner_.run(kase, run_.detail);
        std::string error = result.error;
        if (error.empty()) {
            try {
                run_.evaluated(result, kase);
                return true;
            } catch (const EvaluationError& e) {
                error = evaluation_error_text(program_, e);
            }
        }
        say(where + case_prefix(kase.id) + error + "\n");
        if (run_.invalid) run_.invalid(kase.id, {{"", error, {}}}, error);
        return false;
    }

    // The cases of one CSV file, row by row (memory does not grow with the file): the header is
    // mapped once as in klappt batch; a header that does not fit the rule set is a problem of the
    // file (nothing of it is evaluated), a bad row one of that row only.
    bool csv_file(const std::string& path) {
        auto unreadable = [&](const std::string& message) {
            say(message + "\n", true);
            if (run_.unreadable) run_.unreadable(path);
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
        CsvCaseMapping mapping(program_, cells);
        if (!mapping.problems().empty()) {
            for (const std::string& p : mapping.problems()) say(path + ":" + std::to_string(reader->line()) + ": error: " + p + "\n");
            return unreadable(path + ": die Spalten passen nicht zum Regelwerk; die Datei wird nicht ausgewertet");
        }
        bool all_valid = true;
        CsvCaseReader rows(mapping);
        Case kase;
        while (reader->next(cells)) {
            std::string where = path + ":" + std::to_string(reader->line()) + ": error: ";
            if (!reader->row_error().empty()) {  // a stray quote, a row too long: this row only
                all_valid = false;
                say(where + "Zeile " + std::to_string(reader->line()) + ": " + reader->row_error() + "\n");
                if (run_.invalid) run_.invalid("Zeile " + std::to_string(reader->line()), {{"", reader->row_error(), {}}}, "");
                continue;
            }
            if (!rows.read(cells, reader->line(), kase, runner_.evaluator())) {
                all_valid = false;
                for (const std::string& m : rows.messages()) say(where + case_prefix(kase.id) + m + "\n");
                if (run_.invalid) run_.invalid(kase.id, rows.errors(), "");
                continue;
            }
            all_valid = run_case(kase, where) && all_valid;
        }
        if (!reader->error().empty()) return unreadable(path + ": " + reader->error());
        return all_valid;
    }

    bool yaml_file(const std::string& path) {
        std::string error;
        SourceRef file = read_source_file(path, error);
        if (!file) {
            say(error + "\n", true);
            if (run_.unreadable) run_.unreadable(path);
            return false;
        }
        bool all_valid = true;
        Diagnostics file_diagnostics;
        std::vector<yaml_support::Document> documents;  // split once, only when run_.document wants the text
        bool any = for_each_case_yaml(program_, file, file_diagnostics, [&](CaseDocument& doc, const Diagnostics& d) {
            say(render(d));
            if (!doc.data) {
                all_valid = false;
                if (run_.invalid) run_.invalid(doc.id, doc.errors, "");
                return;
            }
            if (run_.document) {
                if (documents.empty()) documents = yaml_support::split_documents(file->text());
                for (const auto& document : documents)
                    if (document.offset == doc.span.begin) run_.document(document.text);
            }
            all_valid = run_case(*doc.data, file->name() + ": error: ") && all_valid;
        });
        say(render(file_diagnostics));
        if (!any) {
            if (run_.unreadable) run_.unreadable(path);
            return false;
        }
        return all_valid;
    }

private:
    void say(const std::string& text, bool about_file = false) {
        if (!text.empty() && run_.message) run_.message(text, about_file);
    }

    CaseRunner& runner_;
    const CaseFileRun& run_;
    const Program& program_;
};

}  // namespace

bool run_case_files(CaseRunner& runner, const std::vector<std::string>& files, const CaseFileRun& run) {
    FileRunner files_runner(runner, run);
    bool all_valid = true;
    for (const auto& path : files)
        all_valid = (run.reads_csv && is_csv_name(path) ? files_runner.csv_file(path) : files_runner.yaml_file(path)) &&
                    all_valid;
    return all_valid;
}

}  // namespace klappt
