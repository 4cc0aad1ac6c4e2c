// A person's own keys, made on their client: Ed25519 (signing ops, key
// wraps and audit events) and X25519 (receiving project keys in sealed
// boxes). The private halves leave the client only wrapped: encrypted
// (XChaCha20-Poly1305) under the key-encryption key derived from the
// password (shared/crypto/password_keys.h), and again under a recovery key
// shown once, so a lost password does not lose the keys. The server stores
// both wraps and cannot open either.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "shared/crypto/aead.h"
#include "shared/crypto/key_exchange.h"
#include "shared/crypto/signing.h"
#include "shared/error/result.h"
#include "shared/protocol/published_keys.h"

namespace limn::keys {

inline constexpr std::size_t kRecoveryKeyBytes = 32;

struct UserKeys {
  crypto::SigningKeyPair signing;
  crypto::BoxKeyPair box;
};

using protocol::PublishedUserKeys;

UserKeys generateUserKeys();

// The recovery key as a person writes it down: 52 base32 characters in
// groups of four; reading ignores case, spaces and dashes.
std::string recoveryKeyText(const crypto::AeadKey& key);
Result<crypto::AeadKey> parseRecoveryKey(const std::string& text);

// `user` is bound into both wraps, so one person's wrap cannot be served
// as another's.
PublishedUserKeys publishUserKeys(const UserKeys& keys, const std::string& user, const crypto::AeadKey& passwordKek,
                                  const crypto::AeadKey& recoveryKey);
// With either key; checks the private halves match the published public ones.
Result<UserKeys> unwrapUserKeys(const PublishedUserKeys& published, const std::string& user,
                                const crypto::AeadKey& kek, bool recovery = false);
// A new password (or a recovered account): the same keys, a new password
// wrap, checked to open to them before anyone relies on it.
Result<std::vector<std::uint8_t>> rewrapForPassword(const UserKeys& keys, const std::string& user,
                                                    const crypto::AeadKey& newPasswordKek);

}  // namespace limn::keys
