// A YAML caseload (io.md, many documents) written as the CSV that klappt batch, report and
// diff read: one row per case, columns named by input paths (massnahmen.1.baustein) in the
// order they first appear, values as written in the YAML.  For tests and benchmarks that
// compare a caseload read from YAML with the same caseload read from CSV.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace klappt::testing {

inline void flatten_case(const YAML::Node& node, const std::string& path, std::map<std::string, std::string>& row) {
    if (node.IsMap())
        for (auto it = node.begin(); it != node.end(); ++it)
            flatten_case(it->second, path.empty() ? it->first.Scalar() : path + "." + it->first.Scalar(), row);
    else if (node.IsSequence())
        for (std::size_t i = 0; i < node.size(); ++i) flatten_case(node[i], path + "." + std::to_string(i + 1), row);
    else if (node.IsScalar())
        row[path] = node.Scalar();
}

// `rows` = 0: each case once.  Otherwise the cases are repeated until `rows` rows, the case id
// (`fall`) of each repetition suffixed with -0, -1, … so every id stays unique.
inline std::string caseload_as_csv(const std::string& yaml, std::size_t rows = 0) {
    std::vector<std::map<std::string, std::string>> cases;
    std::vector<std::string> columns;
    for (const YAML::Node& doc : YAML::LoadAll(yaml)) {
        if (!doc.IsMap()) continue;
        cases.emplace_back();
        flatten_case(doc, "", cases.back());
        for (const auto& [column, value] : cases.back())
            if (std::find(columns.begin(), columns.end(), column) == columns.end()) columns.push_back(column);
    }
    std::string out;
    for (std::size_t c = 0; c < columns.size(); ++c) out += (c ? ";" : "") + columns[c];
    out += "\n";
    std::size_t total = rows == 0 ? cases.size() : rows;
    for (std::size_t n = 0; n < total && !cases.empty(); ++n) {
        const auto& row = cases[n % cases.size()];
        for (std::size_t c = 0; c < columns.size(); ++c) {
            auto cell = row.find(columns[c]);
            std::string value = cell == row.end() ? "" : cell->second;
            if (rows != 0 && columns[c] == "fall") value += "-" + std::to_string(n / cases.size());
            out += (c ? ";" : "") + value;
        }
        out += "\n";
    }
    return out;
}

}  // namespace klappt::testing
