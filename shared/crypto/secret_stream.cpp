#include "shared/crypto/secret_stream.h"

#include <sodium.h>

#include "shared/crypto/sodium_init.h"

namespace limn::crypto {

static_assert(kStreamHeaderBytes == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(kStreamChunkOverhead == crypto_secretstream_xchacha20poly1305_ABYTES);
static_assert(kAeadKeyBytes == crypto_secretstream_xchacha20poly1305_KEYBYTES);

std::vector<std::uint8_t> sealStream(const AeadKey& key, std::span<const std::uint8_t> ad,
                                     std::span<const std::uint8_t> plaintext) {
  ensureSodiumInitialised();
  const std::size_t chunks = plaintext.empty() ? 1 : (plaintext.size() + kStreamChunkBytes - 1) / kStreamChunkBytes;
  std::vector<std::uint8_t> out(kStreamHeaderBytes + plaintext.size() + chunks * kStreamChunkOverhead);
  crypto_secretstream_xchacha20poly1305_state state;
  crypto_secretstream_xchacha20poly1305_init_push(&state, out.data(), key.data());
  std::size_t at = kStreamHeaderBytes;
  for (std::size_t i = 0; i < chunks; ++i) {
    const std::size_t from = i * kStreamChunkBytes;
    const std::size_t n = std::min(kStreamChunkBytes, plaintext.size() - from);
    const unsigned char tag = i + 1 == chunks ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                              : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    unsigned long long written = 0;
    crypto_secretstream_xchacha20poly1305_push(&state, out.data() + at, &written, plaintext.data() + from, n, ad.data(),
                                               ad.size(), tag);
    at += static_cast<std::size_t>(written);
  }
  sodium_memzero(&state, sizeof state);
  return out;
}

Result<std::vector<std::uint8_t>> openStream(const AeadKey& key, std::span<const std::uint8_t> ad,
                                             std::span<const std::uint8_t> sealed) {
  ensureSodiumInitialised();
  if (sealed.size() < kStreamHeaderBytes + kStreamChunkOverhead)
    return makeError(ErrorCode::kCryptoFailure, "the sealed stream is cut short (no complete chunk)");
  crypto_secretstream_xchacha20poly1305_state state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state, sealed.data(), key.data()) != 0)
    return makeError(ErrorCode::kCryptoFailure, "the sealed stream's header is invalid");
  std::vector<std::uint8_t> out;
  out.reserve(sealed.size());
  std::size_t at = kStreamHeaderBytes;
  for (std::size_t chunk = 1;; ++chunk) {
    if (at == sealed.size()) {
      sodium_memzero(&state, sizeof state);
      return makeError(ErrorCode::kCryptoFailure, "the sealed stream is cut short: chunk " + std::to_string(chunk) +
                                                      " and the final tag are missing");
    }
    const std::size_t n = std::min(kStreamChunkBytes + kStreamChunkOverhead, sealed.size() - at);
    if (n < kStreamChunkOverhead)
      return makeError(ErrorCode::kCryptoFailure, "the sealed stream ends inside chunk " + std::to_string(chunk));
    const std::size_t before = out.size();
    out.resize(before + n - kStreamChunkOverhead);
    unsigned long long got = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&state, out.data() + before, &got, &tag, sealed.data() + at, n,
                                                   ad.data(), ad.size()) != 0) {
      sodium_memzero(&state, sizeof state);
      return makeError(ErrorCode::kCryptoFailure, "chunk " + std::to_string(chunk) +
                                                      " does not open (changed, reordered, or sealed for something else)");
    }
    out.resize(before + static_cast<std::size_t>(got));
    at += n;
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      sodium_memzero(&state, sizeof state);
      if (at != sealed.size())
        return makeError(ErrorCode::kCryptoFailure, "the sealed stream has bytes after its final chunk");
      return out;
    }
  }
}

}  // namespace limn::crypto
