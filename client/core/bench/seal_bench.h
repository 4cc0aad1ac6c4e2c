// What sealing and opening an op envelope costs (shared/sync/op_envelope.h:
// XChaCha20-Poly1305 IETF with the address as associated data, then an
// Ed25519 signature over it; opening verifies, then decrypts) for typical
// op sizes. The same construction is timed in libsodium-wrappers from npm
// by web/bench/sodium-bench.mjs, so `limn bench` can compare our wasm with
// libsodium.js in one Node run.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

namespace limn::bench {

inline constexpr std::size_t kSealBenchSizes[] = {100, 1000, 10000};

// {"bench": "op_seal_open", "sizes": [{"bytes", "seal_per_s", "open_per_s"}, ...]}
// (the caller adds the runtime).
nlohmann::json runSealBench(double secondsPerSize = 0.4);

}  // namespace limn::bench
