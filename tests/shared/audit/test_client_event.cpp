#include <catch2/catch.hpp>

#include "shared/audit/client_event.h"

using namespace limn::audit;
namespace crypto = limn::crypto;

namespace {
const nlohmann::json kDetail = {{"files", 2}, {"released", 1}};
const std::string kTime = "2026-11-27T10:00:00.000Z";
}  // namespace

TEST_CASE("a signed client event verifies, through JSON too") {
  const auto keys = crypto::generateSigningKeyPair();
  auto e = signClientEvent("ana", "deid.run", "local", kDetail, kTime, keys);
  REQUIRE(e);
  CHECK(clientEventSignatureHolds(*e));
  CHECK(e->key == keys.publicKey);
  CHECK(e->id.size() == 2 * kClientEventIdBytes);
  auto back = clientEventFromJson(nlohmann::json::parse(clientEventToJson(*e).dump()));
  REQUIRE(back);
  CHECK(clientEventSignatureHolds(*back));
  CHECK(back->detail == kDetail);
  // Two statements of the same thing are two events.
  auto again = signClientEvent("ana", "deid.run", "local", kDetail, kTime, keys);
  REQUIRE(again);
  CHECK(again->id != e->id);
}

TEST_CASE("any changed field breaks a client event's signature") {
  const auto keys = crypto::generateSigningKeyPair();
  auto e = signClientEvent("ana", "image.open", "local", kDetail, kTime, keys);
  REQUIRE(e);
  auto changed = [&](auto mutate) {
    ClientEvent x = *e;
    mutate(x);
    return clientEventSignatureHolds(x);
  };
  CHECK_FALSE(changed([](ClientEvent& x) { x.user = "bob"; }));
  CHECK_FALSE(changed([](ClientEvent& x) { x.action = "file.save"; }));
  CHECK_FALSE(changed([](ClientEvent& x) { x.resource = "task:1"; }));
  CHECK_FALSE(changed([](ClientEvent& x) { x.detail["files"] = 3; }));
  CHECK_FALSE(changed([](ClientEvent& x) { x.time = "2026-11-27T10:00:00.001Z"; }));
  CHECK_FALSE(changed([](ClientEvent& x) { x.id[0] = x.id[0] == 'a' ? 'b' : 'a'; }));
  CHECK_FALSE(changed([](ClientEvent& x) { x.key = crypto::generateSigningKeyPair().publicKey; }));
  CHECK_FALSE(changed([](ClientEvent& x) { x.signature[5] ^= 1; }));
  // Someone else's key signing in ana's name verifies as theirs only: the
  // server compares the key with the one it holds for the caller.
  const auto other = crypto::generateSigningKeyPair();
  auto forged = signClientEvent("ana", "image.open", "local", kDetail, kTime, other);
  REQUIRE(forged);
  CHECK(forged->key != keys.publicKey);
}

TEST_CASE("malformed or unsigned client events are refused with a reason") {
  const auto keys = crypto::generateSigningKeyPair();
  CHECK_FALSE(signClientEvent("ana", "Image Open", "local", kDetail, kTime, keys));
  CHECK_FALSE(signClientEvent("ana", "", "local", kDetail, kTime, keys));
  CHECK_FALSE(signClientEvent("ana", "image.open", "", kDetail, kTime, keys));
  CHECK_FALSE(signClientEvent("ana", "image.open", "local", nlohmann::json::array(), kTime, keys));
  CHECK_FALSE(signClientEvent("ana", "image.open", "local", {{"x", std::string(2000, 'a')}}, kTime, keys));
  CHECK_FALSE(signClientEvent("ana", "image.open", "local", kDetail, "", keys));
  CHECK_FALSE(signClientEvent("", "image.open", "local", kDetail, kTime, keys));

  auto good = signClientEvent("ana", "image.open", "local", kDetail, kTime, keys);
  REQUIRE(good);
  const nlohmann::json j = clientEventToJson(*good);
  auto without = [&](const char* field) {
    nlohmann::json x = j;
    x.erase(field);
    return clientEventFromJson(x);
  };
  auto unsignedEvent = clientEventFromJson({{"action", "image.open"}, {"resource", "local"}});
  REQUIRE_FALSE(unsignedEvent);
  CHECK(unsignedEvent.error().message.find("signed") != std::string::npos);
  CHECK_FALSE(without("signature"));
  CHECK_FALSE(without("key"));
  CHECK_FALSE(without("id"));
  CHECK_FALSE(without("user"));
  CHECK_FALSE(without("time"));
  nlohmann::json wrongType = j;
  wrongType["action"] = 42;
  CHECK_FALSE(clientEventFromJson(wrongType));
  nlohmann::json shortKey = j;
  shortKey["key"] = "abcd";
  CHECK_FALSE(clientEventFromJson(shortKey));
  CHECK_FALSE(clientEventFromJson(nlohmann::json::array()));
  CHECK(isClientEventAction("client.image.open"));
  CHECK_FALSE(isClientEventAction("task.read"));
}
