#include <catch2/catch.hpp>

#include "shared/keys/user_keys.h"

using namespace limn::keys;
using limn::protocol::fingerprint;
using limn::protocol::publishedFromJson;
using limn::protocol::publishedToJson;
namespace crypto = limn::crypto;

TEST_CASE("the private keys round-trip through either wrap and match the published halves") {
  const UserKeys keys = generateUserKeys();
  const auto kek = crypto::randomAeadKey(), recovery = crypto::randomAeadKey();
  const PublishedUserKeys published = publishUserKeys(keys, "ana", kek, recovery);
  for (bool byRecovery : {false, true}) {
    auto back = unwrapUserKeys(published, "ana", byRecovery ? recovery : kek, byRecovery);
    REQUIRE(back.ok());
    CHECK(back->signing.publicKey == keys.signing.publicKey);
    CHECK(back->box.publicKey == keys.box.publicKey);
    const std::vector<std::uint8_t> msg = {1, 2, 3};
    CHECK(crypto::verifySignature(keys.signing.publicKey, msg, crypto::sign(back->signing.secretKey, msg)));
  }
  // Through JSON, as the server stores it.
  auto again = publishedFromJson(nlohmann::json::parse(publishedToJson(published).dump()));
  REQUIRE(again.ok());
  CHECK(unwrapUserKeys(*again, "ana", kek).ok());
  // Fields of the wrong type are refused, not thrown.
  for (const char* field : {"v", "signing_public", "wrapped_by_password"}) {
    for (const nlohmann::json& wrong : {nlohmann::json("1"), nlohmann::json::array(), nlohmann::json(1.5)}) {
      nlohmann::json j = publishedToJson(published);
      j[field] = wrong;
      CAPTURE(field, wrong.dump());
      CHECK_FALSE(publishedFromJson(j).ok());
    }
  }
  CHECK_FALSE(publishedFromJson(nlohmann::json::array()).ok());
}

TEST_CASE("a wrong password, another person's name or swapped public keys unwrap nothing") {
  const UserKeys keys = generateUserKeys();
  const auto kek = crypto::randomAeadKey();
  PublishedUserKeys published = publishUserKeys(keys, "ana", kek, crypto::randomAeadKey());
  CHECK_FALSE(unwrapUserKeys(published, "ana", crypto::randomAeadKey()).ok());
  CHECK_FALSE(unwrapUserKeys(published, "bob", kek).ok());
  CHECK_FALSE(unwrapUserKeys(published, "ana", kek, true).ok());  // the password key is not the recovery key
  published.boxPublic = generateUserKeys().box.publicKey;          // a server swapping in its own key
  CHECK_FALSE(unwrapUserKeys(published, "ana", kek).ok());
}

TEST_CASE("a new password re-wraps the same keys") {
  const UserKeys keys = generateUserKeys();
  const auto oldKek = crypto::randomAeadKey(), newKek = crypto::randomAeadKey();
  PublishedUserKeys published = publishUserKeys(keys, "ana", oldKek, crypto::randomAeadKey());
  published.wrappedByPassword = rewrapForPassword(keys, "ana", newKek).value();
  CHECK_FALSE(unwrapUserKeys(published, "ana", oldKek).ok());
  CHECK(unwrapUserKeys(published, "ana", newKek).value().signing.publicKey == keys.signing.publicKey);
}

TEST_CASE("recovery keys are written in groups and read back forgivingly; fingerprints are stable") {
  const auto key = crypto::randomAeadKey();
  const std::string text = recoveryKeyText(key);
  CHECK(text.size() == 52 + 12);
  std::string sloppy;
  for (char c : text) sloppy += c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(parseRecoveryKey(sloppy).value() == key);
  CHECK_FALSE(parseRecoveryKey(text.substr(0, 20)).ok());
  CHECK_FALSE(parseRecoveryKey(text + "AB").ok());
  CHECK_FALSE(parseRecoveryKey("0000").ok());
  const UserKeys a = generateUserKeys(), b = generateUserKeys();
  const std::string fa = fingerprint(a.signing.publicKey, a.box.publicKey);
  CHECK(fa == fingerprint(a.signing.publicKey, a.box.publicKey));
  CHECK(fa != fingerprint(b.signing.publicKey, b.box.publicKey));
  CHECK(fa.size() == 32 + 7);
}
