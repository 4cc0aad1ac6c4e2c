#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "shared/sync/blob_envelope.h"

using namespace limn::sync;
namespace crypto = limn::crypto;

namespace {

struct Project {
  crypto::SigningKeyPair alice = crypto::generateSigningKeyPair();
  crypto::SigningKeyPair bob = crypto::generateSigningKeyPair();
  std::map<std::uint32_t, crypto::AeadKey> keys{{1, crypto::randomAeadKey()}, {2, crypto::randomAeadKey()}};
  std::string aliceName = "alice", bobName = "bob";

  OpenContext context(const std::string& task) const {
    return OpenContext{"p1", task,
                       [this](std::uint32_t epoch) -> const crypto::AeadKey* {
                         auto it = keys.find(epoch);
                         return it == keys.end() ? nullptr : &it->second;
                       },
                       [this](const crypto::SigningPublicKey& k) -> const std::string* {
                         return k == alice.publicKey ? &aliceName : k == bob.publicKey ? &bobName : nullptr;
                       }};
  }
};

const std::vector<std::uint8_t> kOp = {'{', '"', 'k', '"', ':', '1', '}'};

std::string errorOf(const limn::Result<std::vector<std::uint8_t>>& r) { return r ? "" : r.error().message; }

}  // namespace

TEST_CASE("an op sealed by a member opens for the same project and task") {
  Project p;
  const OpEnvelope e = sealOp({"p1", "t1", "op-1", 2}, kOp, p.keys[2], p.alice);
  CHECK(envelopeSignatureHolds(e));
  CHECK(openOp(e, p.context("t1")).value() == kOp);
  // Through JSON and back.
  auto again = envelopeFromJson(nlohmann::json::parse(envelopeToJson(e).dump()));
  REQUIRE(again.ok());
  CHECK(openOp(*again, p.context("t1")).value() == kOp);
}

TEST_CASE("tampering is refused with a clear error and nothing is returned") {
  Project p;
  const OpEnvelope good = sealOp({"p1", "t1", "op-1", 1}, kOp, p.keys[1], p.alice);
  const OpEnvelope other = sealOp({"p1", "t1", "op-2", 1}, kOp, p.keys[1], p.alice);

  OpEnvelope flipped = good;
  flipped.ciphertext[30] ^= 1;
  CHECK(errorOf(openOp(flipped, p.context("t1"))).find("signature does not verify") != std::string::npos);

  OpEnvelope swappedNonce = good;
  std::copy_n(other.ciphertext.begin(), crypto::kAeadNonceBytes, swappedNonce.ciphertext.begin());
  CHECK_FALSE(openOp(swappedNonce, p.context("t1")).ok());

  // Replayed into another task: as is, and with the address rewritten.
  CHECK(errorOf(openOp(good, p.context("t2"))).find("another project or task") != std::string::npos);
  OpEnvelope moved = good;
  moved.address.task = "t2";
  CHECK(errorOf(openOp(moved, p.context("t2"))).find("signature does not verify") != std::string::npos);

  // Another epoch claimed: the signature no longer holds.
  OpEnvelope epoch = good;
  epoch.address.epoch = 2;
  CHECK_FALSE(openOp(epoch, p.context("t1")).ok());
  epoch.signature = crypto::sign(p.bob.secretKey, {});  // any other signature: still refused
  CHECK_FALSE(openOp(epoch, p.context("t1")).ok());

  // Passed off as Bob's: only Bob's key signs for Bob, and the author is bound in the tag.
  OpEnvelope asBob = good;
  asBob.author = p.bob.publicKey;
  CHECK(errorOf(openOp(asBob, p.context("t1"))).find("signature does not verify") != std::string::npos);

  OpEnvelope forged = good;
  forged.signature[5] ^= 0x80;
  CHECK_FALSE(openOp(forged, p.context("t1")).ok());

  // An outsider's perfectly valid envelope.
  const auto mallory = crypto::generateSigningKeyPair();
  const OpEnvelope outsider = sealOp({"p1", "t1", "op-3", 1}, kOp, p.keys[1], mallory);
  CHECK(errorOf(openOp(outsider, p.context("t1"))).find("not a member") != std::string::npos);

  // An epoch this client has no key for (e.g. after being removed).
  const OpEnvelope later = sealOp({"p1", "t1", "op-4", 3}, kOp, crypto::randomAeadKey(), p.alice);
  CHECK(errorOf(openOp(later, p.context("t1"))).find("epoch 3") != std::string::npos);

  OpEnvelope future = good;
  future.version = 2;
  CHECK(errorOf(openOp(future, p.context("t1"))).find("not supported") != std::string::npos);
}

TEST_CASE("malformed envelopes are refused by the parser") {
  Project p;
  auto j = envelopeToJson(sealOp({"p1", "t1", "op-1", 1}, kOp, p.keys[1], p.alice));
  for (const char* field : {"v", "project", "task", "op", "epoch", "author", "ct", "sig"}) {
    auto bad = j;
    bad.erase(field);
    CHECK_FALSE(envelopeFromJson(bad).ok());
  }
  auto bad = j;
  bad["ct"] = "!!!";
  CHECK_FALSE(envelopeFromJson(bad).ok());
  bad = j;
  bad["sig"] = "AAAA";
  CHECK_FALSE(envelopeFromJson(bad).ok());
  bad = j;
  bad["task"] = std::string(200, 'x');
  CHECK_FALSE(envelopeFromJson(bad).ok());
  CHECK_FALSE(envelopeFromJson(nlohmann::json::array()).ok());
}

TEST_CASE("a blob seals and opens like an op, and neither passes for the other") {
  Project p;
  std::vector<std::uint8_t> image(200000);
  for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<std::uint8_t>(i * 7);
  const OpEnvelope blob = sealBlob({"p1", "t1", "ct-001.dcm", 2}, image, p.keys[2], p.bob);
  CHECK(blobSignatureHolds(blob));
  CHECK_FALSE(envelopeSignatureHolds(blob));  // not an op's signature
  auto opened = openBlob(blob, p.context("t1"));
  REQUIRE(opened.ok());
  CHECK(*opened == image);
  CHECK(errorOf(openOp(blob, p.context("t1"))).find("signature does not verify") != std::string::npos);
  const OpEnvelope op = sealOp({"p1", "t1", "op-9", 2}, kOp, p.keys[2], p.alice);
  CHECK(errorOf(openBlob(op, p.context("t1"))).find("signature does not verify") != std::string::npos);
  CHECK(errorOf(openBlob(blob, p.context("t2"))).find("another project or task") != std::string::npos);
  // Through JSON and back.
  auto again = envelopeFromJson(nlohmann::json::parse(envelopeToJson(blob).dump()));
  REQUIRE(again.ok());
  CHECK(openBlob(*again, p.context("t1")).value() == image);
}
