// `klappt batch FILE... [--out FILE] [--format jsonl|csv] [--threads N]`:
// evaluates many cases (YAML documents or CSV rows) and writes one result per
// case in input order — JSON Lines as io.md, or CSV.  Bad rows are reported on
// stderr and become `fehler` records; the others are still evaluated.  With
// --out the results go into a temporary file next to FILE that is renamed only
// when the run is complete, so a failed run leaves no half-written file (cli/output_file).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "engine/batch/batch.hpp"
#include "engine/input/rule_set_loader.hpp"

namespace klappt::cli {

namespace {

struct BatchCommandOptions {
    std::vector<std::string> files;
    std::string rules_dir, out, format = "jsonl";
    unsigned threads = 0;
    bool without_bom = false;
};

// Results to stdout or to a temporary file, messages to stderr, in big blocks.
class StreamSink : public BatchSink {
public:
    explicit StreamSink(std::FILE* out) : out_(out) {}
    void results(std::string_view block) override {
        if (!block.empty() && std::fwrite(block.data(), 1, block.size(), out_) != block.size() && !failed_) {
            failed_ = true;
            error_ = errno;
        }
    }
    void messages(std::string_view block) override {
        if (!block.empty()) std::fwrite(block.data(), 1, block.size(), stderr);
    }
    bool failed() const { return failed_ || std::ferror(out_); }
    int error() const { return error_; }

private:
    std::FILE* out_;
    bool failed_ = false;
    int error_ = 0;
};

int run_batch_command(const BatchCommandOptions& options) {
    // Warnings of the rule set are shown as by every other command, errors stop the run.
    auto program = load_rules("batch", rules_directory(options.rules_dir));
    if (!program) return kInvalidInput;
    BatchOptions batch;
    batch.format = options.format == "csv" ? BatchFormat::csv : BatchFormat::jsonl;
    batch.csv_bom = !options.without_bom;
    batch.threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());

    std::optional<OutputFile> file;
    if (!options.out.empty()) {
        std::string error;
        file = OutputFile::open(options.out, error);
        if (!file) {
            std::cerr << "klappt batch: " << error << "\n";
            return kInvalidInput;
        }
    }
    std::FILE* out = file ? file->stream() : stdout;

    StreamSink sink(out);
    BatchSummary summary = run_batch(*program, options.files, batch, sink);  // an exception discards `file`
    if (file) {
        // Rows with errors are part of the result (`fehler` records); a file that could not be
        // read at all, or no case at all, leaves no output file.
        if (summary.file_errors > 0 || summary.cases == 0) {
            file->discard();
            std::cerr << "klappt batch: " << (summary.cases == 0 ? "kein Fall gelesen" : "nicht alle Dateien lesbar")
                      << "; " << options.out << " wird nicht geschrieben\n";
            return kInvalidInput;
        }
        if (std::string problem = sink.failed() ? "Fehler beim Schreiben von „" + options.out + "“ (" +
                                                      german_system_error(sink.error()) + "); die Datei bleibt unverändert"
                                                : file->commit();
            !problem.empty()) {
            std::cerr << "klappt batch: " << problem << "\n";
            return kInvalidInput;
        }
    } else {
        errno = 0;
        bool flushed = std::fflush(stdout) == 0;
        int error = sink.error() ? sink.error() : errno;
        if (sink.failed() || !flushed) {
            std::cerr << "klappt batch: Fehler beim Schreiben der Ergebnisse"
                      << (error ? " (" + german_system_error(error) + ")" : std::string()) << "\n";
            std::clearerr(stdout);  // reported here, not once more by main
            return kInvalidInput;
        }
    }
    if (!summary.ok()) {
        std::cerr << "klappt batch: ";
        if (summary.invalid)
            std::cerr << summary.invalid << " von " << summary.cases << (summary.cases == 1 ? " Fall" : " Fällen")
                      << " nicht auswertbar" << (summary.file_errors ? ", " : "");
        if (summary.file_errors)
            std::cerr << summary.file_errors << (summary.file_errors == 1 ? " Datei" : " Dateien") << " fehlerhaft";
        std::cerr << " (Fehler siehe oben)\n";
        return kInvalidInput;
    }
    return kOk;
}

}  // namespace

Command add_batch_command(CLI::App& app) {
    auto options = std::make_shared<BatchCommandOptions>();
    CLI::App* cmd = add_command(app, "batch", "viele Fälle auswerten (YAML oder CSV), ein Ergebnis je Fall in Eingabereihenfolge");
    cmd->add_option("FILE", options->files,
                    "YAML-Dateien (io.md) oder CSV-Dateien (eine Zeile je Fall, Spalten wie person.geburtsdatum)")
        ->required()
        ->type_name("DATEI");
    cmd->add_option("--out", options->out, "Ergebnisse in diese Datei statt auf die Standardausgabe")->type_name("DATEI");
    cmd->add_option("--format", options->format,
                    "jsonl (JSON Lines nach io.md, Vorgabe) oder csv (Tabelle für Excel: „;“, Dezimalkomma, TT.MM.JJJJ, "
                    "eine Zeile je Eintrag der ersten Liste, z. B. je Maßnahme)")
        ->check(CLI::IsMember({"jsonl", "csv"}))
        ->type_name("FORMAT");
    cmd->add_flag("--ohne-bom", options->without_bom,
                  "mit --format csv: ohne Byte-Order-Mark am Anfang (für Programme, die sie nicht kennen)");
    cmd->add_option("--threads", options->threads, "Anzahl der Threads (Vorgabe: alle Kerne)")
        ->check(CLI::Range(1u, 1024u))
        ->type_name("N");
    add_rules_option(*cmd, options->rules_dir);
    return {cmd, [options]() { return run_batch_command(*options); }};
}

}  // namespace klappt::cli
