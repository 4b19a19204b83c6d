// `klappt replay DB NR`: a recorded check evaluated again with the rule set stored with
// it — byte-identical (exit 0) or what differs (exit 1).
// `klappt replay DB --regeln DIR [--von D --bis D]`: a Nachberechnung — the latest check
// of every case evaluated under new rules; the cases whose result changes and the totals
// in € per Baustein (names as the results give them).
#include <iostream>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/protokoll_support.hpp"
#include "engine/base/money.hpp"
#include "engine/protokoll/replay.hpp"

namespace klappt::cli {

namespace {

struct ReplayOptions {
    std::string db, rules_dir, from, to;
    std::optional<std::int64_t> nr;
};

void print_differences(const std::vector<protokoll::Difference>& differences, const std::string& indent) {
    for (const auto& d : differences)
        std::cout << indent << d.field << ": " << (d.before.empty() ? "(fehlt)" : d.before) << " → "
                  << (d.after.empty() ? "(fehlt)" : d.after) << "\n";
}

int replay_one(const ReplayOptions& o) {
    const std::string command = "replay";
    return with_protokoll(command, o.db, [&](protokoll::Store& store) -> int {
        std::shared_ptr<const Program> rules;
        if (!o.rules_dir.empty()) {
            rules = load_rules(command, o.rules_dir);
            if (!rules) return kInvalidInput;
        }
        protokoll::Replay r = protokoll::replay(store, *o.nr, rules.get());
        auto record = store.record(*o.nr);
        std::cout << "Eintrag " << r.nr << ", Fall " << r.case_id << ", Regeln sha256 "
                  << (rules ? rules->sha256 : record->rules_sha256).substr(0, 12) << "…"
                  << (rules ? " (aus " + o.rules_dir + ")" : std::string(" (gespeichert)")) << "\n";
        if (r.identical) {
            std::cout << "identisch: Ergebnis und Erklärung stimmen Byte für Byte mit dem Protokoll überein\n";
            return kOk;
        }
        std::cout << "NICHT identisch:\n";
        if (!r.result_identical) {
            std::cout << "  Ergebnis:\n";
            if (r.differences.empty()) std::cout << "    nur die Angabe des Regelwerks (regeln) unterscheidet sich\n";
            print_differences(r.differences, "    ");
        }
        if (!r.explanation_identical) {
            std::cout << "  Erklärung:\n";
            for (const auto& line : r.explanation_lines) std::cout << "    " << line << "\n";
        }
        return kFindings;
    });
}

int recalculate(const ReplayOptions& o) {
    const std::string command = "replay";
    bool ok = true;
    auto from = date_option(command, "--von", o.from, ok);
    auto to = date_option(command, "--bis", o.to, ok);
    if (!ok) return kInvalidInput;
    if (from && to && *from > *to) {
        std::cerr << "klappt replay: --von liegt nach --bis\n";
        return kInvalidInput;
    }
    return with_protokoll(command, o.db, [&](protokoll::Store& store) -> int {
        auto rules = load_rules(command, o.rules_dir);
        if (!rules) return kInvalidInput;
        protokoll::Recalculation n = protokoll::recalculate(store, *rules, from, to);
        std::cout << "Nachberechnung mit " << rules->manifest.name << " " << rules->manifest.version << " (sha256 "
                  << rules->sha256.substr(0, 12) << "…): " << n.checks << (n.checks == 1 ? " Fall" : " Fälle")
                  << " (jeweils die letzte Prüfung";
        if (from || to) std::cout << ", Stichtag " << (from ? o.from : "…") << " bis " << (to ? o.to : "…");
        std::cout << ")\n";
        if (n.changed.empty()) std::cout << "kein Ergebnis ändert sich\n";
        else std::cout << n.changed.size() << (n.changed.size() == 1 ? " Fall ändert sich:\n" : " Fälle ändern sich:\n");
        for (const auto& c : n.changed) {
            std::cout << "  Fall " << c.case_id << " (Eintrag " << c.nr << "):\n";
            print_differences(c.differences, "    ");
        }
        for (const auto& s : n.skipped) std::cout << "  nicht nachgerechnet: " << s << "\n";
        if (!n.totals.empty()) {
            std::cout << "Summen der förderfähigen Beträge je Baustein (bisher → neu, Differenz):\n";
            std::int64_t before = 0, after = 0;
            for (const auto& t : n.totals) {
                before += t.before_cents;
                after += t.after_cents;
                std::cout << "  " << t.baustein << ": " << money::german(t.before_cents) << " → " << money::german(t.after_cents)
                          << ", " << (t.after_cents >= t.before_cents ? "+" : "") << money::german(t.after_cents - t.before_cents)
                          << "\n";
            }
            std::cout << "  zusammen: " << money::german(before) << " → " << money::german(after) << ", "
                      << (after >= before ? "+" : "") << money::german(after - before) << "\n";
        }
        return n.changed.empty() ? kOk : kFindings;
    });
}

}  // namespace

Command add_replay_command(CLI::App& app) {
    auto o = std::make_shared<ReplayOptions>();
    CLI::App* cmd = add_command(app, "replay",
                                "eine protokollierte Prüfung nachrechnen (DB NR) oder alle unter neuen Regeln (DB --regeln DIR)");
    cmd->add_option("DB", o->db, "Prüfprotokoll (SQLite-Datei)")->required()->type_name("DATEI");
    cmd->add_option("NR", o->nr, "Nummer der Prüfung: mit dem gespeicherten Regelwerk nachrechnen")->type_name("NR");
    cmd->add_option("--regeln", o->rules_dir, "neues Regelverzeichnis: Nachberechnung (mit NR: nur diese Prüfung)")
        ->type_name("VERZEICHNIS");
    cmd->add_option("--von", o->from, "Nachberechnung: nur Prüfungen mit Stichtag ab (JJJJ-MM-TT oder TT.MM.JJJJ)")->type_name("DATUM");
    cmd->add_option("--bis", o->to, "Nachberechnung: nur Prüfungen mit Stichtag bis")->type_name("DATUM");
    return {cmd, [o]() {
                if (o->nr) return replay_one(*o);
                if (o->rules_dir.empty()) {
                    std::cerr << "klappt replay: NR oder --regeln VERZEICHNIS angeben\n";
                    return static_cast<int>(kInvalidInput);
                }
                return recalculate(*o);
            }};
}

}  // namespace klappt::cli
