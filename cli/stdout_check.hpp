// Output that was not really written is an error: with stdout on a full disk
// (/dev/full), a closed pipe or a broken terminal every command must say so and
// fail, not exit 0 having printed nothing.  std::cout shares stdout's buffer, so
// one flush and one error test after the command catch every lost write.
#pragma once

namespace klappt::cli {

// The command's exit code, or 2 with a German message on stderr when stdout could not be written.
int checked_stdout(int exit_code);

}  // namespace klappt::cli
