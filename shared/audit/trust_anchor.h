// What a client remembers of a server's audit log, and how it checks the
// next checkpoint against it: the key that signs checkpoints (pinned at
// first contact) and the newest checkpoint the client verified. A new
// checkpoint must be signed by the pinned key and extend the log seen
// (RFC 6962 consistency proof), else an entry was changed, removed or
// reordered behind the client's back. The CLI keeps its anchor in its state
// file, the browser in localStorage; both check with this code.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "shared/audit/audit_entry.h"
#include "shared/error/result.h"

namespace limn::audit {

struct TrustAnchor {
  std::optional<crypto::SigningPublicKey> serverKey;  // pinned at first contact
  std::optional<Checkpoint> lastSeen;                 // the newest checkpoint this client verified
};

struct SignedCheckpoint {
  crypto::SigningPublicKey key{};
  Checkpoint checkpoint;
};

// The server's checkpoint reply ({"public_key", "checkpoint"}): well formed,
// signed by the pinned key (at first contact, by the key it names), and its
// signature valid.
Result<SignedCheckpoint> checkedCheckpoint(const TrustAnchor& anchor, const nlohmann::json& reply);

// The request that proves `fresh` extends what `anchor` saw
// ("/api/v1/audit/consistency?old=N&new=M"), or "" when no proof is needed
// (first contact, or the same size).
std::string consistencyPath(const TrustAnchor& anchor, const Checkpoint& fresh);

// The anchor after `fresh`, when the consistency proof reply ({"proof":
// [hex, ...]}; ignored when no proof is needed) shows that the log extends
// the one seen; else why it does not.
Result<TrustAnchor> advanceAnchor(const TrustAnchor& anchor, const SignedCheckpoint& fresh,
                                  const nlohmann::json& proofReply);

nlohmann::json anchorToJson(const TrustAnchor& anchor);
TrustAnchor anchorFromJson(const nlohmann::json& j);  // fields that do not parse are left empty

}  // namespace limn::audit
