// `klappt fmt [--check] PATH...`: writes rule files in the canonical layout
// (authoring/formatter.hpp).  A PATH is a *.rules file or a folder (all *.rules in it, at
// any depth).  --check changes nothing and lists the files that are not formatted.
// Exit code: 0 all formatted (or written), 1 --check found unformatted files, 2 a file
// could not be read, split into tokens or written.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "authoring/formatter.hpp"
#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "dsl/source.hpp"

namespace klappt::cli {

namespace {

namespace fs = std::filesystem;

struct FmtOptions {
    std::vector<std::string> paths;
    bool check = false;
};

int run_fmt(const FmtOptions& options) {
    std::vector<fs::path> files;
    bool ok = true;
    for (const auto& given : options.paths) {
        std::error_code ec;
        if (fs::is_directory(given, ec)) {
            std::vector<fs::path> found;
            for (auto it = fs::recursive_directory_iterator(given, fs::directory_options::skip_permission_denied, ec);
                 it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (ec) break;
                if (it->is_regular_file() && it->path().extension() == ".rules") found.push_back(it->path());
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(given, ec)) {
            files.push_back(given);
        } else {
            std::cerr << "klappt fmt: " << given << " nicht gefunden\n";
            ok = false;
        }
    }
    std::size_t changed = 0;
    for (const auto& path : files) {
        SourceRef file = read_input_file("fmt", path.string());
        if (!file) {
            ok = false;
            continue;
        }
        std::string error;
        auto formatted = authoring::format_rules(file->text(), error);
        if (!formatted) {
            std::cerr << path.string() << ": nicht formatiert: " << error << "\n";
            ok = false;
            continue;
        }
        if (*formatted == file->text()) continue;
        ++changed;
        if (options.check) {
            std::cout << path.string() << ": nicht im Standardformat (klappt fmt " << path.string() << ")\n";
            continue;
        }
        error = write_file_atomically(path.string(), *formatted);
        if (!error.empty()) {
            std::cerr << "klappt fmt: " << error << "\n";
            ok = false;
            continue;
        }
        std::cout << path.string() << ": formatiert\n";
    }
    if (!ok) return kInvalidInput;
    if (options.check) {
        if (changed) std::cout << changed << " von " << files.size() << " Regeldateien nicht im Standardformat\n";
        return changed ? kFindings : kOk;
    }
    return kOk;
}

}  // namespace

Command add_fmt_command(CLI::App& app) {
    auto options = std::make_shared<FmtOptions>();
    CLI::App* cmd = add_command(app, "fmt", "Regeldateien in das Standardformat bringen");
    cmd->add_option("PFAD", options->paths, "Regeldatei (*.rules) oder Verzeichnis")->required()->type_name("PFAD");
    cmd->add_flag("--check", options->check, "nichts ändern; nicht formatierte Dateien nennen (Exit-Code 1)");
    return {cmd, [options]() { return run_fmt(*options); }};
}

}  // namespace klappt::cli
