#include <catch2/catch.hpp>

#include "client/core/sync/known_keys.h"
#include "shared/crypto/base64.h"

using namespace limn;
using namespace limn::sync;

namespace {

nlohmann::json listed(const keys::UserKeys& k, bool withBox = true) {
  nlohmann::json j = {{"signing_public", crypto::toBase64(k.signing.publicKey)}};
  if (withBox) j["box_public"] = crypto::toBase64(k.box.publicKey);
  return j;
}

}  // namespace

TEST_CASE("people's keys are learnt on first sight and any other key for them later is refused") {
  const keys::UserKeys alice = keys::generateUserKeys(), bob = keys::generateUserKeys(),
                       carol = keys::generateUserKeys(), server = keys::generateUserKeys();
  KnownKeys known;
  const nlohmann::json first = {{"members", {{"alice", listed(alice)}, {"bob", listed(bob)}}},
                                {"former_members", {{"carol", listed(carol, false)}}}};
  auto grew = checkKnownKeys(first, "alice", alice, known);
  REQUIRE(grew.ok());
  CHECK(*grew);
  CHECK(known.byName.size() == 3);
  CHECK_FALSE(known.byName.at("carol").box);
  // The same again: nothing new.
  grew = checkKnownKeys(first, "alice", alice, known);
  REQUIRE(grew.ok());
  CHECK_FALSE(*grew);
  // Carol comes back as a member: her box key is learnt beside the signing key seen.
  grew = checkKnownKeys({{"members", {{"carol", listed(carol)}}}}, "alice", alice, known);
  REQUIRE(grew.ok());
  CHECK(*grew);
  CHECK(known.byName.at("carol").box == carol.box.publicKey);
  // Through JSON, as the CLI keeps them.
  const KnownKeys again = knownKeysFromJson(knownKeysToJson(known));
  CHECK(again.byName.size() == known.byName.size());
  CHECK(again.byName.at("bob") == known.byName.at("bob"));

  // The server swaps in its own keys for Bob, for his box key alone, or for
  // this person's own: refused, naming who, and nothing learnt.
  for (const nlohmann::json& swapped :
       {nlohmann::json{{"members", {{"bob", listed(server)}}}},
        nlohmann::json{{"members", {{"bob", {{"signing_public", crypto::toBase64(bob.signing.publicKey)},
                                              {"box_public", crypto::toBase64(server.box.publicKey)}}}}}},
        nlohmann::json{{"former_members", {{"bob", listed(server, false)}}}},
        nlohmann::json{{"members", {{"alice", listed(server)}}}}}) {
    const KnownKeys before = known;
    auto r = checkKnownKeys(swapped, "alice", alice, known);
    INFO(swapped.dump());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kCryptoFailure);
    CHECK(r.error().message.find("other keys") != std::string::npos);
    CHECK(known.byName.size() == before.byName.size());
    CHECK(known.byName.at("bob") == before.byName.at("bob"));
  }
}
