// `klappt batch FILE... [--out FILE] [--format jsonl|csv] [--threads N]`:
// evaluates many cases (YAML documents or CSV rows) and writes one result per
// case in input order — JSON Lines as io.md, or CSV.  Bad rows are reported on
// stderr and become `fehler` records; the others are still evaluated.  With
// --out the results go into a temporary file next to FILE that is renamed only
// when the run is complete, so a failed run leaves no half-written file.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/rules_location.hpp"
#include "engine/batch.hpp"
#include "engine/rule_set_loader.hpp"

namespace klappt::cli {

namespace {

struct BatchCommandOptions {
    std::vector<std::string> files;
    std::string rules_dir, out, format = "jsonl";
    unsigned threads = 0;
};

// Results to stdout or to a temporary file, messages to stderr, in big blocks.
class StreamSink : public BatchSink {
public:
    explicit StreamSink(std::FILE* out) : out_(out) {}
    void results(std::string_view block) override {
        if (!block.empty() && std::fwrite(block.data(), 1, block.size(), out_) != block.size()) failed_ = true;
    }
    void messages(std::string_view block) override {
        if (!block.empty()) std::fwrite(block.data(), 1, block.size(), stderr);
    }
    bool failed() const { return failed_ || std::ferror(out_); }

private:
    std::FILE* out_;
    bool failed_ = false;
};

int run_batch_command(const BatchCommandOptions& options) {
    std::filesystem::path rules_dir =
        options.rules_dir.empty() ? bundled_rules_directory() : std::filesystem::path(options.rules_dir);
    LoadResult loaded = load_rule_set(rules_dir);
    if (!loaded.program) {
        std::cerr << render(loaded.diagnostics);
        std::cerr << "klappt batch: das Regelwerk in " << rules_dir.string() << " enthält Fehler\n";
        return kInvalidInput;
    }
    BatchOptions batch;
    batch.format = options.format == "csv" ? BatchFormat::csv : BatchFormat::jsonl;
    batch.threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());

    std::FILE* out = stdout;
    std::string temp;
    if (!options.out.empty()) {
        temp = options.out + ".tmp-" + std::to_string(::getpid());
        out = std::fopen(temp.c_str(), "wb");
        if (!out) {
            std::cerr << "klappt batch: kann " << options.out << " nicht schreiben (" << std::strerror(errno) << ")\n";
            return kInvalidInput;
        }
    }
    auto discard = [&]() {
        if (temp.empty()) return;
        std::fclose(out);
        std::remove(temp.c_str());
    };

    StreamSink sink(out);
    BatchSummary summary;
    try {
        summary = run_batch(*loaded.program, options.files, batch, sink);
    } catch (...) {
        discard();
        throw;  // main reports an internal error
    }
    std::fflush(out);
    if (sink.failed()) {
        std::cerr << "klappt batch: Fehler beim Schreiben der Ergebnisse"
                  << (options.out.empty() ? "" : " nach " + options.out) << "\n";
        discard();
        return kInvalidInput;
    }
    if (!temp.empty()) {
        bool closed = std::fclose(out) == 0;
        if (!closed || std::rename(temp.c_str(), options.out.c_str()) != 0) {
            std::cerr << "klappt batch: kann " << options.out << " nicht anlegen (" << std::strerror(errno) << ")\n";
            std::remove(temp.c_str());
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
    cmd->add_option("--format", options->format, "jsonl (JSON Lines nach io.md, Vorgabe) oder csv")
        ->check(CLI::IsMember({"jsonl", "csv"}))
        ->type_name("FORMAT");
    cmd->add_option("--threads", options->threads, "Anzahl der Threads (Vorgabe: alle Kerne)")
        ->check(CLI::Range(1u, 1024u))
        ->type_name("N");
    cmd->add_option("--rules", options->rules_dir, "Regelverzeichnis (Vorgabe: das mitgelieferte rules/)")
        ->type_name("VERZEICHNIS");
    return {cmd, [options]() { return run_batch_command(*options); }};
}

}  // namespace klappt::cli
