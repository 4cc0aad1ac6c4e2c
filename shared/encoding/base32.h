// RFC 4648 base32 (upper case, no padding), the encoding authenticator apps
// expect for TOTP secrets.
#pragma once

#include <cstdint>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace limn {

std::string base32Encode(std::span<const std::uint8_t> bytes);
// Upper-case RFC 4648 alphabet, no padding; nullopt on any other character.
std::optional<std::vector<std::uint8_t>> base32Decode(std::string_view text);

}  // namespace limn
