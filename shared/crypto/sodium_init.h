// Initialises libsodium once per process. Every crypto entry point calls it;
// callers never need to. Aborts if the library cannot start (no entropy),
// because nothing secure can happen after that.
#pragma once

namespace limn::crypto {

void ensureSodiumInitialised();

}  // namespace limn::crypto
