// `klappt vorlage [--baustein F4] [--rules DIR]`: prints a commented German case template
// to fill in (engine/case_template: written from the rule set's input declarations).
#include <iostream>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "engine/input/case_template.hpp"

namespace klappt::cli {

namespace {

struct VorlageOptions {
    std::string rules_dir;
    std::string preset;
};

int run_vorlage(const VorlageOptions& options) {
    auto loaded = load_rules("vorlage", rules_directory(options.rules_dir));
    if (!loaded) return kInvalidInput;
    CaseTemplateOptions template_options;
    template_options.preset = options.preset;
    CaseTemplate result = case_template(*loaded, template_options);
    if (!result.error.empty()) {
        std::cerr << "klappt vorlage: --baustein " << options.preset << ": " << result.error << "\n";
        return kInvalidInput;
    }
    std::cout << result.yaml;
    std::cout.flush();
    return kOk;
}

}  // namespace

Command add_vorlage_command(CLI::App& app) {
    auto options = std::make_shared<VorlageOptions>();
    CLI::App* cmd = add_command(app, "vorlage", "eine kommentierte Vorlage für einen Fall ausgeben (YAML zum Ausfüllen)");
    cmd->add_option("--baustein", options->preset,
                    "diesen Auswahlwert (z. B. einen Förderbaustein) in der Vorlage schon eintragen")
        ->type_name("WERT");
    add_rules_option(*cmd, options->rules_dir);
    return {cmd, [options]() { return run_vorlage(*options); }};
}

}  // namespace klappt::cli
