// Time-based one-time passwords for MFA: HOTP (RFC 4226) over HMAC from
// OpenSSL, TOTP (RFC 6238) with 30-second steps, checked within one step
// either side for clock drift, and never the same step twice (a code seen
// once is spent, even inside its window).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace limn::server {

inline constexpr int kTotpDigits = 6;
inline constexpr std::int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpWindowSteps = 1;  // accepted drift, each way

enum class OtpHash : std::uint8_t { kSha1, kSha256, kSha512 };

// The `digits`-digit HOTP value of `counter` (RFC 4226 5.3), zero-padded.
std::string hotp(std::span<const std::uint8_t> secret, std::uint64_t counter, int digits = kTotpDigits,
                 OtpHash hash = OtpHash::kSha1);

// The TOTP step of a time (RFC 6238 4.2, T0 = 0).
std::uint64_t totpStep(std::int64_t unixSeconds, std::int64_t stepSeconds = kTotpStepSeconds);

std::string totpAt(std::span<const std::uint8_t> secret, std::int64_t unixSeconds, int digits = kTotpDigits,
                   OtpHash hash = OtpHash::kSha1);

// The step `code` is valid for at `unixSeconds` (within the window), if
// that step is later than `lastAcceptedStep` (0: none yet): the caller
// stores the returned step, so a replayed code fails. Codes are compared
// in constant time (shared/crypto/constant_time.h), and every step of the window is computed whatever
// matches, so timing does not tell which step (or none) matched.
std::optional<std::uint64_t> verifyTotp(std::span<const std::uint8_t> secret, std::string_view code,
                                        std::int64_t unixSeconds, std::uint64_t lastAcceptedStep);

}  // namespace limn::server
