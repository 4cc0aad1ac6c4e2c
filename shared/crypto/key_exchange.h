// X25519 key pairs and sealed boxes (libsodium crypto_box_seal): how a
// project's epoch key is wrapped to each member's public key, so only that
// member's client can unwrap it. The sender stays anonymous in the box; who
// wrapped it is proved by a separate signature.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "shared/error/result.h"

namespace limn::crypto {

inline constexpr std::size_t kBoxPublicKeyBytes = 32;  // crypto_box_PUBLICKEYBYTES
inline constexpr std::size_t kBoxSecretKeyBytes = 32;  // crypto_box_SECRETKEYBYTES
inline constexpr std::size_t kSealOverheadBytes = 48;  // crypto_box_SEALBYTES

using BoxPublicKey = std::array<std::uint8_t, kBoxPublicKeyBytes>;

class BoxSecretKey {
 public:
  BoxSecretKey() = default;
  ~BoxSecretKey();
  BoxSecretKey(const BoxSecretKey&) = default;
  BoxSecretKey& operator=(const BoxSecretKey&) = default;
  std::span<std::uint8_t, kBoxSecretKeyBytes> bytes() { return m_bytes; }
  std::span<const std::uint8_t, kBoxSecretKeyBytes> bytes() const { return m_bytes; }

 private:
  std::array<std::uint8_t, kBoxSecretKeyBytes> m_bytes{};
};

struct BoxKeyPair {
  BoxPublicKey publicKey{};
  BoxSecretKey secretKey;
};

BoxKeyPair generateBoxKeyPair();
// The public key of a secret key (crypto_scalarmult_base).
BoxPublicKey x25519PublicKey(const BoxSecretKey& secret);

std::vector<std::uint8_t> sealTo(const BoxPublicKey& recipient, std::span<const std::uint8_t> message);
Result<std::vector<std::uint8_t>> openSealed(const BoxKeyPair& recipient, std::span<const std::uint8_t> sealed);

// Raw X25519 (for test vectors): fails on an all-zero result (a low-order
// point), as libsodium does.
Result<std::array<std::uint8_t, 32>> x25519(std::span<const std::uint8_t, kBoxSecretKeyBytes> secret,
                                            std::span<const std::uint8_t, kBoxPublicKeyBytes> peer);

}  // namespace limn::crypto
