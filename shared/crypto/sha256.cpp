#include "shared/crypto/sha256.h"

#include <sodium.h>

#include <cstdlib>

#include "shared/crypto/sodium_init.h"

namespace limn::crypto {

static_assert(crypto_hash_sha256_BYTES == kSha256Bytes);
static_assert(sizeof(crypto_hash_sha256_state) <= 128, "grow Sha256::m_state");

namespace {
crypto_hash_sha256_state* asState(std::uint8_t* raw) {
  return reinterpret_cast<crypto_hash_sha256_state*>(raw);
}
}  // namespace

Sha256::Sha256() {
  ensureSodiumInitialised();
  crypto_hash_sha256_init(asState(m_state));
}

Sha256::~Sha256() { sodium_memzero(m_state, sizeof m_state); }

void Sha256::update(std::span<const std::uint8_t> bytes) {
  if (m_finished) std::abort();  // misuse: updating a finished hash
  crypto_hash_sha256_update(asState(m_state), bytes.data(), bytes.size());
}

Sha256Digest Sha256::finish() {
  if (m_finished) std::abort();  // misuse: finishing twice
  m_finished = true;
  Sha256Digest out{};
  crypto_hash_sha256_final(asState(m_state), out.data());
  return out;
}

Sha256Digest sha256(std::span<const std::uint8_t> bytes) {
  Sha256 h;
  h.update(bytes);
  return h.finish();
}

std::string toHex(std::span<const std::uint8_t> bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();  // the terminating NUL
  return out;
}

}  // namespace limn::crypto
