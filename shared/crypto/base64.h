// Base64 (RFC 4648 section 5, URL-safe, no padding) through libsodium, for
// ciphertext and keys in JSON. Reading refuses anything else.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace limn::crypto {

std::string toBase64(std::span<const std::uint8_t> bytes);
std::optional<std::vector<std::uint8_t>> fromBase64(std::string_view text);
// Exactly out.size() bytes, or false.
[[nodiscard]] bool fromBase64Exact(std::string_view text, std::span<std::uint8_t> out);

}  // namespace limn::crypto
