#include "cli/output_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace klappt::cli {

std::string write_file_atomically(const std::string& path, const std::string& content) {
    std::string temp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) return "kann " + path + " nicht schreiben (" + std::strerror(errno) + ")";
        out << content;
        out.flush();
        if (!out) {
            std::error_code ignore;
            std::filesystem::remove(temp, ignore);
            return "Fehler beim Schreiben von " + path;
        }
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        std::string message = "kann " + path + " nicht anlegen (" + std::strerror(errno) + ")";
        std::error_code ignore;
        std::filesystem::remove(temp, ignore);
        return message;
    }
    return "";
}

}  // namespace klappt::cli
