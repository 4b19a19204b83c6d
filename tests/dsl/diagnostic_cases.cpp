#include "diagnostic_cases.hpp"

#include <algorithm>
#include <sstream>

#include "support/golden.hpp"

namespace klappt::testing {

namespace fs = std::filesystem;

namespace {

// Applies the `# test:` lines of one rule file.
void apply_settings(const std::string& text, DiagnosticCase& c) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const std::string marker = "# test:";
        if (line.rfind(marker, 0) != 0) continue;
        std::istringstream words(line.substr(marker.size()));
        std::string word;
        while (words >> word) {
            auto eq = word.find('=');
            std::string key = word.substr(0, eq), value = eq == std::string::npos ? "" : word.substr(eq + 1);
            auto number = [&]() { return static_cast<std::size_t>(std::stoul(value)); };
            if (eq == std::string::npos) c.problem = "„" + word + "“ ohne =";
            else if (key == "fall") c.options.case_id_input = value;
            else if (key == "stichtag") c.options.check_date_input = value;
            else if (key == "max_nesting") c.limits.max_nesting = number();
            else if (key == "max_file_bytes") c.limits.max_file_bytes = number();
            else if (key == "max_errors") c.limits.max_errors = number();
            else if (key == "max_identifier_length") c.limits.max_identifier_length = number();
            else c.problem = "unbekannte Einstellung „" + key + "“";
        }
    }
}

void add_file(DiagnosticCase& c, const fs::path& path) {
    std::string text = read_file(path);
    apply_settings(text, c);
    c.files.push_back(std::make_shared<SourceFile>(fs::relative(path, diagnostics_dir()).generic_string(), text));
}

}  // namespace

fs::path diagnostics_dir() { return test_dir() / "dsl" / "diagnostics"; }

std::vector<DiagnosticCase> diagnostic_cases() {
    std::vector<DiagnosticCase> out;
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(diagnostics_dir())) entries.push_back(entry.path());
    std::sort(entries.begin(), entries.end());
    for (const auto& path : entries) {
        DiagnosticCase c;
        if (fs::is_directory(path)) {
            c.name = path.filename().string();
            for (const auto& file : files_with(path, ".rules")) add_file(c, file);
            if (c.files.empty()) c.problem = "der Ordner enthält keine .rules-Datei";
        } else if (path.extension() == ".rules") {
            c.name = path.stem().string();
            add_file(c, path);
        } else {
            continue;
        }
        c.expected = diagnostics_dir() / (c.name + ".expected");
        out.push_back(std::move(c));
    }
    return out;
}

std::string rendered_diagnostics(const DiagnosticCase& c) {
    return render(parse_and_check(c.files, c.options, c.limits).diagnostics);
}

std::vector<std::string> messages_of(const std::string& rendered) {
    std::vector<std::string> out;
    std::istringstream lines(rendered);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("  ", 0) == 0) continue;  // the excerpt and the caret
        for (const std::string marker : {"error: ", "warning: ", "note: "}) {
            auto at = line.find(marker);
            if (at == std::string::npos || (at > 0 && line.compare(at - 2, 2, ": ") != 0)) continue;
            out.push_back(line.substr(at + marker.size()));
            break;
        }
    }
    return out;
}

}  // namespace klappt::testing
