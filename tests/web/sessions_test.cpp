// The desk's sessions stay bounded however many are opened, and a logged-in user's
// session is never the one forgotten to make room.
#include <catch2/catch.hpp>

#include "web/auth.hpp"

using klappt::web::Sessions;

TEST_CASE("Sitzungen ohne Benutzer häufen sich nicht an", "[web][sitzung]") {
    Sessions sessions;
    std::string user = sessions.open("anna", "fallbearbeitung");
    for (std::size_t i = 0; i < 3 * Sessions::kMaxSessions; ++i) {
        sessions.open("", "");
        REQUIRE(sessions.size() <= Sessions::kMaxSessions);
    }
    CHECK(sessions.size() <= Sessions::kMaxSessions);
    auto kept = sessions.find(user);
    REQUIRE(kept);
    CHECK(kept->user == "anna");
}

TEST_CASE("eine geschlossene Sitzung gilt nicht mehr", "[web][sitzung]") {
    Sessions sessions;
    std::string id = sessions.open("", "");
    REQUIRE(sessions.find(id));
    sessions.close(id);
    CHECK_FALSE(sessions.find(id));
    CHECK_FALSE(sessions.find("unbekannt"));
}
