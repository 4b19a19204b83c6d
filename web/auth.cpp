#include "web/auth.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace klappt::web {

namespace {
// OWASP's recommendation for Argon2id: 19 MiB, 2 passes, 1 lane — a login takes a few
// tens of milliseconds and cannot be sped up much by a GPU.
constexpr std::uint32_t kPasses = 2, kMemoryKiB = 19 * 1024, kLanes = 1, kSaltBytes = 16, kHashBytes = 32;
constexpr auto kIdle = std::chrono::hours(8);
}  // namespace

bool is_role(const std::string& role) {
    for (const char* r : kRoles)
        if (role == r) return true;
    return false;
}

std::string hash_password(const std::string& password) {
    unsigned char salt[kSaltBytes];
    if (RAND_bytes(salt, sizeof salt) != 1) throw std::runtime_error("keine Zufallszahlen verfügbar");
    std::vector<char> encoded(argon2_encodedlen(kPasses, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id) + 1);
    int rc = argon2id_hash_encoded(kPasses, kMemoryKiB, kLanes, password.data(), password.size(), salt, sizeof salt,
                                   kHashBytes, encoded.data(), encoded.size());
    if (rc != ARGON2_OK) throw std::runtime_error(std::string("Passwort-Hash fehlgeschlagen: ") + argon2_error_message(rc));
    return encoded.data();
}

bool verify_password(const std::string& encoded, const std::string& password) {
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string random_token() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("keine Zufallszahlen verfügbar");
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

bool same_token(const std::string& a, const std::string& b) {
    if (a.size() != b.size() || a.empty()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string Sessions::open(const std::string& user, const std::string& role) {
    std::string id = random_token();
    std::lock_guard lock(mutex_);
    // Forget idle sessions now and then so the map does not grow without end.
    if (sessions_.size() > 1000) {
        auto now = std::chrono::steady_clock::now();
        for (auto it = sessions_.begin(); it != sessions_.end();)
            it = now - it->second.last_seen > kIdle ? sessions_.erase(it) : std::next(it);
    }
    sessions_[id] = {user, role, random_token(), std::chrono::steady_clock::now()};
    return id;
}

std::optional<Session> Sessions::find(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return std::nullopt;
    auto now = std::chrono::steady_clock::now();
    if (now - it->second.last_seen > kIdle) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.last_seen = now;
    return it->second;
}

void Sessions::close(const std::string& id) {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
}

}  // namespace klappt::web
