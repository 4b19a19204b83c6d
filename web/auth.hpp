// Who may use the desk: passwords hashed with Argon2id (libargon2), sessions held
// in memory (an HttpOnly, SameSite=Strict cookie names them; a restart logs
// everybody out), a CSRF token per session that every form carries.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace klappt::web {

// The roles of `klappt web benutzer anlegen --rolle`.
inline constexpr const char* kRoles[] = {"fallbearbeitung", "finanzen", "verwaltung"};
bool is_role(const std::string& role);

// An Argon2id hash in the encoded form ($argon2id$v=19$m=…), with a random salt.
std::string hash_password(const std::string& password);
bool verify_password(const std::string& encoded, const std::string& password);

// 32 random bytes as hex (session ids, CSRF tokens).
std::string random_token();

// Compares two tokens in constant time.
bool same_token(const std::string& a, const std::string& b);

struct Session {
    std::string user;  // "" for the single-user desk
    std::string role;  // "" = every role (single-user desk)
    std::string csrf;
    std::chrono::steady_clock::time_point last_seen;
};

class Sessions {
public:
    // A new session; returns its id (the cookie value).
    std::string open(const std::string& user, const std::string& role);
    // The session of a cookie value, refreshed; nullopt when unknown or idle too long (8 hours).
    std::optional<Session> find(const std::string& id);
    void close(const std::string& id);

    std::size_t size();

    // More sessions than this are never held: past it, the longest-idle sessions without a
    // user (login pages, the single-user desk) are forgotten first.
    static constexpr std::size_t kMaxSessions = 20000;

private:
    void forget_idle(std::chrono::steady_clock::time_point now);

    std::mutex mutex_;
    std::unordered_map<std::string, Session> sessions_;
    std::size_t forget_at_ = 1024;  // the next size at which idle sessions are forgotten
};

}  // namespace klappt::web
