// SHA-256 through libsodium (the only code that includes sodium.h lives in
// shared/crypto). Used for content digests such as pixel_sha256; not for
// passwords or MACs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace limn::crypto {

inline constexpr std::size_t kSha256Bytes = 32;
using Sha256Digest = std::array<std::uint8_t, kSha256Bytes>;

// Incremental hasher: update() any number of times, then finish() once.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::span<const std::uint8_t> bytes);
  Sha256Digest finish();

 private:
  alignas(64) std::uint8_t m_state[128];  // crypto_hash_sha256_state, opaque here
  bool m_finished = false;
};

Sha256Digest sha256(std::span<const std::uint8_t> bytes);

// Lower-case hex, 2 characters per byte.
std::string toHex(std::span<const std::uint8_t> bytes);

}  // namespace limn::crypto
