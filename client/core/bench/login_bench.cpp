#include "client/core/bench/login_bench.h"

#include <algorithm>
#include <chrono>

#include "shared/crypto/password_keys.h"

namespace limn::bench {

namespace {

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

AnnotBenchFigure summarise(const char* name, const char* detail, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  AnnotBenchFigure f{name, detail, ms.size(), ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)], 0};
  return f;
}

}  // namespace

std::vector<AnnotBenchFigure> runLoginBench(int attempts) {
  const crypto::PasswordSalt salt = crypto::randomPasswordSalt();
  auto keys = crypto::derivePasswordKeys("a benchmark passphrase", salt);
  if (!keys) return {};
  auto stored = crypto::hashAuthKey(keys->authKey);
  if (!stored) return {};
  std::vector<double> derive, verify;
  for (int i = 0; i < attempts; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    (void)crypto::derivePasswordKeys("a benchmark passphrase", salt);
    derive.push_back(msSince(t0));
    t0 = std::chrono::steady_clock::now();
    (void)crypto::verifyAuthKey(*stored, keys->authKey);
    verify.push_back(msSince(t0));
  }
  return {summarise("login_client_kdf", "Argon2id (libsodium interactive: 64 MiB, 2 passes) + 2 KDF subkeys", derive),
          summarise("login_server_verify", "Argon2id check of the authentication key, per attempt", verify)};
}

}  // namespace limn::bench
