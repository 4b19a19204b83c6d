// Writing an output file all at once: into a temporary file next to it, then
// renamed, so an interrupted or failed run never leaves a half-written file.
#pragma once

#include <string>

namespace klappt::cli {

// Returns "" on success, else a German error message.
std::string write_file_atomically(const std::string& path, const std::string& content);

}  // namespace klappt::cli
