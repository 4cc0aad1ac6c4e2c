// Hexadecimal text for keys, hashes, signatures and tokens on the wire
// (encoding: crypto::toHex). Either case is read; anything else is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace limn {

// Exactly out.size() bytes from 2*out.size() hex digits.
[[nodiscard]] bool hexToBytes(std::string_view hex, std::span<std::uint8_t> out);
std::optional<std::vector<std::uint8_t>> hexToBytes(std::string_view hex);

}  // namespace limn
