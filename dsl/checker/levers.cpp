// `besser` (which value of an output is the better one) and `hebel` (which facts of a case a
// caseworker can change): what klappt check --wege needs.
#include "dsl/checker/checker_impl.hpp"

#include <set>

namespace klappt::dsl::checking {

// `besser true|false` on a bool output, `besser mehr|weniger` on a number or amount.
void Checker::check_better() {
    for (std::uint32_t m = 0; m < modules_.size(); ++m)
        for (std::uint32_t d = 0; d < def_ast_[m].size(); ++d) {
            const ast::Definition& ast = *def_ast_[m][d];
            if (!ast.meta.better) continue;
            Definition& def = rs_.modules[m].definitions[d];
            const std::string& word = ast.meta.better->value;
            Span span = ast.meta.better->span;
            if (def.kind != DefinitionKind::output) {
                error(m, span, std::string("„besser“ gehört an eine Ausgabe (output), nicht an „") +
                                   (def.kind == DefinitionKind::rule ? "rule" : "let") + "“");
                continue;
            }
            TypeId t = type_of_definition(m, d);
            if (kind(t) == TypeKind::error) continue;
            bool boolean = word == "true" || word == "false";
            bool number = kind(t) == TypeKind::integer || kind(t) == TypeKind::money || kind(t) == TypeKind::decimal;
            if (boolean && t != TypeTable::boolean) {
                error(m, span, "„besser " + word + "“ passt nur zu einer Ausgabe vom Typ bool; „" + def.name + "“ hat den Typ " +
                                   tname(def.type) + " (für Zahlen und Beträge: besser mehr oder besser weniger)");
                continue;
            }
            if (!boolean && !number) {
                error(m, span, "„besser " + word + "“ passt nur zu einer Ausgabe vom Typ int, decimal oder money; „" +
                                   def.name + "“ hat den Typ " + tname(def.type) +
                                   (t == TypeTable::boolean ? " (für bool: besser true oder besser false)" : ""));
                continue;
            }
            def.better = word == "true"    ? Better::true_value
                         : word == "false" ? Better::false_value
                         : word == "mehr"  ? Better::more
                                           : Better::less;
        }
}

// `hebel` only on a single value a case holds: a field of an input, or of a record some
// input contains.
void Checker::check_levers() {
    std::set<std::uint32_t> reachable;
    std::vector<TypeId> pending;
    for (const auto& in : rs_.inputs) pending.push_back(in.field.type);
    while (!pending.empty()) {
        TypeId t = rs_.types.strip_optional(pending.back());
        pending.pop_back();
        if (kind(t) == TypeKind::list) pending.push_back(rs_.types[t].ref);
        else if (kind(t) == TypeKind::record && reachable.insert(rs_.types[t].ref).second)
            for (const auto& f : rs_.records[rs_.types[t].ref].fields) pending.push_back(f.type);
    }
    auto scalar = [&](const FieldType& f, std::uint32_t m) {
        TypeKind k = kind(rs_.types.strip_optional(f.type));
        if (k == TypeKind::error) return;
        if (k == TypeKind::list || k == TypeKind::record || k == TypeKind::duration)
            error(m, f.span, "„hebel“ nur an einem einzelnen Wert (bool, Aufzählung, Datum, Zahl, Betrag oder Text); „" +
                                 f.name + "“ hat den Typ " + tname(f.type));
    };
    for (std::size_t i = 0; i < record_ast_.size(); ++i) {
        std::uint32_t m = record_ast_[i].first;
        auto r = static_cast<std::uint32_t>(builtin_record_count_ + i);
        for (const auto& f : rs_.records[r].fields) {
            if (!f.lever) continue;
            if (!reachable.count(r)) {
                error(m, f.span, "„hebel“ nur an Angaben eines Falls: der Datensatz „" + rs_.records[r].name +
                                     "“ ist in keiner Eingabe (input) enthalten");
                continue;
            }
            scalar(f, m);
        }
    }
    for (const auto& in : rs_.inputs)
        if (in.field.lever) scalar(in.field, in.module);
}

}  // namespace klappt::dsl::checking
