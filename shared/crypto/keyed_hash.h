// BLAKE2b (libsodium crypto_generichash) with domain separation: every use
// names its purpose, so one key can never produce the same bytes for two
// purposes. Used for pseudonyms (UIDs, patient IDs, date shifts) keyed by a
// project key; not for passwords.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace limn::crypto {

inline constexpr std::size_t kKeyedHashKeyBytes = 32;
inline constexpr std::size_t kKeyedHashMinBytes = 16;
inline constexpr std::size_t kKeyedHashMaxBytes = 64;

// out = BLAKE2b-|out|(key; domain || 0x00 || message). |out| must lie in
// [kKeyedHashMinBytes, kKeyedHashMaxBytes].
void keyedHash(std::span<const std::uint8_t, kKeyedHashKeyBytes> key, std::string_view domain,
               std::span<const std::uint8_t> message, std::span<std::uint8_t> out);

// The same without a key, for deriving a key from secret material.
void genericHash(std::span<const std::uint8_t> message, std::string_view domain, std::span<std::uint8_t> out);

}  // namespace limn::crypto
