#include "shared/audit/client_event.h"

#include "shared/crypto/random.h"
#include "shared/crypto/sha256.h"
#include "shared/encoding/hex.h"
#include "shared/encoding/json_fields.h"

namespace limn::audit {

namespace {

// What is signed: every field but the signature, as canonical JSON
// (nlohmann::json keeps object keys sorted), under the format's name.
std::vector<std::uint8_t> signingMessage(const ClientEvent& e) {
  const nlohmann::json j = {{"format", kClientEventFormat}, {"user", e.user},         {"action", e.action},
                            {"resource", e.resource},        {"detail", e.detail},     {"time", e.time},
                            {"id", e.id},                    {"key", crypto::toHex(e.key)}};
  const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return {text.begin(), text.end()};
}

Status checkChosenFields(const std::string& action, const std::string& resource, const nlohmann::json& detail,
                         const std::string& time) {
  if (action.empty() || action.size() > kMaxClientActionChars ||
      action.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.") != std::string::npos)
    return makeError(ErrorCode::kInvalidArgument, "event actions are lower-case words such as image.open");
  if (resource.empty() || resource.size() > kMaxClientResourceChars)
    return makeError(ErrorCode::kInvalidArgument, "an event's resource is 1-128 characters");
  if (!detail.is_object() || detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size() >
                                 kMaxClientDetailBytes)
    return makeError(ErrorCode::kInvalidArgument, "an event's detail is an object of at most 1 KiB");
  if (time.empty() || time.size() > kMaxClientTimeChars)
    return makeError(ErrorCode::kInvalidArgument, "an event's time is an ISO 8601 time");
  return okStatus();
}

}  // namespace

Result<ClientEvent> signClientEvent(const std::string& user, const std::string& action, const std::string& resource,
                                    const nlohmann::json& detail, const std::string& time,
                                    const crypto::SigningKeyPair& keys) {
  if (auto s = checkChosenFields(action, resource, detail, time); !s) return s.error();
  if (user.empty()) return makeError(ErrorCode::kInvalidArgument, "an event needs the person who states it");
  ClientEvent e{user, action, resource, detail, time, {}, keys.publicKey, {}};
  std::array<std::uint8_t, kClientEventIdBytes> id{};
  crypto::randomBytes(id);
  e.id = crypto::toHex(id);
  e.signature = crypto::sign(keys.secretKey, signingMessage(e));
  return e;
}

bool clientEventSignatureHolds(const ClientEvent& e) {
  return crypto::verifySignature(e.key, signingMessage(e), e.signature);
}

bool isClientEventAction(std::string_view auditAction) {
  return auditAction.substr(0, std::string_view(kClientActionPrefix).size()) == kClientActionPrefix;
}

bool isAccountCreationAction(std::string_view auditAction) {
  return auditAction == "invitation.accept" || auditAction == "admin.create";
}

nlohmann::json clientEventToJson(const ClientEvent& e) {
  return {{"format", kClientEventFormat}, {"user", e.user}, {"action", e.action}, {"resource", e.resource},
          {"detail", e.detail},           {"time", e.time}, {"id", e.id},         {"key", crypto::toHex(e.key)},
          {"signature", crypto::toHex(e.signature)}};
}

Result<ClientEvent> clientEventFromJson(const nlohmann::json& j) {
  auto text = [&](const char* name) { return textField(j, name); };
  if (!j.is_object() || text("format") != kClientEventFormat)
    return makeError(ErrorCode::kInvalidArgument, std::string("an event must be signed (format ") +
                                                      kClientEventFormat + ")");
  ClientEvent e;
  e.user = text("user");
  e.action = text("action");
  e.resource = text("resource");
  e.detail = j.contains("detail") ? j["detail"] : nlohmann::json::object();
  e.time = text("time");
  e.id = text("id");
  if (auto s = checkChosenFields(e.action, e.resource, e.detail, e.time); !s) return s.error();
  std::array<std::uint8_t, kClientEventIdBytes> id{};
  if (e.user.empty() || !hexToBytes(e.id, id) || !hexToBytes(text("key"), e.key) ||
      !hexToBytes(text("signature"), e.signature))
    return makeError(ErrorCode::kInvalidArgument, "an event needs its user, id, key and signature");
  return e;
}

}  // namespace limn::audit
