#include "cli/protokoll_support.hpp"

#include <pwd.h>
#include <unistd.h>

#include <iostream>

#include "cli/commands.hpp"

namespace klappt::cli {

std::string user_name(const std::string& option) {
    if (!option.empty()) return option;
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
    return "unbekannt";
}

int report(const std::string& command, const protokoll::Error& error) {
    std::cerr << "klappt " << command << ": " << error.what() << "\n";
    switch (error.kind) {
        case protokoll::Error::Kind::not_ours:
        case protokoll::Error::Kind::newer_schema:
        case protokoll::Error::Kind::invalid_input:
            return kInvalidInput;
        default:
            return kInternal;
    }
}

int with_protokoll(const std::string& command, const std::string& db, const std::function<int(protokoll::Store&)>& work) {
    try {
        protokoll::Store store = protokoll::Store::open(db, protokoll::Store::Mode::read);
        return work(store);
    } catch (const protokoll::Error& e) {
        return report(command, e);
    }
}

}  // namespace klappt::cli
