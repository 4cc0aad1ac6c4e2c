#include "shared/crypto/keyed_hash.h"

#include <sodium.h>

#include <cstdlib>

#include "shared/crypto/sodium_init.h"

namespace limn::crypto {

static_assert(crypto_generichash_KEYBYTES == kKeyedHashKeyBytes);
static_assert(crypto_generichash_BYTES_MIN <= kKeyedHashMinBytes);
static_assert(crypto_generichash_BYTES_MAX == kKeyedHashMaxBytes);

namespace {

void hashWithDomain(const std::uint8_t* key, std::size_t keyBytes, std::string_view domain,
                    std::span<const std::uint8_t> message, std::span<std::uint8_t> out) {
  // A wrong size is a programming error, not input: stop rather than
  // return a weak or truncated digest.
  if (out.size() < kKeyedHashMinBytes || out.size() > kKeyedHashMaxBytes) std::abort();
  ensureSodiumInitialised();
  crypto_generichash_state state;
  crypto_generichash_init(&state, key, keyBytes, out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(domain.data()), domain.size());
  const unsigned char separator = 0;
  crypto_generichash_update(&state, &separator, 1);
  crypto_generichash_update(&state, message.data(), message.size());
  crypto_generichash_final(&state, out.data(), out.size());
  sodium_memzero(&state, sizeof state);
}

}  // namespace

void keyedHash(std::span<const std::uint8_t, kKeyedHashKeyBytes> key, std::string_view domain,
               std::span<const std::uint8_t> message, std::span<std::uint8_t> out) {
  hashWithDomain(key.data(), key.size(), domain, message, out);
}

void genericHash(std::span<const std::uint8_t> message, std::string_view domain, std::span<std::uint8_t> out) {
  hashWithDomain(nullptr, 0, domain, message, out);
}

}  // namespace limn::crypto
