// libFuzzer entry point: a parameter file (rules/parameter/*.yaml) loaded into the bundled
// rule set in place of one of its own parameter files, then — when the values load — the
// example cases evaluated with them.  The first byte of the input picks the file it
// replaces (so every bundled file can be the seed of its own mutations); the rest is the file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/input/case_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace klappt;
namespace fs = std::filesystem;

namespace {
std::vector<SourceRef> parameter_files;  // the bundled ones, sorted by path
std::unique_ptr<Program> program;        // the bundled rules; parameters replaced per input
CaseFile cases;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::bundled() = fuzz::load_or_die(fuzz::rules_directory());
    program = std::make_unique<Program>(*fuzz::bundled());
    std::vector<std::string> paths;
    for (const auto& e : fs::directory_iterator(fuzz::rules_directory() + "/parameter"))
        if (e.path().extension() == ".yaml") paths.push_back(e.path().string());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
        std::string error;
        parameter_files.push_back(read_source_file(p, error));
        if (!parameter_files.back()) std::abort();
    }
    std::string error;
    cases = load_cases_yaml(*fuzz::bundled(),
                            read_source_file(std::string(KLAPPT_SOURCE_DIR) + "/examples/io_beispiel.yaml", error));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::size_t replaced = data[0] % parameter_files.size();
    std::vector<SourceRef> files = parameter_files;
    files[replaced] = fuzz::source(data + 1, size - 1, parameter_files[replaced]->name());
    Diagnostics diagnostics;
    load_parameter_values(files, *program, diagnostics);
    (void)render(diagnostics);
    if (diagnostics.has_errors()) return 0;
    CaseRunner runner(*program);
    for (auto& doc : cases.cases)
        if (doc.data) fuzz::render_case(runner, *doc.data);
    return 0;
}
