// The content hash of a rule set (io.md: `regeln.sha256` in every result): SHA-256 over
// every file of the set — regelwerk.yaml, the rule files, the parameter files, in that
// order — each as "NAME\nSIZE\n" followed by its bytes, where NAME is the path relative
// to the rule set's folder with '/' (so the hash does not depend on where it is installed).
// Shared by the loader and the Prüfprotokoll, which stores rule sets under this hash.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dsl/source.hpp"

namespace klappt {

// The name a file is hashed under: its path relative to `directory` ('/'-separated);
// the file's own name when `directory` is empty.
std::string rule_set_file_name(const SourceFile& file, const std::filesystem::path& directory);

// Lower-case hex SHA-256 over (name, text) pairs in the given order.
std::string rule_set_sha256(const std::vector<std::pair<std::string, std::string_view>>& files);

// Lower-case hex SHA-256 of bytes (used for facts, records and chain links).
std::string sha256_hex(std::string_view bytes);

}  // namespace klappt
