#include <catch2/catch.hpp>

#include "shared/crypto/random.h"
#include "shared/crypto/secret_stream.h"

using namespace limn::crypto;

namespace {

std::vector<std::uint8_t> randomPayload(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  randomBytes(out);
  return out;
}

const std::vector<std::uint8_t> kAd = {'b', 'l', 'o', 'b', ' ', '7'};

std::string refusal(const AeadKey& key, std::span<const std::uint8_t> ad, const std::vector<std::uint8_t>& sealed) {
  auto r = openStream(key, ad, sealed);
  return r ? "" : r.error().message;
}

constexpr std::size_t kSealedChunk = kStreamChunkBytes + kStreamChunkOverhead;

}  // namespace

TEST_CASE("a stream opens to exactly what was sealed, at every chunk boundary") {
  const AeadKey key = randomAeadKey();
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, kStreamChunkBytes - 1, kStreamChunkBytes, kStreamChunkBytes + 1,
                        3 * kStreamChunkBytes + 123}) {
    const auto payload = randomPayload(n);
    const auto sealed = sealStream(key, kAd, payload);
    const std::size_t chunks = n == 0 ? 1 : (n + kStreamChunkBytes - 1) / kStreamChunkBytes;
    CHECK(sealed.size() == kStreamHeaderBytes + n + chunks * kStreamChunkOverhead);
    auto opened = openStream(key, kAd, sealed);
    REQUIRE(opened.ok());
    CHECK(*opened == payload);
  }
}

TEST_CASE("a changed, reordered, dropped or extra chunk, another key or other associated data are refused") {
  const AeadKey key = randomAeadKey();
  const auto payload = randomPayload(3 * kStreamChunkBytes + 10);  // four chunks
  const auto sealed = sealStream(key, kAd, payload);

  auto flipped = sealed;
  flipped[kStreamHeaderBytes + kSealedChunk + 100] ^= 1;
  CHECK(refusal(key, kAd, flipped) == "chunk 2 does not open (changed, reordered, or sealed for something else)");

  auto swapped = sealed;
  std::swap_ranges(swapped.begin() + kStreamHeaderBytes, swapped.begin() + kStreamHeaderBytes + kSealedChunk,
                   swapped.begin() + kStreamHeaderBytes + kSealedChunk);
  CHECK(refusal(key, kAd, swapped) == "chunk 1 does not open (changed, reordered, or sealed for something else)");

  // The final chunk dropped: three whole chunks and no final tag.
  const std::vector<std::uint8_t> truncated(sealed.begin(), sealed.begin() + kStreamHeaderBytes + 3 * kSealedChunk);
  CHECK(refusal(key, kAd, truncated) == "the sealed stream is cut short: chunk 4 and the final tag are missing");
  const std::vector<std::uint8_t> cutInside(sealed.begin(), sealed.end() - 5);
  CHECK(refusal(key, kAd, cutInside).find("does not open") != std::string::npos);

  auto extra = sealed;
  extra.push_back(0);
  CHECK(refusal(key, kAd, extra) == "chunk 4 does not open (changed, reordered, or sealed for something else)");

  const std::vector<std::uint8_t> otherAd = {'b', 'l', 'o', 'b', ' ', '8'};
  CHECK(refusal(key, otherAd, sealed).find("chunk 1 does not open") == 0);
  CHECK(refusal(randomAeadKey(), kAd, sealed).find("chunk 1 does not open") == 0);
  CHECK(refusal(key, kAd, std::vector<std::uint8_t>(10)) == "the sealed stream is cut short (no complete chunk)");
}
