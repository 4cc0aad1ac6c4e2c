#include "client/core/sync/key_ring.h"

#include <algorithm>

#include "shared/crypto/base64.h"
#include "shared/encoding/json_fields.h"
#include "shared/keys/epoch_key_wrap.h"
#include "shared/protocol/published_keys.h"

namespace limn::sync {

OpenContext KeyRing::openContext(const std::string& task) const {
  return {project, task,
          [this](std::uint32_t epoch) -> const crypto::AeadKey* {
            auto it = held.find(epoch);
            return it == held.end() ? nullptr : &it->second;
          },
          [this](const crypto::SigningPublicKey& k) -> const std::string* {
            auto it = signers.find(k);
            return it == signers.end() ? nullptr : &it->second;
          }};
}

Result<const crypto::AeadKey*> KeyRing::sealingKey() const {
  if (currentStale)
    return makeError(ErrorCode::kConflict,
                     "a member was removed from " + project + "; a key holder must start the next key epoch first");
  auto it = held.find(currentEpoch);
  if (it == held.end())
    return makeError(ErrorCode::kForbidden, "forbidden: you do not hold " + project +
                                                "'s current key yet (a key holder confirms you: limn project confirm-members)");
  return &it->second;
}

Result<KeyRing> openKeyRing(const nlohmann::json& status, const std::string& user, const keys::UserKeys& mine) {
  if (!status.is_object()) return makeError(ErrorCode::kInvalidArgument, "the server sent no project keys");
  KeyRing ring;
  ring.project = textField(status, "project");
  const auto current = unsignedField(status, "current_epoch").value_or(0);
  if (current > UINT32_MAX) return makeError(ErrorCode::kInvalidArgument, "the server sent a key epoch beyond 2^32");
  ring.currentEpoch = static_cast<std::uint32_t>(current);
  ring.currentStale = boolField(status, "current_epoch_stale", false);
  ring.signers[mine.signing.publicKey] = user;
  for (const char* group : {"members", "former_members"}) {
    for (const auto& [name, person] : objectField(status, group).items()) {
      crypto::SigningPublicKey k{};
      if (crypto::fromBase64Exact(textField(person, "signing_public"), k)) ring.signers.emplace(k, name);
    }
  }
  for (const auto& w : arrayField(status, "my_wraps")) {
    const auto epoch = unsignedField(w, "epoch");
    if (!epoch || *epoch > UINT32_MAX) return makeError(ErrorCode::kCryptoFailure, "the server sent a malformed key wrap");
    keys::EpochKeyWrap wrap{ring.project, static_cast<std::uint32_t>(*epoch), user, {}, {}};
    crypto::SigningPublicKey wrapper{};
    auto sealed = crypto::fromBase64(textField(w, "sealed"));
    if (!sealed || !crypto::fromBase64Exact(textField(w, "signature"), wrap.signature) ||
        !crypto::fromBase64Exact(textField(w, "wrapped_by_signing_public"), wrapper))
      return makeError(ErrorCode::kCryptoFailure, "the server sent a malformed key wrap");
    // Only a member (or a former one) hands out project keys: a key the
    // server made up and wrapped itself would let it read every op after.
    if (!ring.signers.contains(wrapper))
      return makeError(ErrorCode::kCryptoFailure, "the key of epoch " + std::to_string(wrap.epoch) +
                                                      " was wrapped by someone who is not a member of " + ring.project);
    wrap.sealed = std::move(*sealed);
    auto key = keys::unwrapEpochKey(wrap, mine.box, wrapper);
    if (!key) return key.error();
    // A server keeps one wrap per epoch and person (the first): two are a
    // server's doing, and which key is right cannot be told.
    if (!ring.held.emplace(wrap.epoch, *key).second)
      return makeError(ErrorCode::kCryptoFailure, "the server sent two keys of epoch " + std::to_string(wrap.epoch) +
                                                      " for you; neither is used");
  }
  return ring;
}

std::vector<MemberKeys> memberKeys(const nlohmann::json& status) {
  std::vector<MemberKeys> out;
  for (const auto& [name, member] : objectField(status, "members").items()) {
    crypto::SigningPublicKey signing{};
    MemberKeys m{name, "", {}, boolField(member, "holds_current", false)};
    if (!crypto::fromBase64Exact(textField(member, "signing_public"), signing) ||
        !crypto::fromBase64Exact(textField(member, "box_public"), m.box))
      continue;  // not yet published: nothing to show or wrap to
    m.fingerprint = protocol::fingerprint(signing, m.box);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<MemberKeys> waitingMembers(const nlohmann::json& status) {
  std::vector<MemberKeys> out = memberKeys(status);
  std::erase_if(out, [](const MemberKeys& m) { return m.holdsCurrent; });
  return out;
}

std::vector<MemberKeys> currentHolders(const nlohmann::json& status) {
  std::vector<MemberKeys> out = memberKeys(status);
  std::erase_if(out, [](const MemberKeys& m) { return !m.holdsCurrent; });
  return out;
}

std::vector<nlohmann::json> confirmationWraps(const KeyRing& ring, const std::vector<MemberKeys>& members,
                                              const crypto::SigningKeyPair& wrapper, bool pastEpochs) {
  std::vector<nlohmann::json> bodies;
  for (const auto& [epoch, key] : ring.held) {
    if (epoch != ring.currentEpoch && !pastEpochs) continue;
    nlohmann::json wraps = nlohmann::json::array();
    for (const MemberKeys& m : members)
      wraps.push_back(keys::wrapToJson(keys::wrapEpochKey(key, ring.project, epoch, m.name, m.box, wrapper)));
    if (!wraps.empty()) bodies.push_back({{"epoch", epoch}, {"wraps", wraps}});
  }
  return bodies;
}

nlohmann::json nextEpochRequest(const KeyRing& ring, const std::string& me, const keys::UserKeys& mine,
                                const std::vector<MemberKeys>& recipients) {
  const std::uint32_t epoch = ring.currentEpoch + 1;
  const crypto::AeadKey key = crypto::randomAeadKey();
  nlohmann::json wraps = nlohmann::json::array();
  wraps.push_back(keys::wrapToJson(keys::wrapEpochKey(key, ring.project, epoch, me, mine.box.publicKey, mine.signing)));
  for (const MemberKeys& m : recipients)
    if (m.name != me) wraps.push_back(keys::wrapToJson(keys::wrapEpochKey(key, ring.project, epoch, m.name, m.box, mine.signing)));
  return {{"epoch", epoch}, {"wraps", wraps}};
}

Result<nlohmann::json> rotationRequest(const KeyRing& ring, const nlohmann::json& status, const std::string& me,
                                       const keys::UserKeys& mine) {
  if (!ring.held.count(ring.currentEpoch))
    return makeError(ErrorCode::kForbidden, "forbidden: you do not hold " + ring.project +
                                                "'s current key; one of its key holders starts the next epoch");
  return nextEpochRequest(ring, me, mine, currentHolders(status));
}

}  // namespace limn::sync
