#include <catch2/catch.hpp>

#include "shared/keys/epoch_key_wrap.h"
#include "shared/keys/user_keys.h"

using namespace limn::keys;
namespace crypto = limn::crypto;

TEST_CASE("an epoch key wrapped to a member opens only for them, signed by the wrapper") {
  const UserKeys admin = generateUserKeys(), ana = generateUserKeys(), eve = generateUserKeys();
  const crypto::AeadKey key = crypto::randomAeadKey();
  const EpochKeyWrap w = wrapEpochKey(key, "P", 3, "ana", ana.box.publicKey, admin.signing);
  CHECK(epochKeyWrapSignedBy(w, ana.box.publicKey, admin.signing.publicKey));
  CHECK(unwrapEpochKey(w, ana.box, admin.signing.publicKey).value() == key);
  auto again = wrapFromJson(nlohmann::json::parse(wrapToJson(w).dump()));
  REQUIRE(again.ok());
  CHECK(unwrapEpochKey(*again, ana.box, admin.signing.publicKey).value() == key);
  // Not for Eve; not if someone else claims to have wrapped it.
  CHECK_FALSE(unwrapEpochKey(w, eve.box, admin.signing.publicKey).ok());
  CHECK_FALSE(unwrapEpochKey(w, ana.box, eve.signing.publicKey).ok());
  // A server's own key sealed to Ana, under the admin's name: the signature fails.
  EpochKeyWrap forged = w;
  forged.sealed = crypto::sealTo(ana.box.publicKey, crypto::randomAeadKey());
  CHECK_FALSE(unwrapEpochKey(forged, ana.box, admin.signing.publicKey).ok());
  // Moved to another epoch or project.
  EpochKeyWrap moved = w;
  moved.epoch = 4;
  CHECK_FALSE(unwrapEpochKey(moved, ana.box, admin.signing.publicKey).ok());
  moved = w;
  moved.project = "Q";
  CHECK_FALSE(unwrapEpochKey(moved, ana.box, admin.signing.publicKey).ok());
  CHECK_FALSE(wrapFromJson(nlohmann::json{{"epoch", -1}}).ok());
}
