// Comparison whose time does not depend on where two secrets differ
// (libsodium's sodium_memcmp): for MACs, one-time codes, hashes of secrets.
#pragma once

#include <cstdint>
#include <span>

namespace limn::crypto {

// False when the sizes differ (sizes are not secret).
bool equalInConstantTime(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace limn::crypto
