#include "cli/output_file.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace klappt::cli {

namespace {

// ---- temporary files a signal must remove --------------------------------------------
// Async-signal-safe: fixed slots of plain characters; a slot is `ready` only while its path is complete.
constexpr std::size_t kSlots = 16, kPathMax = 4096;
std::array<std::array<char, kPathMax>, kSlots> g_temp_paths{};
std::array<std::atomic<int>, kSlots> g_temp_state{};  // 0 free, 1 being filled, 2 ready

int register_temp(const std::string& path) {
    if (path.size() >= kPathMax) return -1;
    for (std::size_t i = 0; i < kSlots; ++i) {
        int expected = 0;
        if (!g_temp_state[i].compare_exchange_strong(expected, 1)) continue;
        std::memcpy(g_temp_paths[i].data(), path.c_str(), path.size() + 1);
        g_temp_state[i].store(2);
        return static_cast<int>(i);
    }
    return -1;
}

void unregister_temp(const std::string& path) {
    for (std::size_t i = 0; i < kSlots; ++i)
        if (g_temp_state[i].load() == 2 && path == g_temp_paths[i].data()) g_temp_state[i].store(0);
}

extern "C" void remove_temp_files_and_die(int sig) {
    for (std::size_t i = 0; i < kSlots; ++i)
        if (g_temp_state[i].load() == 2) ::unlink(g_temp_paths[i].data());
    // The default action of the signal, so the caller sees how the run ended (e.g. 130 after Ctrl+C).
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

// ---- stale temporary files ---------------------------------------------------------------------

// Removes `NAME.tmp-PID` next to `target` whose process no longer runs (a run killed with -9).
void remove_stale_temps(const std::filesystem::path& target) {
    namespace fs = std::filesystem;
    std::string prefix = target.filename().string() + ".tmp-";
    fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        std::string digits = name.substr(prefix.size());
        if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
        auto pid = static_cast<pid_t>(std::stol(digits));
        if (pid == ::getpid() || pid <= 0) continue;
        if (::kill(pid, 0) == -1 && errno == ESRCH) {
            std::error_code ignore;
            if (it->is_regular_file(ignore)) fs::remove(it->path(), ignore);
        }
    }
}

std::string in_quotes(const std::string& s) { return "„" + s + "“"; }

}  // namespace

std::string german_system_error(int error) {
    switch (error) {
        case EACCES: case EPERM: return "keine Berechtigung";
        case ENOENT: return "Datei oder Ordner gibt es nicht";
        case ENOTDIR: return "ein Teil des Pfads ist kein Ordner";
        case EISDIR: return "das ist ein Ordner";
        case ENOSPC: return "kein Platz mehr auf dem Datenträger";
        case EDQUOT: return "Speicherkontingent erschöpft";
        case EROFS: return "das Dateisystem ist schreibgeschützt";
        case EIO: return "Ein-/Ausgabefehler des Datenträgers";
        case EPIPE: return "der Empfänger der Ausgabe ist beendet";
        case ENAMETOOLONG: return "der Dateiname ist zu lang";
        case EMFILE: case ENFILE: return "zu viele offene Dateien";
        case EFBIG: return "die Datei wird zu groß";
        case ELOOP: return "zu viele Verweise (Symlinks) hintereinander";
        case ENXIO: return "das Gerät gibt es nicht";
        case EBUSY: return "das Gerät oder die Datei ist belegt";
        case EXDEV: return "Umbenennen über Dateisystemgrenzen geht nicht";
        case 0: return "unbekannter Fehler";
        default: return std::string("Systemfehler ") + std::to_string(error) + ": " + std::strerror(error);
    }
}

void install_output_signal_handlers() {
    static bool installed = false;
    if (installed) return;
    installed = true;
    struct sigaction action {};
    action.sa_handler = remove_temp_files_and_die;
    sigemptyset(&action.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT}) {
        struct sigaction previous {};
        // A signal the caller ignores (nohup, a shell's background job) stays ignored.
        if (sigaction(sig, nullptr, &previous) == 0 && previous.sa_handler == SIG_IGN) continue;
        sigaction(sig, &action, nullptr);
    }
}

std::optional<OutputFile> OutputFile::open(const std::string& path, std::string& error) {
    install_output_signal_handlers();
    OutputFile out;
    out.path_ = path;
    if (path.empty()) {
        error = "kein Dateiname angegeben";
        return std::nullopt;
    }
    struct stat seen {};
    std::string target = path;
    if (::lstat(path.c_str(), &seen) == 0 && S_ISLNK(seen.st_mode)) {
        // Follow the link on purpose: the file it names is replaced and the link stays.
        std::error_code ec;
        auto resolved = std::filesystem::canonical(path, ec);
        if (ec) {
            error = in_quotes(path) + " ist ein Verweis (Symlink) auf etwas, das es nicht gibt; erwartet eine Datei";
            return std::nullopt;
        }
        target = resolved.string();
    }
    out.target_ = target;
    bool exists = ::stat(target.c_str(), &seen) == 0;
    if (exists && S_ISDIR(seen.st_mode)) {
        error = in_quotes(path) + " ist ein Ordner; erwartet einen Dateinamen";
        return std::nullopt;
    }
    if (exists && (S_ISCHR(seen.st_mode) || S_ISFIFO(seen.st_mode))) {
        // Write through: a device or pipe is not replaced (never rename over /dev/null).
        int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0 || !(out.stream_ = ::fdopen(fd, "wb"))) {
            int e = errno;
            if (fd >= 0) ::close(fd);
            error = "kann " + in_quotes(path) + " nicht schreiben (" + german_system_error(e) + ")";
            return std::nullopt;
        }
        return out;
    }
    if (exists && !S_ISREG(seen.st_mode)) {
        error = in_quotes(path) + " ist weder eine Datei noch ein Zeichengerät oder eine FIFO (z. B. ein Blockgerät); "
                "klappt schreibt dort nicht hinein";
        return std::nullopt;
    }
    remove_stale_temps(target);
    out.temp_ = target + ".tmp-" + std::to_string(::getpid());
    if (register_temp(out.temp_) < 0) {
        error = "kann " + in_quotes(path) + " nicht schreiben (zu viele Ausgabedateien oder Pfad zu lang)";
        return std::nullopt;
    }
    // The temporary file gets the mode of the file it replaces (or the usual 0666 minus umask).
    mode_t mode = exists ? (seen.st_mode & 07777) : 0666;
    int fd = ::open(out.temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0 && errno == EEXIST) {  // left by a process with our PID in another namespace; it is ours now
        ::unlink(out.temp_.c_str());
        fd = ::open(out.temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    }
    if (fd < 0 || !(out.stream_ = ::fdopen(fd, "wb"))) {
        int e = errno;
        if (fd >= 0) {
            ::close(fd);
            ::unlink(out.temp_.c_str());
        }
        unregister_temp(out.temp_);
        out.temp_.clear();
        std::string folder = std::filesystem::path(target).parent_path().string();
        error = "kann " + in_quotes(path) + " nicht schreiben (" +
                (e == ENOENT ? "den Ordner " + in_quotes(folder.empty() ? "." : folder) + " gibt es nicht"
                             : german_system_error(e)) + ")";
        return std::nullopt;
    }
    if (exists) ::fchmod(fd, mode);  // open() applied the umask
    return out;
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : path_(std::move(other.path_)), target_(std::move(other.target_)), temp_(std::move(other.temp_)),
      stream_(other.stream_), failed_(other.failed_), error_(other.error_) {
    other.stream_ = nullptr;
    other.temp_.clear();
}

OutputFile& OutputFile::operator=(OutputFile&& other) noexcept {
    if (this != &other) {
        discard();
        path_ = std::move(other.path_);
        target_ = std::move(other.target_);
        temp_ = std::move(other.temp_);
        stream_ = other.stream_;
        failed_ = other.failed_;
        error_ = other.error_;
        other.stream_ = nullptr;
        other.temp_.clear();
    }
    return *this;
}

OutputFile::~OutputFile() { discard(); }

void OutputFile::write(std::string_view text) {
    if (!stream_ || text.empty()) return;
    if (std::fwrite(text.data(), 1, text.size(), stream_) != text.size() && !failed_) {
        failed_ = true;
        error_ = errno;
    }
}

void OutputFile::discard() {
    if (stream_) {
        std::fclose(stream_);
        stream_ = nullptr;
    }
    if (!temp_.empty()) {
        ::unlink(temp_.c_str());
        unregister_temp(temp_);
        temp_.clear();
    }
}

std::string OutputFile::commit() {
    if (!stream_) return "kann " + in_quotes(path_) + " nicht schreiben";
    if (std::fflush(stream_) != 0 && !failed_) {
        failed_ = true;
        error_ = errno;
    }
    if (std::ferror(stream_) && !failed_) failed_ = true;
    if (!temp_.empty() && !failed_ && ::fsync(::fileno(stream_)) != 0 && errno != EINVAL) {
        failed_ = true;
        error_ = errno;
    }
    int closed = std::fclose(stream_);
    stream_ = nullptr;
    if (closed != 0 && !failed_) {
        failed_ = true;
        error_ = errno;
    }
    if (failed_) {
        std::string message = "Fehler beim Schreiben von " + in_quotes(path_) + " (" + german_system_error(error_) + ")" +
                              (temp_.empty() ? "" : "; die Datei bleibt unverändert");
        discard();
        return message;
    }
    if (temp_.empty()) return "";
    struct stat now {};
    if (::lstat(target_.c_str(), &now) == 0 && !S_ISREG(now.st_mode)) {  // replaced while we wrote
        std::string message = in_quotes(path_) + " ist inzwischen keine gewöhnliche Datei mehr; nicht ersetzt";
        discard();
        return message;
    }
    if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
        std::string message = "kann " + in_quotes(path_) + " nicht anlegen (" + german_system_error(errno) + ")";
        discard();
        return message;
    }
    unregister_temp(temp_);
    temp_.clear();
    return "";
}

std::string write_file_atomically(const std::string& path, const std::string& content) {
    std::string error;
    auto file = OutputFile::open(path, error);
    if (!file) return error;
    file->write(content);
    return file->commit();
}

}  // namespace klappt::cli
