#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "shared/crypto/key_exchange.h"
#include "shared/encoding/hex.h"

using namespace limn::crypto;

TEST_CASE("X25519 through our wrapper agrees with every Wycheproof vector") {
  std::ifstream in(std::string(LIMN_SHARED_DATA) + "/vectors/wycheproof_x25519_test.json");
  REQUIRE(in);
  const auto doc = nlohmann::json::parse(in);
  int agreed = 0, refusedZero = 0;
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      const auto pub = limn::hexToBytes(t["public"].get<std::string>()).value();
      const auto priv = limn::hexToBytes(t["private"].get<std::string>()).value();
      const auto shared = limn::hexToBytes(t["shared"].get<std::string>()).value();
      INFO("tcId " << t["tcId"].get<int>() << " " << t["comment"].get<std::string>());
      if (pub.size() != 32 || priv.size() != 32) {
        CHECK(t["result"] == "invalid");
        continue;
      }
      auto out = x25519(std::span<const std::uint8_t, 32>(priv.data(), 32), std::span<const std::uint8_t, 32>(pub.data(), 32));
      const bool zero = std::all_of(shared.begin(), shared.end(), [](std::uint8_t b) { return b == 0; });
      if (zero) {
        CHECK_FALSE(out.ok());  // a low-order point: refused, never a zero key
        ++refusedZero;
      } else if (t["result"] != "invalid") {
        REQUIRE(out.ok());
        CHECK(std::vector<std::uint8_t>(out->begin(), out->end()) == shared);
        ++agreed;
      }
    }
  }
  CHECK(agreed > 400);
  CHECK(refusedZero > 0);
}

TEST_CASE("a sealed box opens only for its recipient") {
  const auto alice = generateBoxKeyPair(), bob = generateBoxKeyPair();
  const std::vector<std::uint8_t> key(32, 7);
  auto boxed = sealTo(alice.publicKey, key);
  CHECK(openSealed(alice, boxed).value() == key);
  CHECK_FALSE(openSealed(bob, boxed).ok());
  boxed[40] ^= 1;
  CHECK_FALSE(openSealed(alice, boxed).ok());
}
