#include "client/core/sync/known_keys.h"

#include "shared/crypto/base64.h"
#include "shared/encoding/json_fields.h"
#include "shared/protocol/published_keys.h"

namespace limn::sync {

namespace {

// What a person compares out of band: the fingerprint of both keys, or the
// signing key alone where that is all that is listed.
std::string describe(const KnownKey& k) {
  return k.box ? "fingerprint " + protocol::fingerprint(k.signing, *k.box) : "signing key " + crypto::toBase64(k.signing);
}

std::optional<KnownKey> listedKey(const nlohmann::json& person) {
  KnownKey k;
  if (!crypto::fromBase64Exact(textField(person, "signing_public"), k.signing)) return std::nullopt;
  crypto::BoxPublicKey box{};
  if (crypto::fromBase64Exact(textField(person, "box_public"), box)) k.box = box;
  return k;
}

}  // namespace

nlohmann::json knownKeysToJson(const KnownKeys& known) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, k] : known.byName) {
    j[name] = {{"signing_public", crypto::toBase64(k.signing)}};
    if (k.box) j[name]["box_public"] = crypto::toBase64(*k.box);
  }
  return j;
}

KnownKeys knownKeysFromJson(const nlohmann::json& j) {
  KnownKeys known;
  if (!j.is_object()) return known;
  for (const auto& [name, person] : j.items())
    if (auto k = listedKey(person)) known.byName[name] = *k;
  return known;
}

Result<bool> checkKnownKeys(const nlohmann::json& status, const std::string& user, const keys::UserKeys& mine,
                            KnownKeys& known) {
  KnownKeys next = known;
  next.byName[user] = {mine.signing.publicKey, mine.box.publicKey};
  bool grew = !known.byName.contains(user) || !(known.byName.at(user) == next.byName.at(user));
  for (const char* group : {"members", "former_members"}) {
    for (const auto& [name, person] : objectField(status, group).items()) {
      const auto listed = listedKey(person);
      if (!listed) continue;  // no keys published yet: nothing sealed to or accepted from them
      const auto seen = next.byName.find(name);
      if (seen == next.byName.end()) {
        next.byName.emplace(name, *listed);
        grew = true;
        continue;
      }
      const bool sameBox = !listed->box || !seen->second.box || *listed->box == *seen->second.box;
      if (listed->signing != seen->second.signing || !sameBox)
        return makeError(ErrorCode::kCryptoFailure,
                         "the server now gives " + name + " other keys (" + describe(*listed) + ") than this client " +
                             (name == user ? "holds (" : "saw before (") + describe(seen->second) +
                             "): nothing is sealed to them or accepted from them. People's keys never change; "
                             "compare fingerprints with " + name + " out of band and tell the site's security officer");
      if (listed->box && !seen->second.box) {
        seen->second.box = listed->box;
        grew = true;
      }
    }
  }
  known = std::move(next);
  return grew;
}

}  // namespace limn::sync
