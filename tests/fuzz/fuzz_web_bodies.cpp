// libFuzzer entry point: request bodies of the web desk (klappt web) — a case posted to the
// API as YAML or JSON (check_cases, exactly what POST /api/pruefen does), the same text as
// the case form's state (tree_from_yaml, the form rendered from it), and the text read as a
// posted form (field=value&…, tree_from_form, then checked).  Bodies are at most
// limits::kMaxRequestBodyBytes; the desk refuses larger ones before reading them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "dsl/limits.hpp"
#include "engine/base/split.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "web/case_form.hpp"
#include "web/checking.hpp"

using namespace klappt;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::bundled() = fuzz::load_or_die(fuzz::rules_directory());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > limits::kMaxRequestBodyBytes) return 0;
    const Program& program = *fuzz::bundled();
    std::string body(reinterpret_cast<const char*>(data), size);

    web::CheckRun run = web::check_cases(program, body, "Anfrage");
    (void)run.json_lines();

    YAML::Node tree = web::tree_from_yaml(body);
    web::FormView view;
    for (const auto& c : run.cases) view.errors.insert(view.errors.end(), c.errors.begin(), c.errors.end());
    (void)web::render_case_fields(program, tree, view);
    (void)web::render_error_summary(program, view.errors);

    // The body as a posted form: name=value pairs separated by &.
    web::FormFields fields;
    for (std::string_view pair : split(body, '&')) {
        std::size_t eq = pair.find('=');
        fields.emplace(pair.substr(0, eq), eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    }
    YAML::Node posted = web::tree_from_form(program, fields);
    (void)web::apply_list_action(posted, fields.count("aktion") ? fields.find("aktion")->second : "");
    (void)web::check_cases(program, web::yaml_from_tree(posted), "Formular");
    return 0;
}
