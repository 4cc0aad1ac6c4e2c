#include <catch2/catch.hpp>

#include "shared/crypto/password_keys.h"

using namespace limn::crypto;

TEST_CASE("password keys are deterministic per salt and independent of each other") {
  PasswordSalt salt{};
  salt.fill(7);
  auto a = derivePasswordKeys("correct horse battery staple", salt, KdfCost::kTestOnly);
  auto b = derivePasswordKeys("correct horse battery staple", salt, KdfCost::kTestOnly);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->authKey == b->authKey);
  CHECK(a->keyEncryptionKey == b->keyEncryptionKey);
  CHECK(a->authKey != a->keyEncryptionKey);

  PasswordSalt other = salt;
  other[0] ^= 1;
  auto c = derivePasswordKeys("correct horse battery staple", other, KdfCost::kTestOnly);
  REQUIRE(c.ok());
  CHECK(c->authKey != a->authKey);
  auto d = derivePasswordKeys("correct horse battery stapla", salt, KdfCost::kTestOnly);
  REQUIRE(d.ok());
  CHECK(d->authKey != a->authKey);
}

TEST_CASE("an empty password is refused") {
  CHECK_FALSE(derivePasswordKeys("", randomPasswordSalt(), KdfCost::kTestOnly).ok());
}

TEST_CASE("the server's hash verifies the right auth key only") {
  auto keys = derivePasswordKeys("a long enough password", randomPasswordSalt(), KdfCost::kTestOnly);
  REQUIRE(keys.ok());
  auto hash = hashAuthKey(keys->authKey, KdfCost::kTestOnly);
  REQUIRE(hash.ok());
  CHECK(hash->rfind("$argon2id$", 0) == 0);
  CHECK(verifyAuthKey(*hash, keys->authKey));
  DerivedKey wrong = keys->authKey;
  wrong[31] ^= 0x80;
  CHECK_FALSE(verifyAuthKey(*hash, wrong));
  CHECK_FALSE(verifyAuthKey("not a hash", keys->authKey));
}

TEST_CASE("random salts differ") {
  CHECK(randomPasswordSalt() != randomPasswordSalt());
}
