#include <catch2/catch.hpp>

#include "client/core/sync/op_sealing.h"
#include "client/core/sync/pulled_ops.h"
#include "shared/sync/op_lane.h"

using namespace limn;
using namespace limn::sync;

namespace {

struct Log {
  crypto::SigningKeyPair alice = crypto::generateSigningKeyPair();
  crypto::SigningKeyPair mallory = crypto::generateSigningKeyPair();  // not a member
  crypto::AeadKey epochKey = crypto::randomAeadKey();
  nlohmann::json items = nlohmann::json::array();

  std::string aliceName = "alice";
  OpenContext context() const {
    return {"Study", "7", [this](std::uint32_t e) { return e == 1 ? &epochKey : nullptr; },
            [this](const crypto::SigningPublicKey& k) { return k == alice.publicKey ? &aliceName : nullptr; }};
  }
  void add(std::int64_t seq, std::uint64_t counter, const crypto::SigningKeyPair& by, const std::string& task = "7") {
    annot::Op op;
    op.id = {"alice", counter};
    op.lamport = counter;
    op.kind = annot::OpKind::kDelete;
    op.annotation = "a" + std::to_string(counter);
    items.push_back({{"seq", seq}, {"author", "alice"},
                     {"envelope", envelopeToJson(sealAnnotationOp(op, {"Study", task, 1}, epochKey, by))}});
  }
  // An envelope alice signed around `plaintext` under `key`, named `opId`.
  void addSealed(std::int64_t seq, const std::string& opId, std::string_view plaintext, const crypto::AeadKey& key) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(plaintext.data());
    items.push_back({{"seq", seq}, {"author", "alice"},
                     {"envelope", envelopeToJson(sealOp({"Study", "7", opId, 1}, {bytes, plaintext.size()}, key, alice))}});
  }
  nlohmann::json page(bool more = false) const { return {{"ops", items}, {"more", more}}; }
};

std::string refusal(const Log& log, std::int64_t after, AcceptedOps& accepted) {
  auto r = openPulledPage(log.page(), after, log.context(), accepted);
  return r ? "" : r.error().message;
}

}  // namespace

TEST_CASE("a page that follows on from the cursor opens whole, and the next page continues from it") {
  Log log;
  for (int i = 1; i <= 3; ++i) log.add(i, i, log.alice);
  AcceptedOps accepted;
  auto page = openPulledPage(log.page(true), 0, log.context(), accepted);
  REQUIRE(page.ok());
  CHECK(page->ops.size() == 3);
  CHECK(page->lastSeq == 3);
  CHECK(page->more);
  CHECK(accepted.opIds.size() == 3);
  Log next = log;
  next.items = nlohmann::json::array();
  next.add(4, 4, log.alice);
  CHECK(openPulledPage(next.page(), 3, next.context(), accepted).ok());
  // The same op again, in a later page, is refused.
  Log again = log;
  again.items = nlohmann::json::array({log.items[0]});
  again.items[0]["seq"] = 5;
  CHECK(refusal(again, 4, accepted) == "the server sent op alice#1 twice; nothing applied");
}

TEST_CASE("a gap, a reordered log, an outsider's op or one moved from another task refuses the whole page") {
  {
    Log log;
    log.add(1, 1, log.alice);
    log.add(3, 2, log.alice);
    AcceptedOps accepted;
    CHECK(refusal(log, 0, accepted) == "the server's op log is out of order or has a gap (expected seq 2, got 3); nothing applied");
    CHECK(accepted.opIds.empty());  // nothing of the page was taken
  }
  {
    Log log;
    log.add(1, 2, log.alice);
    log.add(2, 1, log.alice);
    AcceptedOps accepted;
    CHECK(refusal(log, 0, accepted) == "the server's op log reorders alice's ops (alice#1 after counter 2); nothing applied");
  }
  {
    // Two sessions of alice's (lanes 4 and 2) interleave; within one, the order is kept.
    Log log;
    log.add(1, laneStart(4) + 1, log.alice);
    log.add(2, laneStart(2) + 1, log.alice);
    log.add(3, laneStart(4) + 2, log.alice);
    AcceptedOps accepted;
    CHECK(refusal(log, 0, accepted).empty());
    Log next;
    next.alice = log.alice;
    next.epochKey = log.epochKey;
    next.add(4, laneStart(2) + 3, log.alice);
    next.add(5, laneStart(2) + 2, log.alice);
    CHECK(refusal(next, 3, accepted).find("reorders alice's ops (alice#" + std::to_string(laneStart(2) + 2)) !=
          std::string::npos);
  }
  {
    Log log;
    log.add(1, 1, log.alice);
    log.add(2, 2, log.mallory);
    AcceptedOps accepted;
    CHECK(refusal(log, 0, accepted).find("signed by a key that is not a member's; nothing applied") != std::string::npos);
    CHECK(accepted.opIds.empty());
  }
  {
    Log log;
    log.add(1, 1, log.alice, "8");
    AcceptedOps accepted;
    CHECK(refusal(log, 0, accepted).find("belongs to another project or task") != std::string::npos);
  }
  {
    Log log;
    log.add(1, 1, log.alice);
    log.items[0]["envelope"]["ct"] = "AAAA";
    AcceptedOps accepted;
    CHECK(refusal(log, 0, accepted) == "seq 1: not an op envelope; nothing applied");
  }
}

TEST_CASE("a reply's optional fields of another type are ignored, not thrown") {
  Log log;
  log.add(1, 1, log.alice);
  nlohmann::json reply = log.page();
  reply["more"] = "yes";
  reply["ops"][0]["author"] = 5;
  reply["ops"][0]["received_at"] = "noon";
  AcceptedOps accepted;
  auto page = openPulledPage(reply, 0, log.context(), accepted);
  REQUIRE(page.ok());
  CHECK_FALSE(page->more);
  CHECK(page->ops.size() == 1);
}

TEST_CASE("an op its own signer sealed badly is left out and named; the rest of the page opens") {
  Log log;
  log.add(1, 1, log.alice);
  log.addSealed(2, "alice#2", "not an op", log.epochKey);
  log.addSealed(3, "alice#3", R"({"v":1,"id":{"author":"alice","counter":9},"lamport":1,"kind":"delete","target_annotation":"a"})",
                log.epochKey);  // another op than its envelope names
  log.add(4, 4, log.alice);
  AcceptedOps accepted;
  auto page = openPulledPage(log.page(), 0, log.context(), accepted);
  REQUIRE(page.ok());
  REQUIRE(page->ops.size() == 2);
  CHECK(page->ops[1].op.id.counter == 4);
  CHECK(page->lastSeq == 4);
  REQUIRE(page->refused.size() == 2);
  CHECK(page->refused[0].seq == 2);
  CHECK(page->refused[0].opId == "alice#2");
  CHECK(page->refused[0].author == "alice");
  CHECK(page->refused[0].reason.find("op alice#2 is not an annotation op") == 0);
  CHECK(page->refused[1].reason == "op alice#3 holds another op (alice#9)");
  CHECK(refusedOpToJson(page->refused[1])["op"] == "alice#3");
  // A refused op still counts in the log's order: the server may not send it again.
  Log again = log;
  again.items = nlohmann::json::array({log.items[1]});
  again.items[0]["seq"] = 5;
  CHECK(refusal(again, 4, accepted) == "the server sent op alice#2 twice; nothing applied");
}

TEST_CASE("an op that does not decrypt, one of a newer Limn, or one named for another than its signer refuses the page") {
  {
    // The epoch key held may be a bad one, wrapped by someone else: not
    // provably the signer's doing.
    Log log;
    log.add(1, 1, log.alice);
    log.addSealed(2, "alice#2", "{}", crypto::randomAeadKey());
    AcceptedOps accepted;
    CHECK(refusal(log, 0, accepted).find("op alice#2 does not open under key epoch 1") == 0);
    CHECK(accepted.opIds.empty());
  }
  {
    Log log;
    log.addSealed(1, "alice#1", R"({"v":2,"id":{"author":"alice","counter":1},"kind":"fold"})", log.epochKey);
    AcceptedOps accepted;
    CHECK(refusal(log, 0, accepted) ==
          "op alice#1: op format version 2 is not supported: a newer Limn made it; update this one to read it; nothing applied");
  }
  {
    // A server takes only ops named for the member who pushes them.
    Log log;
    log.add(1, 1, log.alice);
    log.addSealed(2, "bob#1", "not an op", log.epochKey);
    AcceptedOps accepted;
    CHECK(refusal(log, 0, accepted) == "op bob#1 is signed by alice, not by its author bob; nothing applied");
    CHECK(accepted.opIds.empty());
  }
}
