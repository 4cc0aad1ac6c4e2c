#include "client/app/sync_link.h"

#include <algorithm>

#include "client/core/sync/op_sealing.h"
#include "client/core/sync/relayed_image.h"
#include "shared/audit/client_event.h"
#include "shared/crypto/base64.h"
#include "shared/encoding/hex.h"
#include "shared/encoding/json_fields.h"
#include "shared/protocol/published_keys.h"

namespace limn::app {

namespace {
Result<crypto::AeadKey> kekFromHex(const std::string& hex) {
  crypto::AeadKey kek{};
  if (!hexToBytes(hex, kek)) return makeError(ErrorCode::kInvalidArgument, "no usable key-encryption key");
  return kek;
}
}  // namespace

Status SyncLink::unlock(const std::string& user, const nlohmann::json& published, const std::string& kekHex,
                        const nlohmann::json& remembered) {
  auto kek = kekFromHex(kekHex);
  if (!kek) return kek.error();
  auto keys = protocol::publishedFromJson(published);
  if (!keys) return makeError(ErrorCode::kCryptoFailure, "the server sent no usable keys for " + user);
  auto mine = keys::unwrapUserKeys(*keys, user, *kek);
  if (!mine) return mine.error();
  unbind();
  if (user != m_user) m_known = {};
  for (auto& [name, key] : sync::knownKeysFromJson(remembered).byName) m_known.byName.try_emplace(name, key);
  m_user = user;
  m_keys = std::move(*mine);
  return okStatus();
}

void SyncLink::lock() {
  unbind();
  m_keys.reset();
  m_user.clear();
  m_known = {};
}

Result<std::string> SyncLink::passwordRewrap(const std::string& newKekHex) const {
  if (!m_keys) return makeError(ErrorCode::kUnauthenticated, "unlock your keys first");
  auto kek = kekFromHex(newKekHex);
  if (!kek) return kek.error();
  auto wrap = keys::rewrapForPassword(*m_keys, m_user, *kek);
  if (!wrap) return wrap.error();
  return crypto::toBase64(*wrap);
}

Status SyncLink::checkKnown(const nlohmann::json& keyStatus) const {
  if (!m_keys) return makeError(ErrorCode::kUnauthenticated, "unlock your keys first");
  auto grew = sync::checkKnownKeys(keyStatus, m_user, *m_keys, m_known);
  if (!grew) return grew.error();
  return okStatus();
}

Result<sync::KeyRing> SyncLink::myRing(const nlohmann::json& keyStatus) const {
  if (auto s = checkKnown(keyStatus); !s) return s.error();
  return sync::openKeyRing(keyStatus, m_user, *m_keys);
}

Status SyncLink::bind(const std::string& task, const std::string& imageId, const nlohmann::json& keyStatus) {
  auto ring = myRing(keyStatus);
  if (!ring) return ring.error();
  unbind();
  m_ring = std::move(*ring);
  m_task = task;
  m_imageId = imageId;
  m_bound = true;
  return okStatus();
}

void SyncLink::unbind() {
  m_bound = false;
  m_task.clear();
  m_imageId.clear();
  m_ring = {};
  m_accepted = {};
  m_lastSeq = 0;
  m_handedOut.clear();
  m_sealed = m_acknowledged = m_received = m_refused = 0;
  m_lastRefused.reset();
  m_error.clear();
}

nlohmann::json SyncLink::outgoing(const annot::AnnotationDocument& document) {
  nlohmann::json envelopes = nlohmann::json::array();
  if (!m_bound || !m_keys) return envelopes;
  auto key = m_ring.sealingKey();
  if (!key) {
    m_error = key.error().message;
    return envelopes;
  }
  const sync::SealTarget target{m_ring.project, m_task, m_ring.currentEpoch};
  // In this author's counter order: readers refuse a log that reorders an author's ops.
  std::vector<const annot::Op*> mine;
  for (const annot::Op& op : document.ops())
    if (op.id.author == m_user && !m_handedOut.count(op.id)) mine.push_back(&op);
  std::sort(mine.begin(), mine.end(), [](const annot::Op* a, const annot::Op* b) { return a->id < b->id; });
  for (const annot::Op* op : mine) {
    envelopes.push_back(sync::envelopeToJson(sync::sealAnnotationOp(*op, target, **key, m_keys->signing)));
    m_handedOut.insert(op->id);
    ++m_sealed;
  }
  return envelopes;
}

Result<std::vector<annot::Op>> SyncLink::incoming(const nlohmann::json& reply) {
  if (!m_bound) return makeError(ErrorCode::kInvalidArgument, "no task is open for sync");
  auto page = sync::openPulledPage(reply, m_lastSeq, m_ring.openContext(m_task), m_accepted);
  if (!page) {
    m_error = page.error().message;
    return page.error();
  }
  m_lastSeq = page->lastSeq;
  m_refused += page->refused.size();
  if (!page->refused.empty()) m_lastRefused = page->refused.back();
  std::vector<annot::Op> ops;
  ops.reserve(page->ops.size());
  for (sync::PulledOp& p : page->ops) {
    if (p.op.id.author == m_user) m_handedOut.insert(p.op.id);
    ops.push_back(std::move(p.op));
  }
  m_received += ops.size();
  return ops;
}

Result<nlohmann::json> SyncLink::rekey(const nlohmann::json& keyStatus, const nlohmann::json& envelopes) {
  if (!m_bound || !m_keys) return makeError(ErrorCode::kInvalidArgument, "no task is open for sync");
  if (!envelopes.is_array()) return makeError(ErrorCode::kInvalidArgument, "not a list of envelopes");
  auto ring = myRing(keyStatus);
  if (!ring) return ring.error();
  auto key = ring->sealingKey();
  if (!key) return key.error();
  std::vector<annot::Op> ops;
  for (const auto& j : envelopes) {
    auto envelope = sync::envelopeFromJson(j);
    if (!envelope) return envelope.error();
    auto op = sync::openAnnotationOp(*envelope, ring->openContext(m_task));
    if (!op) return op.error();
    if (op->id.author != m_user)
      return makeError(ErrorCode::kForbidden, "op " + envelope->address.opId + " is not yours to seal again");
    ops.push_back(std::move(*op));
  }
  const sync::SealTarget target{ring->project, m_task, ring->currentEpoch};
  nlohmann::json out = nlohmann::json::array();
  for (const annot::Op& op : ops)
    out.push_back(sync::envelopeToJson(sync::sealAnnotationOp(op, target, **key, m_keys->signing)));
  m_ring = std::move(*ring);
  m_error.clear();
  return out;
}

Result<nlohmann::json> SyncLink::membersJson(const nlohmann::json& keyStatus) const {
  if (auto s = checkKnown(keyStatus); !s) return s.error();
  nlohmann::json list = nlohmann::json::array();
  for (const sync::MemberKeys& m : sync::memberKeys(keyStatus))
    list.push_back({{"user", m.name}, {"fingerprint", m.fingerprint}, {"holds_current", m.holdsCurrent}});
  return list;
}

Result<nlohmann::json> SyncLink::confirmMembers(const nlohmann::json& keyStatus, const std::vector<std::string>& names,
                                                bool pastEpochs) const {
  auto ring = myRing(keyStatus);
  if (!ring) return ring.error();
  if (!ring->held.count(ring->currentEpoch))
    return makeError(ErrorCode::kForbidden, "forbidden: you do not hold the project's current key");
  std::vector<sync::MemberKeys> chosen = sync::waitingMembers(keyStatus);
  std::erase_if(chosen, [&](const sync::MemberKeys& m) { return std::find(names.begin(), names.end(), m.name) == names.end(); });
  if (chosen.size() != names.size())
    return makeError(ErrorCode::kInvalidArgument, "only members waiting for the key, with published keys, can be confirmed");
  nlohmann::json confirmed = nlohmann::json::array();
  for (const sync::MemberKeys& m : chosen) confirmed.push_back({{"user", m.name}, {"fingerprint", m.fingerprint}});
  return nlohmann::json{{"confirmed", confirmed},
                        {"requests", sync::confirmationWraps(*ring, chosen, m_keys->signing, pastEpochs)}};
}

Result<nlohmann::json> SyncLink::rotationRequest(const nlohmann::json& keyStatus) const {
  auto ring = myRing(keyStatus);
  if (!ring) return ring.error();
  return sync::rotationRequest(*ring, keyStatus, m_user, *m_keys);
}

Result<nlohmann::json> SyncLink::signClientEvent(const nlohmann::json& event) const {
  if (!m_keys) return makeError(ErrorCode::kUnauthenticated, "sign in to unlock your keys: events are signed with them");
  if (!event.is_object()) return makeError(ErrorCode::kInvalidArgument, "an event is a JSON object");
  auto e = audit::signClientEvent(m_user, textField(event, "action"), textField(event, "resource", "local"),
                                  event.contains("detail") ? event["detail"] : nlohmann::json::object(),
                                  textField(event, "time"), m_keys->signing);
  if (!e) return e.error();
  return audit::clientEventToJson(*e);
}

Result<std::vector<std::uint8_t>> SyncLink::openRelayedImage(const nlohmann::json& reply,
                                                             const std::string& name) const {
  if (!m_bound) return makeError(ErrorCode::kConflict, "open a task first");
  return sync::openRelayedImage(reply, name, m_ring.openContext(m_task));
}

nlohmann::json SyncLink::stateJson() const {
  return {{"unlocked", unlocked()}, {"user", m_user},     {"bound", m_bound},       {"task", m_task},
          {"image_id", m_imageId},  {"project", m_ring.project}, {"epoch", m_ring.currentEpoch},
          {"last_seq", m_lastSeq},  {"sealed", m_sealed}, {"acknowledged", m_acknowledged},
          {"received", m_received}, {"error", m_error}, {"refused", m_refused},
          {"last_refused", m_lastRefused ? sync::refusedOpToJson(*m_lastRefused) : nlohmann::json()}};
}

}  // namespace limn::app
