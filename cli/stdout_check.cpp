#include "cli/stdout_check.hpp"

#include <cerrno>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/output_file.hpp"

namespace klappt::cli {

int checked_stdout(int exit_code) {
    errno = 0;
    std::cout.flush();
    bool failed = std::fflush(stdout) != 0;
    int error = errno;
    failed = failed || std::ferror(stdout) || !std::cout;
    if (!failed) return exit_code;
    std::cerr << "klappt: Fehler beim Schreiben der Ausgabe"
              << (error ? " (" + german_system_error(error) + ")" : std::string()) << "; die Ausgabe ist unvollständig\n";
    return exit_code == kOk || exit_code == kFindings ? kInvalidInput : exit_code;
}

}  // namespace klappt::cli
