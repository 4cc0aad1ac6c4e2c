// The audit export file (`limn audit export`) and its verification
// (`limn audit verify`): every entry with its server signature, the signed
// checkpoint over all of them, and the server's public key. Verification
// says which entries were modified, deleted, inserted or reordered, and
// whether the file was truncated, against the key the client trusts and the
// last checkpoint it saw; and that each client event holds the person's
// signed statement (shared/audit/client_event.h).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "shared/audit/audit_entry.h"
#include "shared/audit/trust_anchor.h"

namespace limn::audit {

inline constexpr const char* kExportFormat = "limn-audit-export";
inline constexpr int kExportVersion = 1;

struct ExportedEntry {
  std::uint64_t seq = 0;
  std::string entry;  // the exact bytes that were hashed
  crypto::Signature signature{};
};

struct Finding {
  std::string kind;  // modified, deleted, inserted, reordered, truncated, checkpoint, key, rewritten, format,
                    // client_event
  std::optional<std::uint64_t> seq;
  std::string message;
};

struct VerifyReport {
  std::uint64_t entries = 0;
  std::uint64_t checkpointSize = 0;
  std::uint64_t clientEvents = 0;  // entries holding a client's signed event that verified
  std::vector<Finding> findings;
  bool ok() const { return findings.empty(); }
  nlohmann::json toJson() const;
};

nlohmann::json makeExport(const std::string& server, const crypto::SigningPublicKey& key, const Checkpoint& checkpoint,
                          const std::vector<ExportedEntry>& entries);

// Whether an export older than the newest checkpoint the client saw is
// acceptable. By default it is reported as truncated: a current log cut
// back to an older genuine checkpoint looks exactly like an old export.
enum class OlderExport { kRefuse, kCheckOnItsOwn };

// Checks `doc` against `anchor`. Without a pinned server key the file's own
// key cannot be trusted (anyone can re-sign a log with a fresh key): that is
// a `key` finding, and the entries are still checked against the file's key.
VerifyReport verifyExport(const nlohmann::json& doc, const TrustAnchor& anchor,
                          OlderExport older = OlderExport::kRefuse);

}  // namespace limn::audit
