// Helpers of the batch tests: running a batch into strings, what `klappt check
// --json` prints for a YAML file, and writing loaded cases back as CSV.
#pragma once

#include <catch2/catch.hpp>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/batch/batch.hpp"
#include "engine/base/calendar.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_files.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "support/golden.hpp"

namespace klappt::testing {

struct StringSink : BatchSink {
    std::string out, log;
    void results(std::string_view block) override { out.append(block); }
    void messages(std::string_view block) override { log.append(block); }
};

struct BatchRunResult {
    std::string out, log;  // results; messages (stderr)
    BatchSummary summary;
};

inline BatchRunResult batch(const Program& program, const std::vector<std::string>& files, unsigned threads = 1,
                            BatchFormat format = BatchFormat::jsonl, std::size_t chunk_bytes = 256 * 1024) {
    StringSink sink;
    BatchOptions options;
    options.threads = threads;
    options.format = format;
    options.chunk_bytes = chunk_bytes;
    BatchSummary summary = run_batch(program, files, options, sink);
    return {sink.out, sink.log, summary};
}

// What `klappt check --json FILE` prints on stdout (cli/check_command.cpp), through the
// same case loop (engine/result/case_files.hpp).
inline std::string check_json(const Program& program, const std::string& path) {
    CaseRunner runner(program);
    std::string out;
    CaseFileRun run;
    run.evaluated = [&](const CaseResult& result, Case&) { out += case_json(result) + "\n"; };
    run.invalid = [&](const std::string& id, const std::vector<FieldError>& errors, const std::string&) {
        out += case_error_json(program, id, errors) + "\n";
    };
    run_case_files(runner, {path}, run);  // a file without cases prints nothing on stdout
    return out;
}

// Writes cases as CSV with one column per input path (person.geburtsdatum,
// massnahmen.2.beginn …): the machine dialect (`,`, ISO dates, 1234.56, true)
// or the German Excel one (BOM, `;`, CRLF, TT.MM.JJJJ, 1.234,56, ja/nein).
class CsvWriter {
public:
    CsvWriter(const Program& program, bool german) : rules_(program.rules), german_(german) {}

    void add(const Case& kase) {
        std::vector<std::pair<std::string, std::string>> cells;
        for (std::size_t i = 0; i < rules_.inputs.size(); ++i)
            flatten(rules_.inputs[i].field.name, kase.inputs[i], rules_.inputs[i].field.type, cells);
        for (auto& [path, text] : cells)
            if (std::find(columns_.begin(), columns_.end(), path) == columns_.end()) columns_.push_back(path);
        rows_.push_back(std::move(cells));
    }

    std::string text() const {
        const char* eol = german_ ? "\r\n" : "\n";
        std::string out = german_ ? "\xEF\xBB\xBF" : "";
        for (std::size_t c = 0; c < columns_.size(); ++c) out += (c ? sep() : "") + columns_[c];
        out += eol;
        for (const auto& row : rows_) {
            for (std::size_t c = 0; c < columns_.size(); ++c) {
                if (c) out += sep();
                for (const auto& [path, text] : row)
                    if (path == columns_[c]) out += cell(text);
            }
            out += eol;
        }
        return out;
    }

private:
    std::string sep() const { return german_ ? ";" : ","; }

    std::string cell(const std::string& text) const {
        if (text.find_first_of(";,\"\n\r") == std::string::npos) return text;
        std::string out = "\"";
        for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
    }

    void flatten(const std::string& path, const Value& v, TypeId type,
                 std::vector<std::pair<std::string, std::string>>& cells) const {
        TypeId t = rules_.types.strip_optional(type);
        if (!v.present) return;
        switch (rules_.types.kind(t)) {
            case TypeKind::record: {
                const RecordType& record = rules_.records[rules_.types[t].ref];
                for (std::size_t i = 0; i < record.fields.size(); ++i)
                    flatten(path + "." + record.fields[i].name, v.fields[i], record.fields[i].type, cells);
                return;
            }
            case TypeKind::list:
                for (std::uint32_t i = 0; i < v.list.size; ++i)
                    flatten(path + "." + std::to_string(i + 1), v.list.items[i], rules_.types[t].ref, cells);
                return;
            case TypeKind::boolean: cells.push_back({path, german_ ? (v.b ? "ja" : "nein") : (v.b ? "true" : "false")}); return;
            case TypeKind::integer: cells.push_back({path, std::to_string(v.i)}); return;
            case TypeKind::money:
                cells.push_back({path, german_ ? money::german_number(v.i) : money::plain(v.i)});
                return;
            case TypeKind::decimal: {
                std::string s = money::decimal_text(v.dec);
                if (german_) std::replace(s.begin(), s.end(), '.', ',');
                cells.push_back({path, s});
                return;
            }
            case TypeKind::date: {
                auto day = calendar::from_day_number(v.day);
                cells.push_back({path, german_ ? calendar::german(day) : calendar::iso(day)});
                return;
            }
            case TypeKind::text: cells.push_back({path, std::string(v.str())}); return;
            case TypeKind::enumeration: cells.push_back({path, rules_.enums[rules_.types[t].ref].values[v.ordinal]}); return;
            default: FAIL("input type not expressible in CSV: " << rules_.type_name(t));
        }
    }

    const RuleSet& rules_;
    bool german_;
    std::vector<std::string> columns_;
    std::vector<std::vector<std::pair<std::string, std::string>>> rows_;
};

// A file in a fresh temporary directory, removed with the object.
class TempFile {
public:
    TempFile(const std::string& name, const std::string& text) {
        static int counter = 0;
        dir_ = std::filesystem::temp_directory_path() /
               ("klappt-batch-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::create_directories(dir_);
        path_ = dir_ / name;
        write_file(path_, text);
    }
    ~TempFile() {
        std::error_code ignore;
        std::filesystem::remove_all(dir_, ignore);
    }
    std::string path() const { return path_.string(); }
    std::filesystem::path dir() const { return dir_; }

private:
    std::filesystem::path dir_, path_;
};

}  // namespace klappt::testing
