// Shared by the YAML loaders (parameters, manifest, cases, rule tests, the desk's case import): turns
// yaml-cpp's exceptions and marks into diagnostics at file:line:col, splits
// multi-document files so that one broken document does not hide the others.
// Only loader .cpp files include this header (and with it yaml-cpp).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "engine/input/yaml_hint.hpp"

namespace klappt::yaml_support {

struct Document {
    std::string_view text;
    std::uint32_t first_line = 0;  // 0-based line of the document's first line in the file
    std::uint32_t offset = 0;      // byte offset of the document in the file
};

// Splits at lines that start with `---`; documents holding only blanks and comments are dropped.
std::vector<Document> split_documents(std::string_view text);

// The span (one character) in `file` for a mark inside `doc`.
Span span_at(const SourceFile& file, const Document& doc, const YAML::Mark& mark);

// Parses one document; on a syntax error adds a diagnostic (prefixed with `context`) and returns nullopt.
std::optional<YAML::Node> parse(const SourceRef& file, const Document& doc, Diagnostics& diagnostics,
                                const std::string& context = "");

// A German rendering of yaml-cpp's message.
std::string translate(const std::string& message);

// The scalar text of a node, or nullopt when it is not a scalar.
std::optional<std::string> scalar(const YAML::Node& node);

// Duplicate keys in a mapping (yaml-cpp accepts them silently): the first duplicate, or nullopt.
std::optional<YAML::Node> duplicate_key(const YAML::Node& map);

}  // namespace klappt::yaml_support
