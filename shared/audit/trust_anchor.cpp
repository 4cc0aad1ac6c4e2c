#include "shared/audit/trust_anchor.h"

#include <vector>

#include "shared/audit/merkle_tree.h"
#include "shared/crypto/sha256.h"
#include "shared/encoding/hex.h"
#include "shared/encoding/json_fields.h"

namespace limn::audit {

Result<SignedCheckpoint> checkedCheckpoint(const TrustAnchor& anchor, const nlohmann::json& reply) {
  SignedCheckpoint out;
  if (!reply.is_object() || !reply.contains("checkpoint") || !hexToBytes(textField(reply, "public_key"), out.key) ||
      !checkpointFromJson(reply["checkpoint"], out.checkpoint))
    return makeError(ErrorCode::kCryptoFailure, "the server's audit checkpoint is malformed");
  if (anchor.serverKey && *anchor.serverKey != out.key)
    return makeError(ErrorCode::kCryptoFailure, "the server's audit signing key changed (pinned " +
                                                    crypto::toHex(*anchor.serverKey) + ", now " +
                                                    crypto::toHex(out.key) + "): the audit log cannot be trusted");
  if (!verifyCheckpoint(out.checkpoint, out.key))
    return makeError(ErrorCode::kCryptoFailure, "the server's audit checkpoint signature is not valid");
  return out;
}

std::string consistencyPath(const TrustAnchor& anchor, const Checkpoint& fresh) {
  if (!anchor.lastSeen || anchor.lastSeen->size == 0 || anchor.lastSeen->size >= fresh.size) return "";
  return "/api/v1/audit/consistency?old=" + std::to_string(anchor.lastSeen->size) +
         "&new=" + std::to_string(fresh.size);
}

Result<TrustAnchor> advanceAnchor(const TrustAnchor& anchor, const SignedCheckpoint& fresh,
                                  const nlohmann::json& proofReply) {
  if (anchor.lastSeen) {
    const Checkpoint& seen = *anchor.lastSeen;
    const Checkpoint& now = fresh.checkpoint;
    const Error rewritten = makeError(ErrorCode::kCryptoFailure,
                                      "the server's audit log is not an extension of the one this client saw (" +
                                          std::to_string(seen.size) + " entries at " + seen.time +
                                          "): entries were changed or removed");
    if (seen.size > now.size) return rewritten;
    if (seen.size == now.size && seen.root != now.root) return rewritten;
    if (!consistencyPath(anchor, now).empty()) {
      std::vector<Hash> proof;
      if (proofReply.is_object() && proofReply.contains("proof") && proofReply["proof"].is_array()) {
        for (const auto& h : proofReply["proof"]) {
          Hash x{};
          if (!h.is_string() || !hexToBytes(h.get<std::string>(), x)) return rewritten;
          proof.push_back(x);
        }
      }
      if (!verifyConsistency(seen.size, now.size, seen.root, now.root, proof)) return rewritten;
    }
  }
  return TrustAnchor{fresh.key, fresh.checkpoint};
}

nlohmann::json anchorToJson(const TrustAnchor& anchor) {
  nlohmann::json j = nlohmann::json::object();
  if (anchor.serverKey) j["audit_key"] = crypto::toHex(*anchor.serverKey);
  if (anchor.lastSeen) j["audit_checkpoint"] = checkpointToJson(*anchor.lastSeen);
  return j;
}

TrustAnchor anchorFromJson(const nlohmann::json& j) {
  TrustAnchor anchor;
  if (!j.is_object()) return anchor;
  crypto::SigningPublicKey key{};
  if (j.contains("audit_key") && j["audit_key"].is_string() && hexToBytes(j["audit_key"].get<std::string>(), key))
    anchor.serverKey = key;
  Checkpoint c;
  if (j.contains("audit_checkpoint") && checkpointFromJson(j["audit_checkpoint"], c)) anchor.lastSeen = c;
  return anchor;
}

}  // namespace limn::audit
