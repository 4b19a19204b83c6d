#include "web/auth.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "engine/base/hex.hpp"

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
    return lower_hex(bytes, sizeof bytes);
}

bool same_token(const std::string& a, const std::string& b) {
    if (a.size() != b.size() || a.empty()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string Sessions::open(const std::string& user, const std::string& role) {
    std::string id = random_token();
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (sessions_.size() >= forget_at_) forget_idle(now);
    sessions_[id] = {user, role, random_token(), now};
    return id;
}

// Called when the map has doubled since the last time, so its cost per new session stays
// constant (a scan on every open made the desk quadratic under load: 1 s answers).
void Sessions::forget_idle(std::chrono::steady_clock::time_point now) {
    std::erase_if(sessions_, [&](const auto& entry) { return now - entry.second.last_seen > kIdle; });
    if (sessions_.size() >= kMaxSessions) {
        std::vector<std::pair<std::chrono::steady_clock::time_point, std::string>> anonymous;
        for (const auto& [id, session] : sessions_)
            if (session.user.empty()) anonymous.emplace_back(session.last_seen, id);
        std::size_t excess = std::min(anonymous.size(), sessions_.size() - kMaxSessions / 2);
        std::nth_element(anonymous.begin(), anonymous.begin() + static_cast<std::ptrdiff_t>(excess), anonymous.end());
        for (std::size_t i = 0; i < excess; ++i) sessions_.erase(anonymous[i].second);
    }
    forget_at_ = std::min(std::max<std::size_t>(2 * sessions_.size(), 1024), kMaxSessions);
    if (forget_at_ <= sessions_.size()) forget_at_ = sessions_.size() + 1024;  // full of logged-in users
}

std::size_t Sessions::size() {
    std::lock_guard lock(mutex_);
    return sessions_.size();
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
