// A project's keys as one member holds them: the epoch keys unwrapped from
// their wraps (each checked against the wrapper's signature), the current
// epoch, and the signing keys whose ops count (members and former
// members). Built from GET /api/v1/projects/{name}/keys by the CLI and the
// browser alike.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/crypto/aead.h"
#include "shared/keys/user_keys.h"
#include "shared/sync/op_envelope.h"

namespace limn::sync {

struct KeyRing {
  std::string project;  // the server's spelling, bound into every wrap and envelope
  std::uint32_t currentEpoch = 0;
  bool currentStale = false;  // a member left under it: new ops wait for the next epoch
  std::map<std::uint32_t, crypto::AeadKey> held;  // epoch -> key
  std::map<crypto::SigningPublicKey, std::string> signers;  // members' and former members' keys -> names

  // Opening ops of `task`; the ring must outlive the context.
  OpenContext openContext(const std::string& task) const;
  // The key new ops are sealed with, or why there is none.
  Result<const crypto::AeadKey*> sealingKey() const;
};

Result<KeyRing> openKeyRing(const nlohmann::json& status, const std::string& user, const keys::UserKeys& mine);

// A member as a client shows them: their name, the fingerprint of the
// public keys the server handed out (to compare with the person out of
// band) and whether they hold the current epoch's key.
struct MemberKeys {
  std::string name;
  std::string fingerprint;
  crypto::BoxPublicKey box{};
  bool holdsCurrent = false;
};
// The members in `status` who have published keys.
std::vector<MemberKeys> memberKeys(const nlohmann::json& status);
// Those of them waiting for the current key.
std::vector<MemberKeys> waitingMembers(const nlohmann::json& status);
// Those of them holding it: whom a rotation wraps the next epoch's key to
// (a removed member is no longer in `status`).
std::vector<MemberKeys> currentHolders(const nlohmann::json& status);

// Confirming members: the held epoch keys (the current one, or every held
// one with `pastEpochs`) wrapped to each of `members` and signed by
// `wrapper`, as the bodies of POST /api/v1/projects/{name}/key-wraps.
std::vector<nlohmann::json> confirmationWraps(const KeyRing& ring, const std::vector<MemberKeys>& members,
                                              const crypto::SigningKeyPair& wrapper, bool pastEpochs);

// Starting the epoch after `ring`'s current one: a fresh random key wrapped
// to `me` and to each of `recipients`, signed by me, as the body of
// POST /api/v1/projects/{name}/key-epochs. The key exists only inside the
// wraps: whoever needs it unwraps their own.
nlohmann::json nextEpochRequest(const KeyRing& ring, const std::string& me, const keys::UserKeys& mine,
                                const std::vector<MemberKeys>& recipients);
// A rotation (after a member left): the next epoch wrapped to the current
// key's holders, refused unless `me` holds the current key too.
Result<nlohmann::json> rotationRequest(const KeyRing& ring, const nlohmann::json& status, const std::string& me,
                                       const keys::UserKeys& mine);

}  // namespace limn::sync
