#include "shared/crypto/constant_time.h"

#include <sodium.h>

namespace limn::crypto {

bool equalInConstantTime(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace limn::crypto
