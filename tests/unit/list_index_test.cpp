// Comprehensions over large lists with an equality (or membership) condition are
// answered from a hash index (engine/runtime/list_index.hpp).  The results must be exactly
// those of visiting every element: same elements, same order, same short-circuits.
#include <algorithm>
#include <random>

#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/runtime/evaluator.hpp"
#include "support/golden.hpp"
#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

const char* kRules = R"RULES(module m
enum Farbe "Farbe" { rot, gruen, blau }
record Eintrag "Eintrag" {
  nr: int "Nummer"
  name: text "Name"
  farbe: Farbe "Farbe"
  wert: money "Wert"
  tag: date? "Tag"
  marken: list of text = [] "Marken"
}
input fall: text
input stichtag: date
input eintraege: list of Eintrag = []
)RULES";

const char* kProbe = R"RULES(module probe(e: Eintrag) "je Eintrag"
import m
let gleicher_name: int = count(o in m.eintraege where o.name == e.name)
let gleiche_farbe_groesser: int = count(o in m.eintraege where o.farbe == e.farbe and o.wert > e.wert)
let erster_gleicher_tag: int = value_or(first(o in m.eintraege where e.tag == o.tag).nr, 0)
let gemeinsame_marke: list of int = map(o in m.eintraege where e.name in o.marken and o.nr != e.nr: o.nr)
let summe_name: money = sum(o in m.eintraege where o.name == e.name: o.wert)
let alle_name_rot: bool = all(o in m.eintraege where o.name == e.name: o.farbe == rot)
let irgendein_name_blau: bool = any(o in m.eintraege where o.name == e.name: o.farbe == blau)
let groesster_name: money? = max(o in m.eintraege where o.name == e.name: o.wert)
output zeile: text = format("{}:{}:{}:{}:{}:{}:{}:{}:{}", e.nr, gleicher_name, gleiche_farbe_groesser,
                            erster_gleicher_tag, count(gemeinsame_marke), summe_name, alle_name_rot,
                            irgendein_name_blau, groesster_name)
)RULES";

const char* kTop = R"RULES(module top
import m, probe
output zeilen = map(e in m.eintraege: probe(e).zeile)
)RULES";

struct Entry {
    int nr;
    std::string name;
    int farbe;
    int wert;
    int tag;  // -1: none
    std::vector<std::string> marken;
};

std::string yaml_of(const std::vector<Entry>& entries) {
    static const char* farben[] = {"rot", "gruen", "blau"};
    std::string y = "fall: I\nstichtag: 2022-01-01\neintraege:\n";
    for (const auto& e : entries) {
        y += "  - {nr: " + std::to_string(e.nr) + ", name: \"" + e.name + "\", farbe: " + farben[e.farbe] +
             ", wert: " + std::to_string(e.wert);
        if (e.tag >= 0) y += ", tag: 2021-01-" + std::string(e.tag < 9 ? "0" : "") + std::to_string(e.tag + 1);
        y += ", marken: [";
        for (std::size_t i = 0; i < e.marken.size(); ++i) y += (i ? ", \"" : "\"") + e.marken[i] + "\"";
        y += "]}\n";
    }
    return y;
}

std::string euro(long cents) {
    std::string s = std::to_string(cents / 100);
    std::string grouped;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i && (s.size() - i) % 3 == 0) grouped += '.';
        grouped += s[i];
    }
    return grouped + ",00 €";
}

// What every line must say, computed by visiting all pairs.
std::vector<std::string> brute_force(const std::vector<Entry>& es) {
    std::vector<std::string> out;
    for (const auto& e : es) {
        int same = 0, bigger = 0, marks = 0;
        long sum = 0, best = -1;
        int first_tag = 0;
        bool all_red = true, any_blue = false, found_tag = false;
        for (const auto& o : es) {
            if (o.name == e.name) {
                ++same;
                sum += o.wert;
                all_red = all_red && o.farbe == 0;
                any_blue = any_blue || o.farbe == 2;
                best = std::max<long>(best, o.wert);
            }
            if (o.farbe == e.farbe && o.wert > e.wert) ++bigger;
            if (!found_tag && o.tag == e.tag) {
                found_tag = true;
                first_tag = o.nr;
            }
            if (o.nr != e.nr && std::find(o.marken.begin(), o.marken.end(), e.name) != o.marken.end()) ++marks;
        }
        out.push_back(std::to_string(e.nr) + ":" + std::to_string(same) + ":" + std::to_string(bigger) + ":" +
                      std::to_string(first_tag) + ":" + std::to_string(marks) + ":" + euro(sum * 100) + ":" +
                      (all_red ? "ja" : "nein") + ":" + (any_blue ? "ja" : "nein") + ":" + euro(best * 100));
    }
    return out;
}

std::vector<std::string> evaluated(const Program& program, const std::string& yaml) {
    auto file = std::make_shared<SourceFile>("f.yaml", yaml);
    CaseFile cases = load_cases_yaml(program, file);
    INFO(render(cases.diagnostics));
    REQUIRE(cases.cases.size() == 1);
    REQUIRE(cases.cases[0].data);
    Evaluator ev(program);
    ev.start(*cases.cases[0].data);
    Value lines = ev.output(program.rules.outputs.size() - 1);  // top.zeilen is declared last
    std::vector<std::string> out;
    for (std::uint32_t i = 0; i < lines.list.size; ++i) out.emplace_back(lines.list.items[i].str());
    return out;
}

}  // namespace

TEST_CASE("indexed comprehensions give the results of visiting every element", "[index]") {
    auto loaded = load_rules_text({{"m.rules", kRules}, {"probe.rules", kProbe}, {"top.rules", kTop}}, {}, "fall: fall\nstichtag: stichtag\n");
    INFO(render(loaded.diagnostics));
    REQUIRE(loaded.program);
    std::mt19937 rng(42);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    for (int size : {0, 1, 15, 16, 17, 40, 300}) {
        std::vector<Entry> es;
        for (int i = 0; i < size; ++i) {
            Entry e{i + 1, "n" + std::to_string(pick(0, size / 4 + 1)), pick(0, 2), pick(0, 50), pick(-1, 5), {}};
            for (int k = pick(0, 3); k > 0; --k) e.marken.push_back("n" + std::to_string(pick(0, size / 4 + 1)));
            if (pick(0, 5) == 0 && !e.marken.empty()) e.marken.push_back(e.marken.front());  // a mark twice
            es.push_back(e);
        }
        INFO("size " << size);
        CHECK(evaluated(*loaded.program, yaml_of(es)) == brute_force(es));
    }
}

TEST_CASE("indexed comprehensions answer for a list of 20 000 elements", "[index]") {
    // 20 000 × 20 000 pairs would take minutes; with the index each lookup visits its 4 matches.
    // How fast is measured, not asserted: BM_FinanceCheck (bench/finance_bench.cpp) runs the
    // indexed comparisons of 100 000 forwardings.
    const char* top = R"RULES(module top
import m, probe
output zeilen = map(e in m.eintraege: format("{}/{}/{}", probe(e).gleicher_name, probe(e).summe_name,
                                             count(probe(e).gemeinsame_marke)))
)RULES";
    auto loaded = load_rules_text({{"m.rules", kRules}, {"probe.rules", kProbe}, {"top.rules", top}}, {},
                                  "fall: fall\nstichtag: stichtag\n");
    REQUIRE(loaded.program);
    std::vector<Entry> es;
    for (int i = 0; i < 20000; ++i)
        es.push_back({i + 1, "n" + std::to_string(i % 5000), i % 3, i % 7, -1, {"n" + std::to_string((i + 1) % 5000)}});
    auto lines = evaluated(*loaded.program, yaml_of(es));
    REQUIRE(lines.size() == 20000);
    // n0 is held by elements 1, 5001, 10001, 15001 (values 0, 2, 4, 6 €) and marked by 4 others.
    CHECK(lines[0] == "4/12,00 €/4");
}
