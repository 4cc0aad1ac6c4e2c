#include "sync-server/auth/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

#include "shared/crypto/constant_time.h"

namespace limn::server {

namespace {

const EVP_MD* digestOf(OtpHash hash) {
  switch (hash) {
    case OtpHash::kSha1: return EVP_sha1();
    case OtpHash::kSha256: return EVP_sha256();
    case OtpHash::kSha512: return EVP_sha512();
  }
  return EVP_sha1();
}

}  // namespace

std::string hotp(std::span<const std::uint8_t> secret, std::uint64_t counter, int digits, OtpHash hash) {
  std::array<std::uint8_t, 8> message{};
  for (int i = 7; i >= 0; --i, counter >>= 8) message[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(counter);
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
  unsigned int macSize = 0;
  HMAC(digestOf(hash), secret.data(), static_cast<int>(secret.size()), message.data(), message.size(), mac.data(), &macSize);
  // Dynamic truncation (RFC 4226 5.3).
  const unsigned offset = mac[macSize - 1] & 0x0f;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::uint64_t totpStep(std::int64_t unixSeconds, std::int64_t stepSeconds) {
  return unixSeconds < 0 ? 0 : static_cast<std::uint64_t>(unixSeconds / stepSeconds);
}

std::string totpAt(std::span<const std::uint8_t> secret, std::int64_t unixSeconds, int digits, OtpHash hash) {
  return hotp(secret, totpStep(unixSeconds), digits, hash);
}

std::optional<std::uint64_t> verifyTotp(std::span<const std::uint8_t> secret, std::string_view code,
                                        std::int64_t unixSeconds, std::uint64_t lastAcceptedStep) {
  if (code.size() != static_cast<std::size_t>(kTotpDigits)) return std::nullopt;
  const std::uint64_t now = totpStep(unixSeconds);
  std::optional<std::uint64_t> matched;
  for (int d = -kTotpWindowSteps; d <= kTotpWindowSteps; ++d) {
    if (d < 0 && now < static_cast<std::uint64_t>(-d)) continue;
    const std::uint64_t step = now + static_cast<std::uint64_t>(static_cast<std::int64_t>(d));
    const std::string expected = hotp(secret, step);
    const bool equal = crypto::equalInConstantTime({reinterpret_cast<const std::uint8_t*>(expected.data()), expected.size()},
                                                   {reinterpret_cast<const std::uint8_t*>(code.data()), code.size()});
    if (equal && step > lastAcceptedStep && !matched) matched = step;
  }
  return matched;
}

}  // namespace limn::server
