#include <catch2/catch.hpp>

#include "shared/audit/merkle_tree.h"
#include "shared/audit/trust_anchor.h"
#include "shared/crypto/sha256.h"

using namespace limn::audit;
namespace crypto = limn::crypto;

namespace {

// A server's log as a client sees it: leaves, and checkpoint replies over
// any prefix of them, signed by the server's key.
struct ServerLog {
  crypto::SigningKeyPair keys = crypto::generateSigningKeyPair();
  std::vector<Hash> leaves;

  explicit ServerLog(int n) {
    for (int i = 0; i < n; ++i) add("entry " + std::to_string(i));
  }
  void add(const std::string& entry) {
    leaves.push_back(leafHash({reinterpret_cast<const std::uint8_t*>(entry.data()), entry.size()}));
  }
  nlohmann::json checkpointReply(std::uint64_t size) const {
    Checkpoint c;
    c.size = size;
    c.root = treeRoot(std::span<const Hash>(leaves.data(), size));
    c.time = "2026-11-27T10:00:0" + std::to_string(size % 10) + ".000Z";
    c.signature = crypto::sign(keys.secretKey, checkpointSigningMessage(c.size, c.root, c.time));
    return {{"public_key", crypto::toHex(keys.publicKey)}, {"checkpoint", checkpointToJson(c)}};
  }
  nlohmann::json proofReply(std::uint64_t oldSize, std::uint64_t newSize) const {
    nlohmann::json proof = nlohmann::json::array();
    for (const Hash& h : consistencyProof(std::span<const Hash>(leaves.data(), newSize), oldSize))
      proof.push_back(crypto::toHex(h));
    return {{"proof", proof}};
  }
};

// What a client does on each sync: check the reply, fetch the proof it
// needs from `server`, advance.
limn::Result<TrustAnchor> sync(const TrustAnchor& anchor, const ServerLog& server, std::uint64_t size) {
  auto fresh = checkedCheckpoint(anchor, server.checkpointReply(size));
  if (!fresh) return fresh.error();
  const bool needsProof = !consistencyPath(anchor, fresh->checkpoint).empty();
  return advanceAnchor(anchor, *fresh, needsProof ? server.proofReply(anchor.lastSeen->size, size) : nlohmann::json{});
}

}  // namespace

TEST_CASE("a client pins the key at first contact and follows a growing log") {
  ServerLog server(5);
  auto first = sync({}, server, 5);
  REQUIRE(first);
  CHECK(first->serverKey == server.keys.publicKey);
  CHECK(first->lastSeen->size == 5);
  CHECK(consistencyPath(*first, first->lastSeen.value()) == "");
  for (int i = 0; i < 8; ++i) server.add("more " + std::to_string(i));
  auto later = sync(*first, server, 13);
  REQUIRE(later);
  CHECK(later->lastSeen->size == 13);
  auto fresh = checkedCheckpoint(*first, server.checkpointReply(13));
  REQUIRE(fresh);
  CHECK(consistencyPath(*first, fresh->checkpoint) == "/api/v1/audit/consistency?old=5&new=13");
  CHECK(sync(*later, server, 13));  // no news: the same checkpoint again
}

TEST_CASE("a log rewritten, shrunk or re-keyed behind the client's back is refused") {
  ServerLog server(6);
  auto seen = sync({}, server, 6);
  REQUIRE(seen);

  ServerLog rewritten = server;
  rewritten.leaves[2] = leafHash(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>("x"), 1));
  rewritten.add("hides the change");
  auto r = sync(*seen, rewritten, 7);
  REQUIRE(!r);
  CHECK(r.error().message.find("not an extension of the one this client saw (6 entries") != std::string::npos);
  auto same = sync(*seen, rewritten, 6);  // the same size, another root
  CHECK(!same);
  CHECK(!sync(*seen, server, 4));  // shrunk

  ServerLog other(6);  // another key
  auto k = checkedCheckpoint(*seen, other.checkpointReply(6));
  REQUIRE(!k);
  CHECK(k.error().message.find("signing key changed") != std::string::npos);

  // A proof that does not fit, or none at all, proves nothing.
  server.add("next");
  auto fresh = checkedCheckpoint(*seen, server.checkpointReply(7));
  REQUIRE(fresh);
  CHECK(!advanceAnchor(*seen, *fresh, nlohmann::json::object()));
  CHECK(!advanceAnchor(*seen, *fresh, {{"proof", {"zz"}}}));
  CHECK(!advanceAnchor(*seen, *fresh, server.proofReply(5, 7)));
  CHECK(advanceAnchor(*seen, *fresh, server.proofReply(6, 7)));
}

TEST_CASE("a checkpoint reply that is malformed or badly signed is refused") {
  ServerLog server(3);
  auto reply = server.checkpointReply(3);
  CHECK(!checkedCheckpoint({}, nlohmann::json::array()));
  CHECK(!checkedCheckpoint({}, {{"public_key", "00"}, {"checkpoint", reply["checkpoint"]}}));
  auto forged = reply;
  forged["checkpoint"]["size"] = 2u;
  auto f = checkedCheckpoint({}, forged);
  REQUIRE(!f);
  CHECK(f.error().message.find("signature is not valid") != std::string::npos);
}

TEST_CASE("an anchor survives its JSON form, and junk reads as no anchor") {
  ServerLog server(4);
  auto seen = sync({}, server, 4);
  REQUIRE(seen);
  const TrustAnchor back = anchorFromJson(anchorToJson(*seen));
  CHECK(back.serverKey == seen->serverKey);
  REQUIRE(back.lastSeen);
  CHECK(back.lastSeen->root == seen->lastSeen->root);
  CHECK(back.lastSeen->size == 4);
  const TrustAnchor junk = anchorFromJson(nlohmann::json::parse(R"({"audit_key": "nope", "audit_checkpoint": 7})"));
  CHECK(!junk.serverKey);
  CHECK(!junk.lastSeen);
}
