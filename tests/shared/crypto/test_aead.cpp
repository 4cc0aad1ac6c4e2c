#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "shared/crypto/aead.h"
#include "shared/encoding/hex.h"

using namespace limn::crypto;

namespace {
std::vector<std::uint8_t> hex(const nlohmann::json& v) { return limn::hexToBytes(v.get<std::string>()).value(); }
}  // namespace

TEST_CASE("XChaCha20-Poly1305 through our wrapper agrees with every Wycheproof vector") {
  std::ifstream in(std::string(LIMN_SHARED_DATA) + "/vectors/wycheproof_xchacha20_poly1305_test.json");
  REQUIRE(in);
  const auto doc = nlohmann::json::parse(in);
  int checked = 0, invalid = 0;
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      const auto keyBytes = hex(t["key"]), iv = hex(t["iv"]), aad = hex(t["aad"]), msg = hex(t["msg"]);
      auto sealed = hex(t["ct"]);
      const auto tag = hex(t["tag"]);
      INFO("tcId " << t["tcId"].get<int>() << " " << t["comment"].get<std::string>());
      if (keyBytes.size() != kAeadKeyBytes || iv.size() != kAeadNonceBytes || tag.size() != kAeadTagBytes) {
        CHECK(t["result"] == "invalid");  // sizes our API cannot even express
        ++invalid;
        continue;
      }
      AeadKey key{};
      AeadNonce nonce{};
      std::copy(keyBytes.begin(), keyBytes.end(), key.begin());
      std::copy(iv.begin(), iv.end(), nonce.begin());
      sealed.insert(sealed.end(), tag.begin(), tag.end());
      auto opened = aeadDecrypt(key, nonce, aad, sealed);
      if (t["result"] == "valid") {
        REQUIRE(opened.ok());
        CHECK(*opened == msg);
        CHECK(aeadEncrypt(key, nonce, aad, msg) == sealed);
      } else {
        CHECK_FALSE(opened.ok());
        ++invalid;
      }
      ++checked;
    }
  }
  CHECK(checked > 250);
  CHECK(invalid > 0);
}

TEST_CASE("sealed data opens only with its key and associated data, and every byte counts") {
  const AeadKey key = randomAeadKey();
  const std::vector<std::uint8_t> ad = {1, 2, 3}, msg = {'h', 'i'};
  auto sealed = sealAead(key, ad, msg);
  CHECK(sealed.size() == kAeadNonceBytes + msg.size() + kAeadTagBytes);
  CHECK(openAead(key, ad, sealed).value() == msg);
  CHECK(sealAead(key, ad, msg) != sealed);  // a fresh nonce each time
  CHECK_FALSE(openAead(randomAeadKey(), ad, sealed).ok());
  CHECK_FALSE(openAead(key, std::vector<std::uint8_t>{1, 2, 4}, sealed).ok());
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    auto bad = sealed;
    bad[i] ^= 0x20;
    REQUIRE_FALSE(openAead(key, ad, bad).ok());
  }
  CHECK_FALSE(openAead(key, ad, std::span(sealed).first(10)).ok());
}
