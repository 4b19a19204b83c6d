// Writing an output file (--out, --csv, --svg) so that a failed or interrupted run
// leaves nothing behind and changes nothing that was there:
//
// - A new or existing regular file is written into a temporary file next to it
//   (`X.tmp-PID`) that is renamed over X only when the run succeeded (commit).
//   On error, when the object is destroyed without commit, and on SIGINT, SIGTERM,
//   SIGHUP or SIGPIPE (a signal handler unlinks every registered temporary file)
//   the temporary file is removed; an existing X is never truncated.  Temporary
//   files of earlier runs whose process is gone (kill -9, power loss) are removed
//   when the next run opens the same target.
// - A symlink is followed deliberately: the file it points to is replaced (the
//   link stays a link); a dangling link is refused.
// - A character device or FIFO (/dev/null, /dev/stdout, a pipe) is written through:
//   there is nothing to rename over, and replacing /dev/null with a regular file
//   would break the system.  A directory, a block device or a socket is refused.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

namespace klappt::cli {

class OutputFile {
public:
    // Opens `path` for writing as described above; nullopt with a German `error` when it cannot.
    static std::optional<OutputFile> open(const std::string& path, std::string& error);

    OutputFile(OutputFile&& other) noexcept;
    OutputFile& operator=(OutputFile&& other) noexcept;
    OutputFile(const OutputFile&) = delete;
    ~OutputFile();  // discards (removes the temporary file) unless committed

    std::FILE* stream() const { return stream_; }
    // Appends text; errors are remembered and reported by commit().
    void write(std::string_view text);

    // Finishes the file: flush, close, rename.  "" on success, else a German error message
    // (the temporary file is then removed).
    std::string commit();
    // Drops everything written (the temporary file is removed; a device keeps what it got).
    void discard();

private:
    OutputFile() = default;
    std::string path_;    // what the user named
    std::string target_;  // where it is renamed to (the resolved symlink target)
    std::string temp_;    // "" when writing through to a device or FIFO
    std::FILE* stream_ = nullptr;
    bool failed_ = false;
    int error_ = 0;
};

// Writes `content` to `path` as an OutputFile; "" on success, else a German error message.
std::string write_file_atomically(const std::string& path, const std::string& content);

// An operating-system error (errno) in German, e.g. „kein Platz mehr auf dem Datenträger“.
std::string german_system_error(int error);

// Installs the signal handlers that remove registered temporary files (once per process).
void install_output_signal_handlers();

}  // namespace klappt::cli
