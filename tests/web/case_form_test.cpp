// The case form of `klappt web`: what a caseworker types (German dates and amounts, labelled
// choices) becomes the io.md case that `klappt check` evaluates, errors land on their
// fields, list entries are added and removed, and the form shows labels, never codes.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "engine/input/rule_set_loader.hpp"
#include "web/case_form.hpp"
#include "web/checking.hpp"
#include "web/interview_view.hpp"
#include "web/result_view.hpp"

using namespace klappt;
using namespace klappt::web;

namespace {

const Program& rules() {
    static auto loaded = load_rule_set(std::string(KLAPPT_SOURCE_DIR) + "/rules");
    REQUIRE(loaded.program);
    return *loaded.program;
}

std::string read(const std::string& path) {
    std::ifstream in(std::string(KLAPPT_SOURCE_DIR) + "/" + path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

FormFields typed_example() {
    return {{"fall", "RKN-2021-0042"},
            {"stichtag", "15.03.2021"},
            {"kommune.name", "Rhein-Kreis Neuss"},
            {"person.geburtsdatum", " 17.05.2001 "},
            {"person.geschlecht", "w"},
            {"person.aufenthaltsstatus", "duldung"},
            {"_anzahl.massnahmen", "1"},
            {"massnahmen.1.baustein", "F4"},
            {"massnahmen.1.beginn", "11.01.2021"},
            {"massnahmen.1.ende", "30.06.2021"},
            {"massnahmen.1.eintritt", "01.02.2021"},
            {"massnahmen.1.traegerart", "vhs"},
            {"massnahmen.1.unterrichtsstunden", "240"},
            {"massnahmen.1.pruefungsgebuehren", "120,00"},
            {"massnahmen.1.fahrtkosten_monat", "49"},
            {"aktion", "speichern"},
            {"csrf", "x"}};
}

}  // namespace

TEST_CASE("a typed form is the io.md example case: the same JSON as klappt check --json") {
    std::string yaml = yaml_from_tree(tree_from_form(rules(), typed_example()));
    CheckRun form = check_cases(rules(), yaml, "Formular");
    CheckRun file = check_cases(rules(), read("examples/io_beispiel.yaml"), "io_beispiel.yaml");
    REQUIRE(form.all_valid());
    CHECK(form.json_lines() == file.json_lines());
    CHECK(yaml.find("2001-05-17") != std::string::npos);  // dates stored as io.md ISO dates
    CHECK(yaml.find("120.00") != std::string::npos);      // amounts with a dot
    CHECK(yaml.find("csrf") == std::string::npos);
    CHECK(yaml.find("haushaltssicherung") == std::string::npos);  // an unticked box leaves the default
}

TEST_CASE("what cannot be read stays as typed and the loader's error names its field") {
    FormFields fields = typed_example();
    fields.erase("massnahmen.1.beginn");
    fields.emplace("massnahmen.1.beginn", "30.02.2021");
    fields.erase("person.aufenthaltsstatus");
    CheckRun run = check_cases(rules(), yaml_from_tree(tree_from_form(rules(), fields)), "Formular");
    REQUIRE(run.cases.size() == 1);
    REQUIRE_FALSE(run.cases[0].valid);
    std::vector<std::string> paths;
    for (const auto& e : run.cases[0].errors) paths.push_back(e.field);
    CHECK(paths == std::vector<std::string>{"person.aufenthaltsstatus", "massnahmen.1.beginn"});
    FormView view;
    view.errors = run.cases[0].errors;
    std::string html = render_case_fields(rules(), tree_from_form(rules(), fields), view);
    CHECK(html.find("value=\"30.02.2021\"") != std::string::npos);  // nothing typed is lost
    CHECK(html.find("id=\"f-massnahmen-1-beginn-fehler\"") != std::string::npos);
    CHECK(html.find("Bitte „Aufenthaltsstatus“ angeben.") != std::string::npos);
    std::string summary = render_error_summary(rules(), run.cases[0].errors);
    CHECK(summary.find("href=\"#f-massnahmen-1-beginn\"") != std::string::npos);
}

TEST_CASE("list entries are added and removed, an empty entry is kept") {
    YAML::Node tree = tree_from_form(rules(), typed_example());
    REQUIRE(apply_list_action(tree, "neu:massnahmen"));
    REQUIRE(apply_list_action(tree, "neu:person.kinder"));
    CHECK(tree["massnahmen"].size() == 2);
    CHECK(tree["person"]["kinder"].size() == 1);
    // The empty second measure survives a round trip through the form (its count is posted).
    FormFields fields = typed_example();
    fields.erase("_anzahl.massnahmen");
    fields.emplace("_anzahl.massnahmen", "2");
    CHECK(tree_from_form(rules(), fields)["massnahmen"].size() == 2);
    REQUIRE(apply_list_action(tree, "weg:massnahmen.1"));
    CHECK(tree["massnahmen"].size() == 1);
    CHECK_FALSE(tree["massnahmen"][0]["baustein"]);
    CHECK_FALSE(apply_list_action(tree, "weg:massnahmen.5"));
    CHECK_FALSE(apply_list_action(tree, "speichern"));
}

TEST_CASE("the form shows labels from the rule set, never codes, and German values") {
    std::string html = render_case_fields(rules(), tree_from_yaml(read("examples/io_beispiel.yaml")), {});
    CHECK(html.find(">Duldung (§ 60a AufenthG)</option>") != std::string::npos);
    CHECK(html.find(">F4 Schul-, ausbildungs- und berufsvorbereitende Kurse, Jugendintegrationskurse</option>") != std::string::npos);
    CHECK(html.find(">duldung<") == std::string::npos);
    CHECK(html.find(">F4<") == std::string::npos);
    CHECK(html.find("value=\"17.05.2001\"") != std::string::npos);
    CHECK(html.find("value=\"120,00\"") != std::string::npos);
    CHECK(html.find("<label for=\"f-person-geburtsdatum\">Geburtsdatum</label>") != std::string::npos);
    CHECK(field_display(rules(), "massnahmen.1.fahrtkosten_monat", "49.00") == "49,00 €");
    CHECK(field_display(rules(), "person.aufenthaltsstatus", "gestattung") == "Aufenthaltsgestattung (§ 55 AsylG)");
    CHECK(field_display(rules(), "person.kinder.1.geburtsdatum", "2020-02-01") == "01.02.2020");
}

TEST_CASE("the result panel reads the result JSON: German amounts and dates, reasons with sources") {
    CheckRun run = check_cases(rules(), read("examples/io_beispiel.yaml"), "io_beispiel.yaml");
    std::string html = render_result(rules(), run.cases.at(0), {});
    CHECK(html.find("9.365,00 €") != std::string::npos);
    CHECK(html.find("7.492,00 €") != std::string::npos);
    CHECK(html.find("07.03.2021") != std::string::npos);
    CHECK(html.find("Quelle: RL Nr. 1.1 (S1)") != std::string::npos);
    CHECK(html.find("Förderfähig") != std::string::npos);
    CHECK(short_verdict(run.cases.at(0)) == "förderfähig (1 von 1)");
}

TEST_CASE("bad input never throws: garbage YAML and JSON give a German problem") {
    CheckRun broken = check_cases(rules(), "{ nicht: [yaml", "x");
    CHECK_FALSE(broken.all_valid());
    CHECK(broken.json_lines().find("YAML-Syntaxfehler") != std::string::npos);  // as klappt check --json says it
    CHECK_FALSE(check_cases(rules(), "", "x").all_valid());
    CHECK(check_cases(rules(), "- 1\n- 2\n", "x").cases.size() <= 1);
    YAML::Node tree = tree_from_yaml(":::");
    CHECK(tree.IsMap());
}

TEST_CASE("die Form fragt nur, was das Ergebnis noch ändern kann", "[web][fragen]") {
    // 30 years old: no target group whatever the residence status, so the status is not asked.
    FormFields fields = {{"fall", "F-30"}, {"stichtag", "15.03.2021"}, {"person.geburtsdatum", "17.05.1990"}};
    std::string yaml = yaml_from_tree(tree_from_form(rules(), fields));
    auto asked = form_interview(rules(), yaml);
    REQUIRE(asked);
    CHECK(asked->settled);
    CHECK(asked_fields(*asked).empty());
    CHECK(asked->not_needed == std::vector<std::string>{"person.aufenthaltsstatus"});
    FormView view;
    view.not_needed = asked->not_needed;
    std::string html = render_case_fields(rules(), tree_from_form(rules(), fields), view);
    auto field_classes = [](const std::string& page, const std::string& id) {
        std::size_t at = page.find("<label for=\"" + id + "\"");
        REQUIRE(at != std::string::npos);
        std::size_t open = page.rfind("<div class=\"", at);
        return page.substr(open, at - open);
    };
    CHECK(field_classes(html, "f-person-aufenthaltsstatus").find("nicht-gebraucht") != std::string::npos);
    CHECK(field_classes(html, "f-person-geburtsdatum").find("nicht-gebraucht") == std::string::npos);
    view.show_all = true;
    CHECK(render_case_fields(rules(), tree_from_form(rules(), fields), view).find("nicht-gebraucht") == std::string::npos);
    CHECK(render_questions(rules(), *asked).find("das Ergebnis steht fest") != std::string::npos);

    // 19 years old: the status decides the target group, so it is asked, and marked at its field.
    fields.erase("person.geburtsdatum");
    fields.emplace("person.geburtsdatum", "17.05.2001");
    asked = form_interview(rules(), yaml_from_tree(tree_from_form(rules(), fields)));
    REQUIRE(asked);
    CHECK_FALSE(asked->settled);
    CHECK(asked_fields(*asked) == std::vector<std::string>{"person.aufenthaltsstatus"});
    FormView asking;
    asking.needed = asked_fields(*asked);
    html = render_case_fields(rules(), tree_from_form(rules(), fields), asking);
    CHECK(field_classes(html, "f-person-aufenthaltsstatus").find("gebraucht") != std::string::npos);
    CHECK(html.find("Frage 1: wird für das Ergebnis gebraucht.") != std::string::npos);
    std::string panel = render_questions(rules(), *asked);
    CHECK(panel.find("data-gebraucht=\"person.aufenthaltsstatus\"") != std::string::npos);
    CHECK(panel.find("href=\"#f-person-aufenthaltsstatus\">Aufenthaltsstatus</a>") != std::string::npos);

    // A complete case asks nothing; a value that cannot be read is an error, not a question.
    CHECK_FALSE(form_interview(rules(), read("examples/io_beispiel.yaml")));
    fields.emplace("person.aufenthaltsstatus", "duldung");
    fields.erase("stichtag");
    fields.emplace("stichtag", "30.02.2021");
    CHECK_FALSE(form_interview(rules(), yaml_from_tree(tree_from_form(rules(), fields))));
}

TEST_CASE("Ergebnispfade tragen deutsche Namen", "[web][fragen]") {
    CHECK(output_path_label(rules(), "massnahmen.1.foerderfaehig") == "förderfähig (Maßnahmen Nr. 1)");
    CHECK(output_path_label(rules(), "summe.betrag") == "Betrag (Summe)");
    CHECK(output_path_label(rules(), "zielgruppe") == "Zielgruppe am Stichtag");
}
