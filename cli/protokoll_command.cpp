// `klappt protokoll …`: the Prüfprotokoll from the command line — record a decision,
// verify, list, export one case, create a key pair, seal the chain head, delete a
// case's personal data (Art. 17 DSGVO).  All logic is in engine/protokoll.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/protokoll_support.hpp"
#include "engine/base/calendar.hpp"

namespace klappt::cli {

namespace {

using protokoll::Error;
using protokoll::Store;

struct ProtokollOptions {
    std::string db, user, reason, note, case_id, out, key, name;
    std::int64_t nr = 0;
    std::optional<std::int64_t> corrects;
    bool adopted = false, deviating = false, json = false;
};

std::optional<std::string> read_text(const std::string& command, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "klappt " << command << ": " << path << ": Datei nicht lesbar\n";
        return std::nullopt;
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// "2026-03-14T09:30:00.123Z" → "14.03.2026 09:30 UTC"
std::string german_time(const std::string& iso) {
    if (iso.size() < 16) return iso;
    auto day = calendar::parse(iso.substr(0, 10));
    return (day ? calendar::german(*day) : iso.substr(0, 10)) + " " + iso.substr(11, 5) + " UTC";
}

std::string kind_word(const std::string& kind) {
    if (kind == "pruefung") return "Prüfung";
    if (kind == "entscheidung") return "Entscheidung";
    if (kind == "loeschung") return "Löschung";
    return kind;
}

int run_decide(const ProtokollOptions& o) {
    const std::string command = "protokoll entscheiden";
    if (o.adopted == o.deviating) {
        std::cerr << "klappt " << command << ": genau eine Angabe nötig: --uebernommen oder --abweichend\n";
        return kInvalidInput;
    }
    return with_protokoll(command, o.db, [&](Store& store) -> int {
        protokoll::DecisionInput d;
        d.check_nr = o.nr;
        d.decision = o.adopted ? protokoll::Decision::adopted : protokoll::Decision::deviating;
        d.reason = o.reason;
        d.note = o.note;
        d.user = user_name(o.user);
        d.corrects = o.corrects;
        std::int64_t nr = store.append_decision(d);
        std::cout << "Entscheidung „" << protokoll::decision_word(d.decision) << "“ zu Eintrag " << o.nr << " als Eintrag "
                  << nr << " gespeichert\n";
        return kOk;
    });
}

int run_verify(const ProtokollOptions& o) {
    const std::string command = "protokoll pruefen";
    std::optional<std::string> key;
    if (!o.key.empty()) {
        key = read_text(command, o.key);
        if (!key) return kInvalidInput;
    }
    return with_protokoll(command, o.db, [&](Store& store) -> int {
        protokoll::Verification v = store.verify(key);
        std::cout << (v.is_export ? "Auszug " : "Prüfprotokoll ") << o.db << ": " << v.records << (v.records == 1 ? " Eintrag" : " Einträge");
        if (v.omitted) std::cout << " (davon " << v.omitted << " anderer Fälle nur als Hash)";
        std::cout << ", " << v.rule_sets << (v.rule_sets == 1 ? " Regelwerk, " : " Regelwerke, ") << v.seals
                  << (v.seals == 1 ? " gültiges Siegel" : " gültige Siegel") << "\n";
        if (v.ok) {
            std::cout << "in Ordnung: Kette, Regelwerke" << (v.seals ? " und Siegel" : "") << " verifiziert\n";
            if (!v.head_hash.empty() && v.records) std::cout << "letzter Hash: " << v.head_hash << "\n";
            if (v.seals && !key)
                std::cout << "Hinweis: Siegel nur mit dem in der Datei gespeicherten Schlüssel geprüft; "
                             "mit --schluessel ÖFFENTLICH.pem gegen den eigenen Schlüssel prüfen\n";
            return kOk;
        }
        std::cout << "NICHT in Ordnung: erster fehlerhafter Eintrag: " << *v.first_bad << "\n";
        for (const auto& p : v.problems) std::cout << "  " << p << "\n";
        return kFindings;
    });
}

int run_show(const ProtokollOptions& o) {
    const std::string command = "protokoll zeigen";
    return with_protokoll(command, o.db, [&](Store& store) -> int {
        std::optional<std::string> filter;
        if (!o.case_id.empty()) filter = o.case_id;
        auto records = store.records(filter);
        // The latest decision on each check, for the check's own line.
        std::map<std::int64_t, std::string> decided;
        for (const auto& r : records)
            if (r.kind == "entscheidung" && r.refers_to) decided[*r.refers_to] = r.decision;
        for (const auto& r : records) {
            if (r.omitted) continue;
            std::string decision = r.kind == "entscheidung" ? r.decision : (decided.count(r.nr) ? decided[r.nr] : "");
            if (o.json) {
                nlohmann::ordered_json j;
                j["nr"] = r.nr;
                j["art"] = r.kind;
                j["fall"] = r.case_id;
                j["zeit"] = r.time;
                j["bearbeiter"] = r.user;
                j["regeln_sha256"] = r.rules_sha256.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.rules_sha256);
                j["entscheidung"] = decision.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(decision);
                if (r.kind == "pruefung") {
                    j["stichtag"] = r.check_date;
                    j["regeln_version"] = r.rules_version;
                    j["engine_version"] = r.engine_version;
                }
                if (r.refers_to) j["bezieht_sich_auf"] = *r.refers_to;
                if (r.corrects) j["korrigiert"] = *r.corrects;
                if (!r.reason.empty()) j["grund"] = r.reason;
                if (!r.note.empty()) j["hinweis"] = r.note;
                if (r.kind == "loeschung") {
                    j["grund"] = r.deletion_reason;
                    j["eintraege"] = r.deleted_records;
                }
                if (r.deleted_by) j["geloescht_durch"] = *r.deleted_by;
                j["hash"] = r.hash;
                std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
                continue;
            }
            std::cout << "Nr. " << r.nr << "  " << german_time(r.time) << "  Fall " << r.case_id << "  " << kind_word(r.kind)
                      << "  Bearbeiter: " << r.user << "\n";
            if (r.kind == "pruefung") {
                std::cout << "    Stichtag " << r.check_date << (r.check_date_given ? " (vorgegeben)" : "") << ", Regeln "
                          << r.rules_name << " " << r.rules_version << " (sha256 " << r.rules_sha256.substr(0, 12) << "…), klappt "
                          << r.engine_version << "\n";
                if (r.corrects) std::cout << "    korrigiert Eintrag " << *r.corrects << "\n";
                std::cout << "    Entscheidung: " << (decision.empty() ? "noch keine" : decision) << "\n";
            } else if (r.kind == "entscheidung") {
                std::cout << "    " << r.decision << " (zu Eintrag " << *r.refers_to << ")";
                if (r.corrects) std::cout << ", korrigiert Eintrag " << *r.corrects;
                std::cout << "\n";
                if (!r.reason.empty()) std::cout << "    Grund: " << r.reason << "\n";
                if (!r.note.empty()) std::cout << "    Hinweis: " << r.note << "\n";
            } else if (r.kind == "loeschung") {
                std::cout << "    personenbezogene Daten gelöscht aus Einträgen";
                for (auto n : r.deleted_records) std::cout << " " << n;
                std::cout << "; Grund: " << r.deletion_reason << "\n";
            }
            if (r.deleted_by) std::cout << "    (Daten gelöscht durch Eintrag " << *r.deleted_by << ")\n";
        }
        if (!o.json && records.empty())
            std::cout << (filter ? "keine Einträge für Fall " + *filter : std::string("das Prüfprotokoll ist leer")) << "\n";
        return kOk;
    });
}

int run_export(const ProtokollOptions& o) {
    return with_protokoll("protokoll export", o.db, [&](Store& store) -> int {
        store.export_case(o.case_id, o.out);
        std::cout << "Auszug für Fall " << o.case_id << " geschrieben: " << o.out << "\n";
        return kOk;
    });
}

bool write_new_file(const std::string& command, const std::string& path, const std::string& text, mode_t mode) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        std::cerr << "klappt " << command << ": " << path << ": kann nicht angelegt werden ("
                  << (errno == EEXIST ? "gibt es schon; wird nicht überschrieben" : std::strerror(errno)) << ")\n";
        return false;
    }
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ok = (::fsync(fd) == 0) && ok;
    ok = (::close(fd) == 0) && ok;
    if (!ok) {
        std::cerr << "klappt " << command << ": " << path << ": Schreiben fehlgeschlagen (" << std::strerror(errno) << ")\n";
        ::unlink(path.c_str());
    }
    return ok;
}

int run_keys(const ProtokollOptions& o) {
    const std::string command = "protokoll schluessel";
    try {
        auto [private_pem, public_pem] = protokoll::generate_key_pair();
        std::string private_path = o.name + ".key", public_path = o.name + ".pub";
        if (!write_new_file(command, private_path, private_pem, 0600)) return kInvalidInput;
        if (!write_new_file(command, public_path, public_pem, 0644)) {
            ::unlink(private_path.c_str());
            return kInvalidInput;
        }
        std::cout << "privater Schlüssel: " << private_path << " (geheim halten; nur für klappt protokoll siegel)\n"
                  << "öffentlicher Schlüssel: " << public_path << " (für klappt protokoll pruefen --schluessel)\n";
        return kOk;
    } catch (const Error& e) {
        return report(command, e);
    }
}

int run_seal(const ProtokollOptions& o) {
    const std::string command = "protokoll siegel";
    auto key = read_text(command, o.key);
    if (!key) return kInvalidInput;
    return with_protokoll(command, o.db, [&](Store& store) -> int {
        protokoll::SealInfo s = store.seal(*key);
        std::cout << "Siegel " << s.id << " über Eintrag " << s.nr << " (Hash " << s.hash << ") gespeichert\n";
        return kOk;
    });
}

int run_erase(const ProtokollOptions& o) {
    return with_protokoll("protokoll loeschen", o.db, [&](Store& store) -> int {
        std::int64_t nr = store.erase_case(o.case_id, o.reason, user_name(o.user));
        auto r = store.record(nr);
        std::cout << "Fall " << o.case_id << ": personenbezogene Daten aus " << r->deleted_records.size()
                  << (r->deleted_records.size() == 1 ? " Eintrag" : " Einträgen") << " gelöscht; Löschvermerk als Eintrag " << nr
                  << " gespeichert\n";
        return kOk;
    });
}

}  // namespace

Command add_protokoll_command(CLI::App& app) {
    auto o = std::make_shared<ProtokollOptions>();
    CLI::App* cmd = add_command(app, "protokoll", "Prüfprotokoll: Entscheidungen eintragen, prüfen, zeigen, exportieren, siegeln, löschen");
    cmd->require_subcommand(1);
    auto db = [&](CLI::App* sub) { sub->add_option("DB", o->db, "Prüfprotokoll (SQLite-Datei)")->required()->type_name("DATEI"); };
    auto user = [&](CLI::App* sub) {
        sub->add_option("--bearbeiter", o->user, "wer das einträgt (Vorgabe: der Anmeldename)")->type_name("NAME");
    };
    std::vector<std::pair<CLI::App*, std::function<int()>>> subs;

    CLI::App* decide = add_command(*cmd, "entscheiden", "die Entscheidung zu einer Prüfung eintragen (übernommen oder abweichend)");
    db(decide);
    decide->add_option("NR", o->nr, "Nummer der Prüfung im Protokoll")->required()->type_name("NR");
    decide->add_flag("--uebernommen", o->adopted, "das Ergebnis von klappt wird übernommen");
    decide->add_flag("--abweichend", o->deviating, "es wird abweichend entschieden (--grund ist Pflicht)");
    decide->add_option("--grund", o->reason, "Grund der Abweichung (§ 39 VwVfG)")->type_name("TEXT");
    decide->add_option("--hinweis", o->note, "weitere Umstände des Einzelfalls (§ 24 Abs. 1 S. 3 VwVfG)")->type_name("TEXT");
    decide->add_option("--korrigiert", o->corrects, "diese Entscheidung korrigiert die Entscheidung NR")->type_name("NR");
    user(decide);
    subs.emplace_back(decide, [o]() { return run_decide(*o); });

    CLI::App* verify = add_command(*cmd, "pruefen", "Kette, gespeicherte Regelwerke und Siegel prüfen; nennt den ersten fehlerhaften Eintrag");
    db(verify);
    verify->add_option("--schluessel", o->key, "öffentlicher Schlüssel (PEM), mit dem die Siegel geprüft werden")->type_name("DATEI");
    subs.emplace_back(verify, [o]() { return run_verify(*o); });

    CLI::App* show = add_command(*cmd, "zeigen", "Einträge auflisten (Nr., Fall, Zeit, Bearbeiter, Regeln, Entscheidung)");
    db(show);
    show->add_option("--fall", o->case_id, "nur die Einträge dieses Falls")->type_name("ID");
    show->add_flag("--json", o->json, "ein JSON-Objekt je Zeile");
    subs.emplace_back(show, [o]() { return run_show(*o); });

    CLI::App* exp = add_command(*cmd, "export", "die Einträge eines Falls mit ihren Regelwerken als eigenständige, prüfbare Datei");
    db(exp);
    exp->add_option("--fall", o->case_id, "der Fall")->required()->type_name("ID");
    exp->add_option("--out", o->out, "Zieldatei (wird nicht halb geschrieben)")->required()->type_name("DATEI");
    subs.emplace_back(exp, [o]() { return run_export(*o); });

    CLI::App* keys = add_command(*cmd, "schluessel", "ein Ed25519-Schlüsselpaar für Siegel erzeugen: NAME.key und NAME.pub");
    keys->add_option("NAME", o->name, "Dateiname ohne Endung")->required()->type_name("NAME");
    subs.emplace_back(keys, [o]() { return run_keys(*o); });

    CLI::App* seal = add_command(*cmd, "siegel", "den aktuellen Stand der Kette mit dem privaten Schlüssel signieren");
    db(seal);
    seal->add_option("--schluessel", o->key, "privater Schlüssel (PEM, von klappt protokoll schluessel)")->required()->type_name("DATEI");
    subs.emplace_back(seal, [o]() { return run_seal(*o); });

    CLI::App* erase = add_command(*cmd, "loeschen", "personenbezogene Daten eines Falls löschen (Art. 17 DSGVO); die Kette bleibt prüfbar");
    db(erase);
    erase->add_option("--fall", o->case_id, "der Fall")->required()->type_name("ID");
    erase->add_option("--grund", o->reason, "Grund der Löschung, z. B. Aufbewahrungsfrist abgelaufen")->required()->type_name("TEXT");
    user(erase);
    subs.emplace_back(erase, [o]() { return run_erase(*o); });

    return {cmd, [subs]() {
                for (const auto& [sub, run] : subs)
                    if (sub->parsed()) return run();
                return static_cast<int>(kInvalidInput);
            }};
}

}  // namespace klappt::cli
