// klappt docs: every link of the generated pages resolves (page and anchor), the pages are
// self-contained (no scripts, nothing fetched), and every definition and parameter has its section.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string_view>

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

    // Every href="page#anchor" (a plain scan: std::regex sets off a false GCC 12 warning under ASan).
    std::size_t links = 0;
    for (const auto& [name, text] : files) {
        CHECK(text.find("<script") == std::string::npos);
        CHECK(text.find("http://") == std::string::npos);
        CHECK(text.find("https://") == std::string::npos);
        constexpr std::string_view kHref = "href=\"";
        for (std::size_t at = text.find(kHref); at != std::string::npos; at = text.find(kHref, at + 1)) {
            ++links;
            std::size_t begin = at + kHref.size(), end = text.find('"', begin);
            REQUIRE(end != std::string::npos);
            std::string link = text.substr(begin, end - begin);
            std::size_t hash = link.find('#');
            std::string page = link.substr(0, hash);
            std::string target = page.empty() ? name : page;
            INFO(name << " → " << link);
            REQUIRE(files.count(target));
            if (hash != std::string::npos)
                CHECK(files.at(target).find("id=\"" + link.substr(hash + 1) + "\"") != std::string::npos);
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
