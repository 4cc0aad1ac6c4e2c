// Large payloads (a de-identified image relayed to a remote physician) in
// chunks with libsodium's crypto_secretstream_xchacha20poly1305: each chunk
// is authenticated, numbered by the stream's state and bound to the same
// associated data, and the last is tagged final, so a dropped, repeated,
// reordered or truncated chunk is caught, not just a changed byte.
//
//   sealed = header (24) || chunk_1 || ... || chunk_n
//   chunk_i = ciphertext of up to kStreamChunkBytes plaintext bytes || 17
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "shared/crypto/aead.h"
#include "shared/error/result.h"

namespace limn::crypto {

inline constexpr std::size_t kStreamHeaderBytes = 24;  // crypto_secretstream_xchacha20poly1305_HEADERBYTES
inline constexpr std::size_t kStreamChunkOverhead = 17;  // ..._ABYTES
inline constexpr std::size_t kStreamChunkBytes = 64 * 1024;

std::vector<std::uint8_t> sealStream(const AeadKey& key, std::span<const std::uint8_t> associatedData,
                                     std::span<const std::uint8_t> plaintext);
// The plaintext, or kCryptoFailure naming what is wrong: a chunk that does
// not open (changed, reordered, another key or associated data), a stream
// cut short before its final chunk, or bytes after it.
Result<std::vector<std::uint8_t>> openStream(const AeadKey& key, std::span<const std::uint8_t> associatedData,
                                             std::span<const std::uint8_t> sealed);

}  // namespace limn::crypto
