// An event only a client sees (it opened an image, ran de-identification,
// saved a file, ran a model), stated and signed by the person with the
// Ed25519 key their ops are signed with. The server checks the signature
// against the key it holds for the caller and records the signed statement
// in its audit log as it came, so the log holds the person's own words: the
// server can record or refuse such an event but cannot invent or alter one,
// and `limn audit verify` checks every one again.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "shared/crypto/signing.h"
#include "shared/error/result.h"

namespace limn::audit {

inline constexpr const char* kClientEventFormat = "limn-client-event-v1";
inline constexpr const char* kClientActionPrefix = "client.";  // the audit entry's action: prefix + action
inline constexpr std::size_t kClientEventIdBytes = 16;         // random: the server refuses an id twice
inline constexpr std::size_t kMaxClientActionChars = 64;
inline constexpr std::size_t kMaxClientResourceChars = 128;
inline constexpr std::size_t kMaxClientDetailBytes = 1024;    // counts and ids, never content
inline constexpr std::size_t kMaxClientTimeChars = 40;
inline constexpr std::size_t kMaxClientEventsPerRequest = 100;  // POST /api/v1/audit/events
// The detail field of an account's creation entry (invitation.accept,
// admin.create) that holds its public signing key, in hex: verification
// binds each client event to the key its person registered in the log.
inline constexpr const char* kSigningKeyField = "signing_key";

struct ClientEvent {
  std::string user;      // who states it; the server requires the caller
  std::string action;    // lower-case words such as image.open
  std::string resource;  // e.g. "local", "task:17"
  nlohmann::json detail = nlohmann::json::object();
  std::string time;  // the client's clock, ISO 8601 UTC
  std::string id;    // 2 * kClientEventIdBytes hex digits
  crypto::SigningPublicKey key{};
  crypto::Signature signature{};
};

// Checks the fields a person may choose (action, resource, detail, time)
// and signs a new event with a fresh random id.
Result<ClientEvent> signClientEvent(const std::string& user, const std::string& action, const std::string& resource,
                                    const nlohmann::json& detail, const std::string& time,
                                    const crypto::SigningKeyPair& keys);
// Whether `event.signature` is `event.key`'s over all the other fields.
[[nodiscard]] bool clientEventSignatureHolds(const ClientEvent& event);

// Whether an audit entry's action is a client event's ("client." + action).
bool isClientEventAction(std::string_view auditAction);
// Whether an audit entry's action makes an account (and so registers its key).
bool isAccountCreationAction(std::string_view auditAction);

nlohmann::json clientEventToJson(const ClientEvent& event);
// Reads and checks the shape of every field; does not check the signature.
Result<ClientEvent> clientEventFromJson(const nlohmann::json& j);

}  // namespace limn::audit
