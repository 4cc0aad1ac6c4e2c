// One audit log entry and the bytes that get hashed and signed. The server
// writes entries; clients and `limn audit verify` check them. An entry says
// who did what to which resource, when, from where, and how it ended; it
// never holds PHI, annotation content or secrets.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/audit/merkle_tree.h"
#include "shared/crypto/signing.h"

namespace limn::audit {

inline constexpr const char* kEntryFormat = "limn-audit-entry-v1";
inline constexpr const char* kCheckpointFormat = "limn-audit-checkpoint-v1";

struct AuditEvent {
  std::string time;      // ISO 8601 UTC, milliseconds
  std::string actor;     // user name, "-" when unauthenticated
  std::string action;    // e.g. "auth.login", "task.assign", "client.export"
  std::string resource;  // e.g. "project:3", "task:17", "user:alice"
  std::string address;   // the client's address as the server saw it
  std::string outcome;   // "ok", "denied", "failed"
  nlohmann::json detail = nlohmann::json::object();  // ids and counts only
};

// ISO 8601 UTC with milliseconds, for entries, checkpoints and client events.
std::string auditTimeNow();

// The entry's canonical bytes: compact JSON with sorted keys, seq inside.
std::string encodeEntry(std::uint64_t seq, const AuditEvent& event);

// What the server signs for entry `seq` (so each entry carries its own
// proof of origin and position) and for a checkpoint of the tree.
std::vector<std::uint8_t> entrySigningMessage(std::uint64_t seq, const Hash& leaf);
std::vector<std::uint8_t> checkpointSigningMessage(std::uint64_t size, const Hash& root, const std::string& time);

struct Checkpoint {
  std::uint64_t size = 0;
  Hash root{};
  std::string time;
  crypto::Signature signature{};
};

nlohmann::json checkpointToJson(const Checkpoint& c);
// Reads the fields; does not check the signature.
bool checkpointFromJson(const nlohmann::json& j, Checkpoint& out);
[[nodiscard]] bool verifyCheckpoint(const Checkpoint& c, const crypto::SigningPublicKey& key);

}  // namespace limn::audit
