#include "client/core/bench/seal_bench.h"

#include <chrono>

#include "shared/crypto/random.h"
#include "shared/sync/op_envelope.h"

namespace limn::bench {

namespace {

// Runs `once` until `seconds` pass (in rounds, so the clock is read rarely);
// returns calls per second.
template <typename F>
double perSecond(double seconds, F&& once) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  std::size_t calls = 0;
  double elapsed = 0;
  do {
    for (int i = 0; i < 64; ++i) once();
    calls += 64;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < seconds);
  return calls / elapsed;
}

}  // namespace

nlohmann::json runSealBench(double secondsPerSize) {
  const crypto::AeadKey key = crypto::randomAeadKey();
  const crypto::SigningKeyPair author = crypto::generateSigningKeyPair();
  const sync::OpAddress address{"Neuro 2026", "1234", "dr.example#5678", 3};
  const std::string authorName = "dr.example";
  sync::OpenContext context{address.project, address.task,
                            [&](std::uint32_t) { return &key; },
                            [&](const crypto::SigningPublicKey& k) { return k == author.publicKey ? &authorName : nullptr; }};
  nlohmann::json sizes = nlohmann::json::array();
  for (std::size_t bytes : kSealBenchSizes) {
    std::vector<std::uint8_t> plaintext(bytes);
    crypto::randomBytes(plaintext);
    sync::OpEnvelope sealed;
    const double seal = perSecond(secondsPerSize, [&] { sealed = sync::sealOp(address, plaintext, key, author); });
    bool ok = true;
    const double open = perSecond(secondsPerSize, [&] { ok = ok && sync::openOp(sealed, context).ok(); });
    sizes.push_back({{"bytes", bytes}, {"seal_per_s", seal}, {"open_per_s", open}, {"opened", ok}});
  }
  return {{"bench", "op_seal_open"}, {"sizes", sizes}};
}

}  // namespace limn::bench
