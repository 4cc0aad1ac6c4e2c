#include "shared/crypto/key_exchange.h"

#include <sodium.h>

#include "shared/crypto/sodium_init.h"

namespace limn::crypto {

static_assert(crypto_box_PUBLICKEYBYTES == kBoxPublicKeyBytes);
static_assert(crypto_box_SECRETKEYBYTES == kBoxSecretKeyBytes);
static_assert(crypto_box_SEALBYTES == kSealOverheadBytes);
static_assert(crypto_scalarmult_BYTES == 32);

BoxSecretKey::~BoxSecretKey() { sodium_memzero(m_bytes.data(), m_bytes.size()); }

BoxKeyPair generateBoxKeyPair() {
  ensureSodiumInitialised();
  BoxKeyPair pair;
  crypto_box_keypair(pair.publicKey.data(), pair.secretKey.bytes().data());
  return pair;
}

BoxPublicKey x25519PublicKey(const BoxSecretKey& secret) {
  ensureSodiumInitialised();
  BoxPublicKey out{};
  crypto_scalarmult_base(out.data(), secret.bytes().data());
  return out;
}

std::vector<std::uint8_t> sealTo(const BoxPublicKey& recipient, std::span<const std::uint8_t> message) {
  ensureSodiumInitialised();
  std::vector<std::uint8_t> out(message.size() + kSealOverheadBytes);
  crypto_box_seal(out.data(), message.data(), message.size(), recipient.data());
  return out;
}

Result<std::vector<std::uint8_t>> openSealed(const BoxKeyPair& recipient, std::span<const std::uint8_t> sealed) {
  ensureSodiumInitialised();
  if (sealed.size() < kSealOverheadBytes) return makeError(ErrorCode::kCryptoFailure, "sealed box too short");
  std::vector<std::uint8_t> out(sealed.size() - kSealOverheadBytes);
  if (crypto_box_seal_open(out.data(), sealed.data(), sealed.size(), recipient.publicKey.data(),
                           recipient.secretKey.bytes().data()) != 0)
    return makeError(ErrorCode::kCryptoFailure, "the sealed box is not for this key, or was changed");
  return out;
}

Result<std::array<std::uint8_t, 32>> x25519(std::span<const std::uint8_t, kBoxSecretKeyBytes> secret,
                                            std::span<const std::uint8_t, kBoxPublicKeyBytes> peer) {
  ensureSodiumInitialised();
  std::array<std::uint8_t, 32> shared{};
  if (crypto_scalarmult(shared.data(), secret.data(), peer.data()) != 0)
    return makeError(ErrorCode::kCryptoFailure, "X25519 gave the all-zero secret (a low-order public key)");
  return shared;
}

}  // namespace limn::crypto
