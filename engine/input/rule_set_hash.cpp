#include "engine/input/rule_set_hash.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "engine/base/hex.hpp"

namespace klappt {

namespace {

struct Digest {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), EVP_MD_CTX_free};
    Digest() {
        if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
            throw std::runtime_error("SHA-256 nicht verfügbar (OpenSSL)");
    }
    void update(std::string_view bytes) { EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()); }
    std::string hex() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(ctx.get(), digest, &length);
        return lower_hex(digest, length);
    }
};

}  // namespace

std::string rule_set_file_name(const SourceFile& file, const std::filesystem::path& directory) {
    namespace fs = std::filesystem;
    fs::path name = directory.empty() ? fs::path(file.name()) : fs::path(file.name()).lexically_relative(directory);
    return name.generic_string();
}

std::string rule_set_sha256(const std::vector<std::pair<std::string, std::string_view>>& files) {
    Digest digest;
    for (const auto& [name, text] : files) {
        digest.update(name + "\n" + std::to_string(text.size()) + "\n");
        digest.update(text);
    }
    return digest.hex();
}

std::string sha256_hex(std::string_view bytes) {
    Digest digest;
    digest.update(bytes);
    return digest.hex();
}

}  // namespace klappt
