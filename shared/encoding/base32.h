// RFC 4648 base32 (upper case, no padding), the encoding authenticator apps
// expect for TOTP secrets.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace limn {

std::string base32Encode(std::span<const std::uint8_t> bytes);

}  // namespace limn
