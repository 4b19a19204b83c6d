#include "web/ways_view.hpp"

#include <chrono>
#include <memory>

#include "engine/input/case_loader.hpp"
#include "web/checking.hpp"
#include "web/html.hpp"

namespace klappt::web {

std::optional<Wege> case_ways(const Program& program, const std::string& yaml) {
    std::optional<Wege> found;
    std::size_t documents = 0;
    Diagnostics diagnostics;
    for_each_case_yaml(program, std::make_shared<const SourceFile>("Fall", yaml), diagnostics,
                       [&](CaseDocument& doc, const Diagnostics&) {
                           if (++documents > 1 || !doc.data) {
                               found.reset();
                               return;
                           }
                           Case& kase = *doc.data;
                           try {
                               WegeOptions options;  // a page must answer at once, whatever the case
                               options.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
                               found = wege(thread_evaluator(program), kase, pending_record_checks(program.rules, kase), options);
                           } catch (const EvaluationError&) {
                               found.reset();
                           }
                       });
    return documents == 1 ? found : std::nullopt;
}

std::string render_ways(const Wege& w) {
    if (w.goals.empty()) return "";
    std::string out = "<section class=\"wege\" id=\"wege\" aria-labelledby=\"wege-titel\"><h3 id=\"wege-titel\">Was würde helfen?</h3>"
                      "<p class=\"hinweis\">Die kleinsten Änderungen der Angaben, die sich beeinflussen lassen – jede mit einer "
                      "Auswertung des geänderten Falls geprüft.</p>";
    // One block per measure (or the case), its goals' ways together — as `klappt check --wege` says them.
    for (const WegeGruppe& group : goal_groups(w)) {
        out += "<h4>" + escape(group.heading) + "</h4><ul class=\"wege-liste\">";
        for (std::size_t i = group.begin; i < group.end; ++i) {
            if (w.goals[i].ways.empty()) out += "<li class=\"kein-weg\">" + escape(no_way_text(w, group, i)) + "</li>";
            for (const Weg& way : w.goals[i].ways) out += "<li>" + escape(way.text) + "</li>";
        }
        out += "</ul>";
    }
    for (const std::string& note : w.notes) out += "<p class=\"hinweis\">" + escape(note) + "</p>";
    return out + "</section>";
}

}  // namespace klappt::web
