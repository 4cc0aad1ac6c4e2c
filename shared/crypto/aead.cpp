#include "shared/crypto/aead.h"

#include <sodium.h>

#include <algorithm>

#include "shared/crypto/random.h"
#include "shared/crypto/sodium_init.h"

namespace limn::crypto {

static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kAeadKeyBytes);
static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == kAeadNonceBytes);
static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == kAeadTagBytes);

AeadKey randomAeadKey() {
  AeadKey key{};
  randomBytes(key);
  return key;
}

std::vector<std::uint8_t> aeadEncrypt(const AeadKey& key, const AeadNonce& nonce,
                                      std::span<const std::uint8_t> associatedData,
                                      std::span<const std::uint8_t> plaintext) {
  ensureSodiumInitialised();
  std::vector<std::uint8_t> out(plaintext.size() + kAeadTagBytes);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data(), &length, plaintext.data(), plaintext.size(),
                                             associatedData.data(), associatedData.size(), nullptr, nonce.data(),
                                             key.data());
  out.resize(length);
  return out;
}

Result<std::vector<std::uint8_t>> aeadDecrypt(const AeadKey& key, const AeadNonce& nonce,
                                              std::span<const std::uint8_t> associatedData,
                                              std::span<const std::uint8_t> ciphertext) {
  ensureSodiumInitialised();
  if (ciphertext.size() < kAeadTagBytes) return makeError(ErrorCode::kCryptoFailure, "ciphertext too short");
  std::vector<std::uint8_t> out(ciphertext.size() - kAeadTagBytes);
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &length, nullptr, ciphertext.data(), ciphertext.size(),
                                                 associatedData.data(), associatedData.size(), nonce.data(),
                                                 key.data()) != 0)
    return makeError(ErrorCode::kCryptoFailure, "decryption failed: wrong key, or the data was changed");
  out.resize(length);
  return out;
}

std::vector<std::uint8_t> sealAead(const AeadKey& key, std::span<const std::uint8_t> associatedData,
                                   std::span<const std::uint8_t> plaintext) {
  AeadNonce nonce{};
  randomBytes(nonce);
  std::vector<std::uint8_t> out(nonce.begin(), nonce.end());
  const auto body = aeadEncrypt(key, nonce, associatedData, plaintext);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Result<std::vector<std::uint8_t>> openAead(const AeadKey& key, std::span<const std::uint8_t> associatedData,
                                           std::span<const std::uint8_t> sealed) {
  if (sealed.size() < kAeadNonceBytes + kAeadTagBytes)
    return makeError(ErrorCode::kCryptoFailure, "sealed data too short");
  AeadNonce nonce{};
  std::copy_n(sealed.begin(), kAeadNonceBytes, nonce.begin());
  return aeadDecrypt(key, nonce, associatedData, sealed.subspan(kAeadNonceBytes));
}

}  // namespace limn::crypto
