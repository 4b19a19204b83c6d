#include "engine/protokoll/canonical.hpp"

#include "engine/protokoll/protokoll.hpp"

namespace klappt::protokoll {

std::string canonical(const Json& value, const char* what) {
    try {
        return value.dump(-1, ' ', false, Json::error_handler_t::strict);
    } catch (const Json::exception&) {
        throw Error(Error::Kind::invalid_input, std::string(what) + " enthält Text, der kein gültiges UTF-8 ist");
    }
}

}  // namespace klappt::protokoll
