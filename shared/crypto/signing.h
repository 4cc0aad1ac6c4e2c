// Ed25519 signatures (libsodium crypto_sign_detached): audit checkpoints and
// entries signed by the server, ops signed by their authors. The secret key
// type zeroes itself when it goes away.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "shared/error/result.h"

namespace limn::crypto {

inline constexpr std::size_t kSigningPublicKeyBytes = 32;  // crypto_sign_PUBLICKEYBYTES
inline constexpr std::size_t kSigningSecretKeyBytes = 64;  // crypto_sign_SECRETKEYBYTES (seed || public)
inline constexpr std::size_t kSigningSeedBytes = 32;       // crypto_sign_SEEDBYTES
inline constexpr std::size_t kSignatureBytes = 64;         // crypto_sign_BYTES

using SigningPublicKey = std::array<std::uint8_t, kSigningPublicKeyBytes>;
using Signature = std::array<std::uint8_t, kSignatureBytes>;

class SigningSecretKey {
 public:
  SigningSecretKey() = default;
  ~SigningSecretKey();
  SigningSecretKey(const SigningSecretKey&) = default;
  SigningSecretKey& operator=(const SigningSecretKey&) = default;
  std::span<std::uint8_t, kSigningSecretKeyBytes> bytes() { return m_bytes; }
  std::span<const std::uint8_t, kSigningSecretKeyBytes> bytes() const { return m_bytes; }

 private:
  std::array<std::uint8_t, kSigningSecretKeyBytes> m_bytes{};
};

struct SigningKeyPair {
  SigningPublicKey publicKey{};
  SigningSecretKey secretKey;
};

SigningKeyPair generateSigningKeyPair();
// The same pair every time for one seed (keys stored as their seed).
SigningKeyPair signingKeyPairFromSeed(std::span<const std::uint8_t, kSigningSeedBytes> seed);

Signature sign(const SigningSecretKey& key, std::span<const std::uint8_t> message);
// False for any signature that does not verify, including non-canonical ones.
[[nodiscard]] bool verifySignature(const SigningPublicKey& key, std::span<const std::uint8_t> message,
                                   std::span<const std::uint8_t> signature);

}  // namespace limn::crypto
