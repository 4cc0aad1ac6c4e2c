// Uniformly random bytes from the operating system, through libsodium.
#pragma once

#include <cstdint>
#include <span>

namespace limn::crypto {

void randomBytes(std::span<std::uint8_t> out);

}  // namespace limn::crypto
