// klappt docs: every link of the generated pages resolves (page and anchor), the pages are
// self-contained (no scripts, nothing fetched), and every definition and parameter has its section.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "authoring/docs_generator.hpp"
#include "engine/input/rule_set_loader.hpp"

namespace fs = std::filesystem;
using namespace klappt;

TEST_CASE("docs: every link resolves, pages are self-contained", "[docs]") {
    const fs::path rules = fs::path(KLAPPT_SOURCE_DIR) / "rules";
    auto loaded = load_rule_set(rules);
    REQUIRE(loaded.program);
    std::vector<RuleTest> tests;
    Diagnostics diagnostics;
    for (const auto& path : rule_test_files(rules.string())) {
        std::string error;
        auto t = load_rule_tests(read_source_file(path, error), diagnostics);
        tests.insert(tests.end(), t.begin(), t.end());
    }
    auto files = authoring::generate_docs(*loaded.program, tests);
    REQUIRE(files.count("index.html"));
    REQUIRE(files.count("parameter.html"));
    CHECK(files.size() == loaded.program->rules.modules.size() + 2);

    static const std::regex href(R"(href="([^"#]*)(#([^"]*))?")");
    std::size_t links = 0;
    for (const auto& [name, text] : files) {
        CHECK(text.find("<script") == std::string::npos);
        CHECK(text.find("http://") == std::string::npos);
        CHECK(text.find("https://") == std::string::npos);
        for (auto it = std::sregex_iterator(text.begin(), text.end(), href); it != std::sregex_iterator(); ++it) {
            ++links;
            std::string target = (*it)[1].str().empty() ? name : (*it)[1].str();
            INFO(name << " → " << (*it)[0].str());
            REQUIRE(files.count(target));
            if ((*it)[3].matched) CHECK(files.at(target).find("id=\"" + (*it)[3].str() + "\"") != std::string::npos);
        }
    }
    CHECK(links > 100);
    const RuleSet& r = loaded.program->rules;
    for (const auto& m : r.modules)
        for (const auto& d : m.definitions) CHECK(files.at(m.name + ".html").find("id=\"" + d.name + "\"") != std::string::npos);
    for (const auto& p : r.params) CHECK(files.at("parameter.html").find("id=\"" + p.name + "\"") != std::string::npos);
    // The texts people read, as written, with their conditions (rules/bausteine/f4.rules).
    const std::string& f4 = files.at("f4.html");
    CHECK(f4.find("<strong>Rechenweg</strong>") != std::string::npos);
    CHECK(f4.find("<code>{rechenweg(stunden)}</code> × <code>{p4_je_ustd}</code> = <code>{pauschale}</code>") !=
          std::string::npos);
    CHECK(f4.find(" — wenn <code>pruefungsgebuehren &gt; 0 €</code>") != std::string::npos);
    CHECK(files.at("zielgruppe.html").find("<strong>Wenn nicht erfüllt</strong>") != std::string::npos);
    // Examples come from the rule tests.
    CHECK(files.at("index.html").find("Übersicht") != std::string::npos);
}
