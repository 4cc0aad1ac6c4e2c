#include <catch2/catch.hpp>

#include "client/core/sync/key_ring.h"
#include "shared/crypto/base64.h"
#include "shared/keys/epoch_key_wrap.h"

using namespace limn;
using namespace limn::sync;

namespace {

nlohmann::json memberJson(const keys::UserKeys& k, bool holdsCurrent) {
  return {{"signing_public", crypto::toBase64(k.signing.publicKey)},
          {"box_public", crypto::toBase64(k.box.publicKey)},
          {"holds_current", holdsCurrent}};
}

}  // namespace

TEST_CASE("a rotation wraps a fresh key to the current key's holders only, signed by the one who rotates") {
  const keys::UserKeys alice = keys::generateUserKeys(), bob = keys::generateUserKeys(), carol = keys::generateUserKeys();
  KeyRing ring;
  ring.project = "Neuro";
  ring.currentEpoch = 3;
  ring.held[3] = crypto::randomAeadKey();
  // Bob holds epoch 3; Carol waits to be confirmed; Dan (removed) is no longer listed.
  const nlohmann::json status = {
      {"project", "Neuro"},
      {"current_epoch", 3},
      {"current_epoch_stale", true},
      {"members", {{"alice", memberJson(alice, true)}, {"bob", memberJson(bob, true)}, {"carol", memberJson(carol, false)}}}};
  auto request = rotationRequest(ring, status, "alice", alice);
  REQUIRE(request.ok());
  CHECK((*request)["epoch"] == 4);
  std::map<std::string, crypto::AeadKey> opened;
  for (const auto& j : (*request)["wraps"]) {
    auto wrap = keys::wrapFromJson(j);
    REQUIRE(wrap.ok());
    CHECK(wrap->project == "Neuro");
    CHECK(wrap->epoch == 4);
    const keys::UserKeys& to = wrap->recipient == "alice" ? alice : bob;
    auto key = keys::unwrapEpochKey(*wrap, to.box, alice.signing.publicKey);
    REQUIRE(key.ok());
    CHECK_FALSE(keys::unwrapEpochKey(*wrap, to.box, bob.signing.publicKey).ok());  // alice signed it, no one else
    opened[wrap->recipient] = *key;
  }
  REQUIRE(opened.size() == 2);  // alice and bob; carol gets it when confirmed
  CHECK(opened.at("alice") == opened.at("bob"));
  CHECK(opened.at("alice") != ring.held.at(3));  // a new key, not the one the removed member may keep

  // Someone who does not hold the current key cannot start the next epoch.
  KeyRing without = ring;
  without.held.clear();
  auto refused = rotationRequest(without, status, "carol", carol);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.rfind("forbidden: you do not hold Neuro's current key", 0) == 0);
}

TEST_CASE("a key status of unexpected shape is an error or an empty ring, never an exception") {
  const keys::UserKeys alice = keys::generateUserKeys();
  // Lists and fields of the wrong type: nothing held, nobody listed.
  const nlohmann::json odd = {{"project", 7}, {"current_epoch", "three"}, {"my_wraps", "none"}, {"members", {1, 2}},
                              {"former_members", "x"}};
  auto ring = openKeyRing(odd, "alice", alice);
  REQUIRE(ring.ok());
  CHECK(ring->held.empty());
  CHECK(ring->currentEpoch == 0);
  CHECK(memberKeys(odd).empty());
  // A wrap that is not an object, or of an epoch beyond 32 bits: refused.
  for (const nlohmann::json& wrap : {nlohmann::json(5), nlohmann::json{{"epoch", 4294967296ull}}}) {
    auto r = openKeyRing({{"my_wraps", {wrap}}}, "alice", alice);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "the server sent a malformed key wrap");
  }
}

TEST_CASE("a project key wrapped by someone who is no member is refused, however well signed") {
  const keys::UserKeys alice = keys::generateUserKeys(), server = keys::generateUserKeys();
  // The server makes up an epoch key and wraps it to Alice with a signing key of its own.
  const keys::EpochKeyWrap wrap =
      keys::wrapEpochKey(crypto::randomAeadKey(), "Neuro", 2, "alice", alice.box.publicKey, server.signing);
  nlohmann::json w = keys::wrapToJson(wrap);
  w["wrapped_by_signing_public"] = crypto::toBase64(server.signing.publicKey);
  const nlohmann::json status = {{"project", "Neuro"}, {"current_epoch", 2}, {"my_wraps", {w}},
                                 {"members", {{"alice", memberJson(alice, true)}}}};
  auto ring = openKeyRing(status, "alice", alice);
  REQUIRE_FALSE(ring.ok());
  CHECK(ring.error().message == "the key of epoch 2 was wrapped by someone who is not a member of Neuro");
}

TEST_CASE("two keys of one epoch for the same person are refused: a server keeps only the first") {
  const keys::UserKeys alice = keys::generateUserKeys(), bob = keys::generateUserKeys();
  nlohmann::json wraps = nlohmann::json::array();
  for (const keys::UserKeys* by : {&alice, &bob}) {
    nlohmann::json w = keys::wrapToJson(
        keys::wrapEpochKey(crypto::randomAeadKey(), "Neuro", 2, "alice", alice.box.publicKey, by->signing));
    w["wrapped_by_signing_public"] = crypto::toBase64(by->signing.publicKey);
    wraps.push_back(w);
  }
  const nlohmann::json status = {{"project", "Neuro"}, {"current_epoch", 2}, {"my_wraps", wraps},
                                 {"members", {{"alice", memberJson(alice, true)}, {"bob", memberJson(bob, true)}}}};
  auto ring = openKeyRing(status, "alice", alice);
  REQUIRE_FALSE(ring.ok());
  CHECK(ring.error().message == "the server sent two keys of epoch 2 for you; neither is used");
  // Either wrap alone opens.
  nlohmann::json one = status;
  one["my_wraps"] = nlohmann::json::array({wraps[1]});
  CHECK(openKeyRing(one, "alice", alice).ok());
}
