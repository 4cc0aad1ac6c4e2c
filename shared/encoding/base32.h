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
// For people: groups of four characters ("ABCD-EFGH-..."), and what they
// type back made plain again (upper case, without spaces and dashes).
std::string base32Grouped(std::span<const std::uint8_t> bytes, char separator);
std::string base32Normalised(std::string_view typed);
// Upper-case RFC 4648 alphabet, no padding; nullopt on any other character.
std::optional<std::vector<std::uint8_t>> base32Decode(std::string_view text);

}  // namespace limn
