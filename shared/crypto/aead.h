// XChaCha20-Poly1305 (IETF), libsodium's crypto_aead_xchacha20poly1305_ietf:
// the cipher for op envelopes and wrapped keys. Its 192-bit nonces are safe
// to draw at random for every message, which is what sealAead does; the
// explicit-nonce form exists for test vectors.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "shared/error/result.h"

namespace limn::crypto {

inline constexpr std::size_t kAeadKeyBytes = 32;    // crypto_aead_xchacha20poly1305_ietf_KEYBYTES
inline constexpr std::size_t kAeadNonceBytes = 24;  // ..._NPUBBYTES
inline constexpr std::size_t kAeadTagBytes = 16;    // ..._ABYTES

using AeadKey = std::array<std::uint8_t, kAeadKeyBytes>;
using AeadNonce = std::array<std::uint8_t, kAeadNonceBytes>;

AeadKey randomAeadKey();

// ciphertext || tag.
std::vector<std::uint8_t> aeadEncrypt(const AeadKey& key, const AeadNonce& nonce,
                                      std::span<const std::uint8_t> associatedData,
                                      std::span<const std::uint8_t> plaintext);
// kCryptoFailure when the tag does not verify (wrong key, nonce, data or
// any changed byte); nothing is returned then.
Result<std::vector<std::uint8_t>> aeadDecrypt(const AeadKey& key, const AeadNonce& nonce,
                                              std::span<const std::uint8_t> associatedData,
                                              std::span<const std::uint8_t> ciphertext);

// nonce || ciphertext || tag, with a fresh random nonce.
std::vector<std::uint8_t> sealAead(const AeadKey& key, std::span<const std::uint8_t> associatedData,
                                   std::span<const std::uint8_t> plaintext);
Result<std::vector<std::uint8_t>> openAead(const AeadKey& key, std::span<const std::uint8_t> associatedData,
                                           std::span<const std::uint8_t> sealed);

}  // namespace limn::crypto
