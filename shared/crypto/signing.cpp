#include "shared/crypto/signing.h"

#include <sodium.h>

#include "shared/crypto/sodium_init.h"

namespace limn::crypto {

static_assert(crypto_sign_PUBLICKEYBYTES == kSigningPublicKeyBytes);
static_assert(crypto_sign_SECRETKEYBYTES == kSigningSecretKeyBytes);
static_assert(crypto_sign_SEEDBYTES == kSigningSeedBytes);
static_assert(crypto_sign_BYTES == kSignatureBytes);

SigningSecretKey::~SigningSecretKey() { sodium_memzero(m_bytes.data(), m_bytes.size()); }

SigningKeyPair generateSigningKeyPair() {
  ensureSodiumInitialised();
  SigningKeyPair pair;
  crypto_sign_keypair(pair.publicKey.data(), pair.secretKey.bytes().data());
  return pair;
}

SigningKeyPair signingKeyPairFromSeed(std::span<const std::uint8_t, kSigningSeedBytes> seed) {
  ensureSodiumInitialised();
  SigningKeyPair pair;
  crypto_sign_seed_keypair(pair.publicKey.data(), pair.secretKey.bytes().data(), seed.data());
  return pair;
}

Signature sign(const SigningSecretKey& key, std::span<const std::uint8_t> message) {
  ensureSodiumInitialised();
  Signature sig{};
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), key.bytes().data());
  return sig;
}

bool verifySignature(const SigningPublicKey& key, std::span<const std::uint8_t> message,
                     std::span<const std::uint8_t> signature) {
  ensureSodiumInitialised();
  if (signature.size() != kSignatureBytes) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), key.data()) == 0;
}

}  // namespace limn::crypto
