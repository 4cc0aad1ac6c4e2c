// MFA recovery codes: ten one-time codes shown once at enrollment, stored
// only as salted BLAKE2b hashes (OWASP ASVS 2.6: lookup secrets below 112
// bits of entropy are salted and hashed). Each code is 80 random bits as 16
// base32 characters in groups of four; spaces, dashes and case do not count
// when a person types one back.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace limn::server {

inline constexpr std::size_t kRecoveryCodeCount = 10;
inline constexpr std::size_t kRecoveryCodeBytes = 10;  // 80 bits
inline constexpr std::size_t kRecoverySaltBytes = 32;
inline constexpr std::size_t kRecoveryHashBytes = 32;

struct StoredRecoveryCode {
  std::array<std::uint8_t, kRecoverySaltBytes> salt{};
  std::array<std::uint8_t, kRecoveryHashBytes> hash{};
};

struct NewRecoveryCodes {
  std::vector<std::string> shown;          // for the person, once: "ABCD-EFGH-IJKL-MNOP"
  std::vector<StoredRecoveryCode> stored;  // for the server
};

NewRecoveryCodes generateRecoveryCodes();

// Which stored code `typed` is (compared in constant time against every
// one); the caller deletes it, so each code works once.
std::optional<std::size_t> matchRecoveryCode(const std::vector<StoredRecoveryCode>& stored, std::string_view typed);

}  // namespace limn::server
