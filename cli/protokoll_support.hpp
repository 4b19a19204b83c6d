// What the Prüfprotokoll commands (check --protokoll, protokoll …, replay) share:
// the user name, and turning a protokoll::Error into a message and an exit code.
#pragma once

#include <functional>
#include <string>

#include "engine/protokoll/protokoll.hpp"

namespace klappt::cli {

// --bearbeiter NAME, else the login name of the user running klappt.
std::string user_name(const std::string& option);

// Prints "klappt COMMAND: message" and returns the exit code: 2 for input that cannot be
// used (not klappt's database, newer schema, bad argument), 3 for the environment (locked
// file, full disk, I/O).
int report(const std::string& command, const protokoll::Error& error);

// Opens the Prüfprotokoll `db` to read and runs `work` on it; a protokoll::Error (also one of
// opening) ends it with report(command, error).  Returns what `work` returns, else report's code.
int with_protokoll(const std::string& command, const std::string& db, const std::function<int(protokoll::Store&)>& work);

}  // namespace klappt::cli
