#include "shared/crypto/random.h"

#include <sodium.h>

#include "shared/crypto/sodium_init.h"

namespace limn::crypto {

void randomBytes(std::span<std::uint8_t> out) {
  ensureSodiumInitialised();
  randombytes_buf(out.data(), out.size());
}

}  // namespace limn::crypto
