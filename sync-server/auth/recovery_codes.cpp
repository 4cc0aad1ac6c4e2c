#include "sync-server/auth/recovery_codes.h"

#include "shared/crypto/constant_time.h"
#include "shared/crypto/keyed_hash.h"
#include "shared/crypto/random.h"
#include "shared/encoding/base32.h"

namespace limn::server {

namespace {

constexpr std::string_view kDomain = "limn mfa recovery code v1";

std::array<std::uint8_t, kRecoveryHashBytes> hashOf(const std::array<std::uint8_t, kRecoverySaltBytes>& salt,
                                                    const std::string& code) {
  std::array<std::uint8_t, kRecoveryHashBytes> out{};
  crypto::keyedHash(salt, kDomain, {reinterpret_cast<const std::uint8_t*>(code.data()), code.size()}, out);
  return out;
}

}  // namespace

NewRecoveryCodes generateRecoveryCodes() {
  NewRecoveryCodes out;
  for (std::size_t i = 0; i < kRecoveryCodeCount; ++i) {
    std::array<std::uint8_t, kRecoveryCodeBytes> raw{};
    crypto::randomBytes(raw);
    StoredRecoveryCode stored;
    crypto::randomBytes(stored.salt);
    stored.hash = hashOf(stored.salt, base32Encode(raw));  // 16 characters
    out.stored.push_back(stored);
    out.shown.push_back(base32Grouped(raw, '-'));
  }
  return out;
}

std::optional<std::size_t> matchRecoveryCode(const std::vector<StoredRecoveryCode>& stored, std::string_view typed) {
  const std::string code = base32Normalised(typed);
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < stored.size(); ++i) {  // every one, whatever matched
    const auto h = hashOf(stored[i].salt, code);
    if (crypto::equalInConstantTime(h, stored[i].hash) && !found) found = i;
  }
  return found;
}

}  // namespace limn::server
