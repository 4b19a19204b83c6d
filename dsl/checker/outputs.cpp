// The rule set's outputs, and the inputs that name a case and hold its check date.
#include "dsl/checker/checker_impl.hpp"

#include <algorithm>

namespace klappt::dsl::checking {

void Checker::collect_outputs() {
    for (std::uint32_t m = 0; m < rs_.modules.size(); ++m) {
        auto& mod = rs_.modules[m];
        for (std::uint32_t d = 0; d < mod.definitions.size(); ++d)
            if (mod.definitions[d].kind == DefinitionKind::output) {
                mod.outputs.push_back(d);
                if (!mod.parametrised()) rs_.outputs.push_back({m, d});
            }
    }
}

void Checker::resolve_case_inputs() {
    auto resolve = [&](const std::string& name, const char* what, std::optional<std::uint32_t>& out,
                       std::initializer_list<TypeKind> kinds) {
        if (name.empty()) return;
        auto it = input_index_.find(name);
        if (it == input_index_.end()) {
            std::vector<std::string> names;
            for (auto& [n, _] : input_index_) names.push_back(n);
            diags_.general_error(std::string(what) + ": das Regelwerk deklariert keine Eingabe „" + name + "“" +
                                 did_you_mean(name, names));
            return;
        }
        TypeKind k = kind(rs_.inputs[it->second].field.type);
        if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) {
            auto& in = rs_.inputs[it->second];
            diags_.error(in.file, in.field.span, std::string(what) + " „" + name + "“ hat den falschen Typ " +
                                                     tname(in.field.type));
            return;
        }
        out = it->second;
    };
    resolve(options_.case_id_input, "Fallkennung", rs_.case_id_input, {TypeKind::text, TypeKind::integer});
    resolve(options_.check_date_input, "Stichtag", rs_.check_date_input, {TypeKind::date});
    // The check date chooses the versions of parameters and rules: moving it is no way to
    // help a person (and its days would need the version boundaries, not only the rules').
    if (rs_.check_date_input && rs_.inputs[*rs_.check_date_input].field.lever) {
        const auto& in = rs_.inputs[*rs_.check_date_input];
        diags_.error(in.file, in.field.span, "der Stichtag „" + in.field.name +
                                                 "“ kann kein Hebel (hebel) sein: er wählt die Fassungen der Parameter und Regeln");
    }
}

}  // namespace klappt::dsl::checking
