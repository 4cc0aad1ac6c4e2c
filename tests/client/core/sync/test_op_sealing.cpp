#include <catch2/catch.hpp>

#include "client/core/sync/op_sealing.h"

using namespace limn;
using namespace limn::sync;

namespace {

annot::Op commentOp(const std::string& author, std::uint64_t counter, const std::string& text) {
  annot::Op op;
  op.id = {author, counter};
  op.lamport = counter;
  op.kind = annot::OpKind::kComment;
  op.annotation = "a1";
  op.comment = annot::Comment{author, 1, text};
  return op;
}

struct Keys {
  crypto::SigningKeyPair author = crypto::generateSigningKeyPair();  // dr.a's
  crypto::SigningKeyPair other = crypto::generateSigningKeyPair();   // dr.b's, also a member
  crypto::AeadKey epochKey = crypto::randomAeadKey();
  std::string authorName = "dr.a", otherName = "dr.b";
  OpenContext context(const std::string& task = "7") const {
    return {"Study", task, [this](std::uint32_t e) { return e == 1 ? &epochKey : nullptr; },
            [this](const crypto::SigningPublicKey& k) -> const std::string* {
              return k == author.publicKey ? &authorName : k == other.publicKey ? &otherName : nullptr;
            }};
  }
};

}  // namespace

TEST_CASE("an annotation op goes into its envelope under its own id and comes out the same") {
  Keys k;
  const annot::Op op = commentOp("dr.a", 12, "margin unclear");
  const OpEnvelope e = sealAnnotationOp(op, {"Study", "7", 1}, k.epochKey, k.author);
  CHECK(e.address.opId == "dr.a#12");
  auto back = openAnnotationOp(e, k.context());
  REQUIRE(back.ok());
  CHECK(annot::opToJson(*back) == annot::opToJson(op));
  // The content is not in the envelope in the clear.
  const std::string wire = envelopeToJson(e).dump();
  CHECK(wire.find("margin unclear") == std::string::npos);
}

TEST_CASE("an envelope whose op id names another op is refused") {
  Keys k;
  // A client (or a server that re-signs nothing: it cannot) sealing op 12
  // under the name of op 13 is caught after decryption.
  const annot::Op op = commentOp("dr.a", 12, "x");
  const std::string json = annot::opToJson(op);
  const OpEnvelope e = sealOp({"Study", "7", "dr.a#13", 1},
                              {reinterpret_cast<const std::uint8_t*>(json.data()), json.size()}, k.epochKey, k.author);
  auto r = openAnnotationOp(e, k.context());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "op dr.a#13 holds another op (dr.a#12)");
  // Plaintext that is not an op at all.
  const std::string junk = "{\"v\": 1}";
  const OpEnvelope j = sealOp({"Study", "7", "dr.a#1", 1},
                              {reinterpret_cast<const std::uint8_t*>(junk.data()), junk.size()}, k.epochKey, k.author);
  auto rj = openAnnotationOp(j, k.context());
  REQUIRE_FALSE(rj.ok());
  CHECK(rj.error().message.find("is not an annotation op") != std::string::npos);
}

TEST_CASE("a member cannot pass an op off as another member's") {
  Keys k;
  // dr.b seals an op that says dr.a made it: a valid signature, but not the author's.
  const OpEnvelope forged = sealAnnotationOp(commentOp("dr.a", 40, "not mine"), {"Study", "7", 1}, k.epochKey, k.other);
  auto r = openAnnotationOp(forged, k.context());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "op dr.a#40 is signed by dr.b, not by its author dr.a");
  // dr.b's own op opens.
  CHECK(openAnnotationOp(sealAnnotationOp(commentOp("dr.b", 1, "mine"), {"Study", "7", 1}, k.epochKey, k.other),
                         k.context()).ok());
}

TEST_CASE("op ids read back as author and counter") {
  CHECK(formatOpId("dr.a", 12) == "dr.a#12");
  auto p = parseOpId("dr.a#12");
  REQUIRE(p);
  CHECK(p->author == "dr.a");
  CHECK(p->counter == 12);
  auto hashInName = parseOpId("team#2#7");
  REQUIRE(hashInName);
  CHECK(hashInName->author == "team#2");
  CHECK(hashInName->counter == 7);
  for (const char* bad : {"", "#1", "dr.a#", "dr.a", "dr.a#1x", "dr.a#-1", "dr.a#123456789012345678901234"})
    CHECK_FALSE(parseOpId(bad));
}
