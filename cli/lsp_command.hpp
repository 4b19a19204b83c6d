// `klappt lsp` (issue 14): declared on its own so that adding the command touches only main.cpp.
#pragma once

#include "cli/commands.hpp"

namespace klappt::cli {

Command add_lsp_command(CLI::App& app);

}  // namespace klappt::cli
