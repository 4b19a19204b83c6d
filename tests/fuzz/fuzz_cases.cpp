// libFuzzer entry point: a YAML case file through the case loader and the evaluator
// of the bundled rules (KLAPPT_SOURCE_DIR/rules).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/case_loader.hpp"
#include "engine/case_result.hpp"
#include "engine/rule_set_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static klappt::LoadResult rules = klappt::load_rule_set(std::string(KLAPPT_SOURCE_DIR) + "/rules");
    if (!rules.program) return 0;
    static klappt::Evaluator evaluator(*rules.program);
    auto file = std::make_shared<klappt::SourceFile>("fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size));
    klappt::CaseFile cases = klappt::load_cases_yaml(*rules.program, file);
    for (auto& doc : cases.cases) {
        if (!doc.data) continue;
        try {
            evaluator.start(*doc.data, true);
            (void)klappt::case_json(evaluator);
            (void)klappt::explanation_text(evaluator);
        } catch (const klappt::EvaluationError&) {
        }
    }
    return 0;
}
