#include "engine/protokoll/seal_crypto.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <optional>
#include <vector>

#include "engine/protokoll/protokoll.hpp"
#include "engine/base/hex.hpp"

namespace klappt::protokoll {

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

Error key_error(const std::string& what) { return Error(Error::Kind::invalid_input, what); }

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

// An Ed25519 key from PEM text, read by `read` (PEM_read_bio_PrivateKey or PEM_read_bio_PUBKEY);
// anything else is a key_error saying `problem`.
Key read_ed25519(const std::string& pem, EVP_PKEY* (*read)(BIO*, EVP_PKEY**, pem_password_cb*, void*),
                 const char* problem) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    Key key(bio ? read(bio.get(), nullptr, nullptr, nullptr) : nullptr, EVP_PKEY_free);
    if (!key || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) throw key_error(problem);
    return key;
}

Key read_private(const std::string& pem) {
    return read_ed25519(pem, PEM_read_bio_PrivateKey,
                        "der Schlüssel ist kein privater Ed25519-Schlüssel im PEM-Format (klappt protokoll schluessel erzeugt einen)");
}

Key read_public(const std::string& pem) {
    return read_ed25519(pem, PEM_read_bio_PUBKEY, "der Schlüssel ist kein öffentlicher Ed25519-Schlüssel im PEM-Format");
}

std::string public_pem(EVP_PKEY* key) {
    Bio bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) throw key_error("öffentlicher Schlüssel nicht lesbar");
    return bio_text(bio.get());
}

std::optional<std::vector<unsigned char>> unhex(const std::string& text) {
    if (text.size() % 2) return std::nullopt;
    std::vector<unsigned char> out;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < text.size(); i += 2) {
        int hi = nibble(text[i]), lo = nibble(text[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<unsigned char>(hi * 16 + lo));
    }
    return out;
}

}  // namespace

std::pair<std::string, std::string> ed25519_generate() {
    Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), EVP_PKEY_free);
    if (!key) throw Error(Error::Kind::io, "Ed25519-Schlüssel konnte nicht erzeugt werden (OpenSSL)");
    Bio bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        throw Error(Error::Kind::io, "Ed25519-Schlüssel konnte nicht geschrieben werden (OpenSSL)");
    return {bio_text(bio.get()), public_pem(key.get())};
}

std::string ed25519_public_of(const std::string& private_pem) { return public_pem(read_private(private_pem).get()); }

std::string ed25519_sign(const std::string& private_pem, std::string_view message) {
    Key key = read_private(private_pem);
    MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char signature[64];
    std::size_t length = sizeof signature;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), signature, &length, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1)
        throw Error(Error::Kind::io, "Signatur konnte nicht erzeugt werden (OpenSSL)");
    return lower_hex(signature, length);
}

bool ed25519_verify(const std::string& public_pem_text, std::string_view message, const std::string& signature_hex) {
    Key key = read_public(public_pem_text);
    auto signature = unhex(signature_hex);
    if (!signature) return false;
    MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
    return EVP_DigestVerify(ctx.get(), signature->data(), signature->size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

}  // namespace klappt::protokoll
