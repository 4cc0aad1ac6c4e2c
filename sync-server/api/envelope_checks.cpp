#include "sync-server/api/envelope_checks.h"

#include <algorithm>

#include "sync-server/api/published_keys_of.h"
#include "sync-server/store/key_records.h"

namespace limn::server {

Result<EnvelopeRules> envelopeRules(Call& call, const TaskRecord& task, const ProjectAccess& access,
                                    std::size_t maxCiphertext) {
  auto epoch = currentEpoch(call.ctx.db, access.project.id);
  if (!epoch) return epoch.error();
  if (*epoch == 0) return makeError(ErrorCode::kConflict, "the project has no key yet");
  auto stale = epochIsStale(call.ctx.db, access.project.id, *epoch);
  if (!stale) return stale.error();
  if (*stale)
    return makeError(ErrorCode::kConflict,
                     "a member was removed under key epoch " + std::to_string(*epoch) +
                         "; a key holder must start the next epoch (limn project rotate-key) before new ops");
  auto mine = keysOf(call.ctx.db, call.user().userId);
  if (!mine) return mine.error();
  return EnvelopeRules{access.project.name, std::to_string(task.id), static_cast<std::uint32_t>(*epoch),
                       mine->signingPublic, maxCiphertext};
}

Result<sync::OpEnvelope> checkedEnvelope(const nlohmann::json& j, sync::EnvelopeKind kind, const EnvelopeRules& rules) {
  auto e = sync::envelopeFromJson(j);
  if (!e) return e.error();
  const std::string which = (kind == sync::EnvelopeKind::kOp ? "op " : "blob ") + e->address.opId + ": ";
  if (e->version != sync::kEnvelopeVersion)
    return makeError(ErrorCode::kInvalidArgument,
                     which + "envelope format version " + std::to_string(e->version) + " is not supported");
  if (e->address.project != rules.project || e->address.task != rules.task)
    return makeError(ErrorCode::kInvalidArgument, which + "sealed for another project or task");
  if (e->address.epoch != rules.epoch)
    return makeError(ErrorCode::kStaleKeyEpoch, which + "sealed under key epoch " + std::to_string(e->address.epoch) +
                                               "; the current epoch is " + std::to_string(rules.epoch) +
                                               " (seal it again)");
  if (e->ciphertext.size() > rules.maxCiphertext)
    return makeError(ErrorCode::kInvalidArgument,
                     which + "larger than " + std::to_string(rules.maxCiphertext >> 20) + " MiB");
  if (e->author != rules.caller)
    return makeError(ErrorCode::kForbidden, which + "forbidden: signed by a key that is not yours");
  if (!sync::envelopeSignatureHolds(kind, *e))
    return makeError(ErrorCode::kCryptoFailure, which + "the signature does not verify");
  return e;
}

sync::OpEnvelope storedEnvelope(const std::string& project, std::int64_t taskId, const std::string& id,
                                std::int64_t epoch, const Blob& authorKey, const Blob& ciphertext, const Blob& signature) {
  sync::OpEnvelope e;
  e.address = {project, std::to_string(taskId), id, static_cast<std::uint32_t>(epoch)};
  std::copy_n(authorKey.begin(), std::min(authorKey.size(), e.author.size()), e.author.begin());
  e.ciphertext = ciphertext;
  std::copy_n(signature.begin(), std::min(signature.size(), e.signature.size()), e.signature.begin());
  return e;
}

}  // namespace limn::server
