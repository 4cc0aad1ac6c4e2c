// A person's published keys, as the client uploads them and the server
// keeps and hands out: the Ed25519 and X25519 public keys, and the private
// halves wrapped by the client (under the password's key-encryption key and
// under a recovery key), which the server cannot open. Also the fingerprint
// two people compare out of band.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/crypto/aead.h"
#include "shared/crypto/key_exchange.h"
#include "shared/crypto/signing.h"
#include "shared/error/result.h"

namespace limn::protocol {

inline constexpr int kPublishedKeysVersion = 1;
// The wrapped secrets: Ed25519 seed || X25519 secret key.
inline constexpr std::size_t kWrappedSecretsBytes = crypto::kSigningSeedBytes + crypto::kBoxSecretKeyBytes;
inline constexpr std::size_t kWrappedKeysBytes = crypto::kAeadNonceBytes + kWrappedSecretsBytes + crypto::kAeadTagBytes;

struct PublishedUserKeys {
  crypto::SigningPublicKey signingPublic{};
  crypto::BoxPublicKey boxPublic{};
  std::vector<std::uint8_t> wrappedByPassword;  // under the password's key-encryption key
  std::vector<std::uint8_t> wrappedByRecovery;  // under the recovery key
};

nlohmann::json publishedToJson(const PublishedUserKeys& p);
// Checks the shape (version, key and wrap sizes), not the wraps' contents.
Result<PublishedUserKeys> publishedFromJson(const nlohmann::json& j);

// BLAKE2b-160 of both public keys, as 8 groups of 4 base32 characters.
std::string fingerprint(const crypto::SigningPublicKey& signing, const crypto::BoxPublicKey& box);

}  // namespace limn::protocol
