// Ed25519 through OpenSSL's EVP interface: key pairs in PEM, signatures as hex.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace klappt::protokoll {

// (private PEM, public PEM)
std::pair<std::string, std::string> ed25519_generate();
// The public key (PEM) of a private key; throws Error(invalid_input) when it is no Ed25519 key.
std::string ed25519_public_of(const std::string& private_pem);
std::string ed25519_sign(const std::string& private_pem, std::string_view message);
// False for a wrong signature; throws Error(invalid_input) when the key is unusable.
bool ed25519_verify(const std::string& public_pem, std::string_view message, const std::string& signature_hex);

}  // namespace klappt::protokoll
