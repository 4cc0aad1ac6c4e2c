#include "shared/crypto/sodium_init.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace limn::crypto {

void ensureSodiumInitialised() {
  // sodium_init is itself idempotent and thread-safe; the static only saves
  // the call on hot paths.
  static const bool kReady = [] {
    if (sodium_init() < 0) {
      std::fputs("limn: libsodium failed to initialise\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)kReady;
}

}  // namespace limn::crypto
