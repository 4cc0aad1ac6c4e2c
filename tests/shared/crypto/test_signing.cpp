#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/crypto/signing.h"
#include "shared/encoding/hex.h"

using namespace limn::crypto;

namespace {
std::vector<std::uint8_t> fromHex(const std::string& hex) { return limn::hexToBytes(hex).value(); }
}  // namespace

TEST_CASE("Ed25519 through our wrapper agrees with every Wycheproof vector") {
  std::ifstream in(std::string(LIMN_SHARED_DATA) + "/vectors/wycheproof_ed25519_test.json");
  REQUIRE(in);
  const auto doc = nlohmann::json::parse(in);
  int valid = 0, invalid = 0;
  for (const auto& group : doc["testGroups"]) {
    const auto pk = fromHex(group["publicKey"]["pk"].get<std::string>());
    REQUIRE(pk.size() == kSigningPublicKeyBytes);
    SigningPublicKey key{};
    std::copy(pk.begin(), pk.end(), key.begin());
    for (const auto& t : group["tests"]) {
      const auto msg = fromHex(t["msg"].get<std::string>());
      const auto sig = fromHex(t["sig"].get<std::string>());
      const bool expectValid = t["result"] == "valid";
      INFO("tcId " << t["tcId"].get<int>() << " " << t["comment"].get<std::string>());
      CHECK(verifySignature(key, msg, sig) == expectValid);
      (expectValid ? valid : invalid)++;
    }
  }
  CHECK(valid > 0);
  CHECK(invalid > 50);
}

TEST_CASE("A signature verifies only for its key and message") {
  const auto pair = generateSigningKeyPair();
  const std::vector<std::uint8_t> msg = {1, 2, 3};
  const Signature sig = sign(pair.secretKey, msg);
  CHECK(verifySignature(pair.publicKey, msg, sig));
  CHECK_FALSE(verifySignature(pair.publicKey, std::vector<std::uint8_t>{1, 2, 4}, sig));
  CHECK_FALSE(verifySignature(generateSigningKeyPair().publicKey, msg, sig));
  CHECK_FALSE(verifySignature(pair.publicKey, msg, std::span(sig).first(63)));
  std::array<std::uint8_t, kSigningSeedBytes> seed{};
  seed[0] = 7;
  CHECK(signingKeyPairFromSeed(seed).publicKey == signingKeyPairFromSeed(seed).publicKey);
}
