// Keys derived from a user's password, identically on every client (and by
// `limn-server admin create`, which the site runs on its own machine):
//
//   master  = Argon2id(password, salt)                 (libsodium crypto_pwhash)
//   authKey = KDF(master, id 1, "limnpwd1")  -> sent to the server to log in;
//                                               the server stores only an
//                                               Argon2id hash of it
//   kek     = KDF(master, id 2, "limnpwd1")  -> never leaves the client; wraps
//                                               the user's private keys
//
// Knowing authKey (what the server sees) reveals nothing about kek.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "shared/error/result.h"

namespace limn::crypto {

inline constexpr std::size_t kPasswordSaltBytes = 16;  // crypto_pwhash_SALTBYTES
inline constexpr std::size_t kDerivedKeyBytes = 32;
using PasswordSalt = std::array<std::uint8_t, kPasswordSaltBytes>;
using DerivedKey = std::array<std::uint8_t, kDerivedKeyBytes>;

// Argon2id cost. kInteractive is libsodium's interactive limits (64 MiB);
// kTestOnly is the minimum, for unit tests that derive many keys.
enum class KdfCost { kInteractive, kTestOnly };

struct PasswordKeys {
  DerivedKey authKey{};
  DerivedKey keyEncryptionKey{};
};

PasswordSalt randomPasswordSalt();

[[nodiscard]] Result<PasswordKeys> derivePasswordKeys(std::string_view password, const PasswordSalt& salt,
                                                      KdfCost cost = KdfCost::kInteractive);

// Server side: an Argon2id string (with its own salt and cost) for authKey,
// and a constant-time check against it.
[[nodiscard]] Result<std::string> hashAuthKey(const DerivedKey& authKey, KdfCost cost = KdfCost::kInteractive);
[[nodiscard]] bool verifyAuthKey(const std::string& storedHash, const DerivedKey& authKey);

}  // namespace limn::crypto
