// Which inputs a finance run fills, which output --csv writes and which outputs are the verdict
// are declared by the rule set's manifest (`weiterleitung: {bescheid, liste, tabelle, urteil,
// ergebnis}`), not named in C++: a rule set
// that calls them differently runs the same, and one without the declaration is refused
// in German.
#include <cctype>
#include <string>

#include "engine/base/calendar.hpp"
#include "engine/finance/finance_report.hpp"
#include "engine/finance/forwarding_loader.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/result/case_runner.hpp"
#include "support/golden.hpp"
#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `text` with every whole word `from` (not part of a longer name) replaced by `to`.
// (Not std::regex: under ASan, g++ 12 warns inside <regex> about its own std::function.)
std::string replace_word(const std::string& text, const std::string& from, const std::string& to) {
    std::string out;
    std::size_t at = 0;
    for (std::size_t hit = text.find(from); hit != std::string::npos; hit = text.find(from, hit + 1)) {
        std::size_t end = hit + from.size();
        if ((hit > 0 && is_word_char(text[hit - 1])) || (end < text.size() && is_word_char(text[end]))) continue;
        out.append(text, at, hit - at).append(to);
        at = end;
    }
    return out.append(text, at, std::string::npos);
}

// rules/finanzen with its inputs `bescheid` and `weiterleitungen` (and the output of that
// name) and its verdict outputs `in_ordnung` and `ergebnis` renamed in every rule file, and
// `manifest` as its regelwerk.yaml.
LoadResult renamed_finance_rules(const std::string& manifest) {
    std::vector<TextFile> rule_files, parameter_files;
    for (const auto& path : files_with(source_dir() / "rules" / "finanzen", ".rules")) {
        std::string text = read_file(path);
        text = replace_word(text, "bescheid", "bewilligung");
        text = replace_word(text, "weiterleitungen", "zahlungen");
        text = replace_word(text, "in_ordnung", "alles_gut");
        text = replace_word(text, "ergebnis", "fazit");
        rule_files.push_back({path.filename().string(), text});
    }
    for (const auto& path : files_with(source_dir() / "rules" / "finanzen" / "parameter", ".yaml"))
        parameter_files.push_back({"parameter/" + path.filename().string(), read_file(path)});
    return load_rules_text(rule_files, parameter_files, manifest);
}

// The bundled manifest (name, version, stichtag) with `section` for its `weiterleitung:`.
std::string manifest_with(const std::string& section) {
    std::string bundled = read_file(source_dir() / "rules" / "finanzen" / "regelwerk.yaml");
    std::size_t begin = bundled.find("\nweiterleitung:\n");  // the key at the start of a line
    if (begin == std::string::npos) return bundled;
    ++begin;
    std::size_t end = bundled.find('\n', begin) + 1;  // then its indented lines
    while (bundled.compare(end, 2, "  ") == 0) end = bundled.find('\n', end) + 1;
    return bundled.replace(begin, end - begin, section);
}

const std::string kRenamedManifest =
    manifest_with("weiterleitung:\n  bescheid: bewilligung\n  liste: zahlungen\n  tabelle: bericht.zahlungen\n"
                  "  urteil: bericht.alles_gut\n  ergebnis: bericht.fazit\n");

struct Report {
    std::string diagnostics, text, csv;
    FinanceVerdict verdict;
};

Report report_of(const Program& program) {
    auto bescheid = std::make_shared<SourceFile>(
        "bescheid.yaml", read_file(source_dir() / "examples" / "finanzen" / "bescheid_rhein_kreis_neuss.yaml"));
    auto forwardings = std::make_shared<SourceFile>(
        "weiterleitungen.csv", read_file(source_dir() / "examples" / "finanzen" / "weiterleitungen.csv"));
    FinanceRun run = load_finance_run(program, bescheid, forwardings, calendar::day_number(*calendar::parse("2023-07-15")));
    Report r;
    r.diagnostics = render(run.diagnostics);
    if (!run.kase) return r;
    CaseRunner runner(program);
    const CaseResult& result = runner.run(*run.kase);
    REQUIRE(result.evaluated());
    r.text = finance_report_text(result, run);
    r.csv = finance_report_csv(result, &run);
    r.verdict = finance_verdict(result);
    return r;
}

std::string diagnostics_of(const std::string& manifest) {
    LoadResult loaded = renamed_finance_rules(manifest);
    CHECK(loaded.program == nullptr);
    return render(loaded.diagnostics);
}

}  // namespace

TEST_CASE("a finance rule set that names its inputs differently gives the same report", "[finance][manifest]") {
    LoadResult bundled = load_rule_set(source_dir() / "rules" / "finanzen");
    REQUIRE(bundled.program);
    REQUIRE(kRenamedManifest.find("liste: zahlungen") != std::string::npos);
    LoadResult renamed = renamed_finance_rules(kRenamedManifest);
    INFO(render(renamed.diagnostics));
    REQUIRE(renamed.program);
    REQUIRE(renamed.program->manifest.forwarding);
    const RuleSet& rules = renamed.program->rules;
    CHECK(rules.inputs[renamed.program->manifest.forwarding->bescheid_input].field.name == "bewilligung");
    CHECK(rules.inputs[renamed.program->manifest.forwarding->list_input].field.name == "zahlungen");
    CHECK(rules.find_input("weiterleitungen") == std::nullopt);

    Report expected = report_of(*bundled.program);
    Report actual = report_of(*renamed.program);
    CHECK(actual.diagnostics == expected.diagnostics);
    REQUIRE(!expected.text.empty());
    CHECK(actual.text == expected.text);
    CHECK(actual.csv == expected.csv);
    CHECK(actual.csv.find("WL-2020-01") != std::string::npos);
    // The example list has findings: the verdict is „nein“ in both, with the same sentence.
    CHECK_FALSE(expected.verdict.in_order);
    CHECK(actual.verdict.in_order == expected.verdict.in_order);
    CHECK(actual.verdict.sentence == expected.verdict.sentence);
    CHECK(expected.verdict.sentence.find("Weiterleitungen beanstandet") != std::string::npos);
}

TEST_CASE("a rule set without `weiterleitung:` is refused by a finance run, in German", "[finance][manifest]") {
    std::string manifest = manifest_with("");
    REQUIRE(manifest.find("\nweiterleitung:") == std::string::npos);
    LoadResult undeclared = renamed_finance_rules(manifest);
    INFO(render(undeclared.diagnostics));
    REQUIRE(undeclared.program);
    Report r = report_of(*undeclared.program);
    CHECK(r.text.empty());
    CHECK(r.diagnostics.find("das Regelwerk ist kein Finanzregelwerk: seine regelwerk.yaml braucht „stichtag:“ und "
                             "„weiterleitung: {bescheid: …, liste: …, tabelle: …, urteil: …, ergebnis: …}“") != std::string::npos);
}

TEST_CASE("a wrong `weiterleitung:` declaration names the manifest line, the name and what is allowed",
          "[finance][manifest]") {
    SECTION("names the rules do not declare, with the closest one") {
        std::string d = diagnostics_of("stichtag: stichtag\nweiterleitung:\n  bescheid: bewiligung\n  liste: zahlung\n"
                                       "  tabelle: bericht.zahlung\n  urteil: bericht.alles_gt\n  ergebnis: fazit\n");
        CHECK(d.find("regelwerk.yaml:3:13: error: weiterleitung.bescheid: das Regelwerk deklariert keine Eingabe "
                     "„bewiligung“; meinten Sie „bewilligung“?") != std::string::npos);
        CHECK(d.find("regelwerk.yaml:4:10: error: weiterleitung.liste: das Regelwerk deklariert keine Eingabe „zahlung“; "
                     "meinten Sie „zahlungen“?") != std::string::npos);
        CHECK(d.find("regelwerk.yaml:5:12: error: weiterleitung.tabelle: keine Ausgabe „bericht.zahlung“ in einem Modul "
                     "ohne Parameter; meinten Sie „bericht.zahlungen“?") != std::string::npos);
        CHECK(d.find("regelwerk.yaml:6:11: error: weiterleitung.urteil: keine Ausgabe „bericht.alles_gt“ in einem Modul "
                     "ohne Parameter; meinten Sie „bericht.alles_gut“?") != std::string::npos);
        CHECK(d.find("regelwerk.yaml:7:13: error: weiterleitung.ergebnis: erwartet modul.ausgabe; meinten Sie "
                     "„bericht.fazit“?") != std::string::npos);
    }
    SECTION("inputs and outputs of the wrong kind") {
        std::string d = diagnostics_of("stichtag: stichtag\nweiterleitung:\n  bescheid: zahlungen\n  liste: bewilligung\n"
                                       "  tabelle: bericht.verstoesse\n  urteil: bericht.fazit\n  ergebnis: bericht.alles_gut\n");
        CHECK(d.find("weiterleitung.bescheid: die Eingabe „zahlungen“ ist list of Weiterleitung, erwartet einen Verbund") !=
              std::string::npos);
        CHECK(d.find("weiterleitung.liste: die Eingabe „bewilligung“ ist Bescheid, erwartet eine Liste von Verbünden") !=
              std::string::npos);
        CHECK(d.find("weiterleitung.tabelle: „bericht.verstoesse“ ist int, erwartet eine Liste") != std::string::npos);
        CHECK(d.find("weiterleitung.urteil: „bericht.fazit“ ist text, erwartet bool (ja: alle Weiterleitungen in Ordnung)") !=
              std::string::npos);
        CHECK(d.find("weiterleitung.ergebnis: „bericht.alles_gut“ ist bool, erwartet text (das Urteil als Satz)") !=
              std::string::npos);
    }
    SECTION("unknown, missing and malformed entries") {
        std::string d = diagnostics_of("stichtag: stichtag\nweiterleitung:\n  bescheid: bewilligung\n  list: zahlungen\n");
        CHECK(d.find("regelwerk.yaml:4:3: error: weiterleitung: unbekannter Eintrag „list“; meinten Sie „liste“?; "
                     "erlaubt: bescheid, liste, tabelle, urteil, ergebnis") != std::string::npos);
        CHECK(d.find("weiterleitung: es fehlt „liste“") != std::string::npos);
        CHECK(d.find("weiterleitung: es fehlt „tabelle“") != std::string::npos);
        CHECK(d.find("weiterleitung: es fehlt „urteil“") != std::string::npos);
        CHECK(d.find("weiterleitung: es fehlt „ergebnis“") != std::string::npos);
        CHECK(diagnostics_of("weiterleitung: bescheid\n").find("weiterleitung: erwartet eine Zuordnung mit bescheid, liste, "
                                                               "tabelle, urteil, ergebnis") != std::string::npos);
        CHECK(diagnostics_of("stichtag: stichtag\nweiterleitung: {bescheid: bewilligung, liste: zahlungen, tabelle: zahlungen, "
                             "urteil: bericht.alles_gut, ergebnis: bericht.fazit}\n")
                  .find("weiterleitung.tabelle: erwartet modul.ausgabe; meinten Sie „bericht.zahlungen“?") != std::string::npos);
        CHECK(diagnostics_of("stichtag: stichtag\nweiterleitungen: {}\n")
                  .find("unbekannter Eintrag „weiterleitungen“; meinten Sie „weiterleitung“?") != std::string::npos);
    }
}
