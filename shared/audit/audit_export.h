// The audit export file (`limn audit export`) and its verification
// (`limn audit verify`): every entry with its server signature, the signed
// checkpoint over all of them, and the server's public key. Verification
// says which entries were modified, deleted, inserted or reordered, and
// whether the file was truncated, against the key the client trusts and the
// last checkpoint it saw.
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
  std::string kind;  // modified, deleted, inserted, reordered, truncated, checkpoint, key, rewritten, format
  std::optional<std::uint64_t> seq;
  std::string message;
};

struct VerifyReport {
  std::uint64_t entries = 0;
  std::uint64_t checkpointSize = 0;
  std::vector<Finding> findings;
  bool ok() const { return findings.empty(); }
  nlohmann::json toJson() const;
};

nlohmann::json makeExport(const std::string& server, const crypto::SigningPublicKey& key, const Checkpoint& checkpoint,
                          const std::vector<ExportedEntry>& entries);

VerifyReport verifyExport(const nlohmann::json& doc, const TrustAnchor& anchor);

}  // namespace limn::audit
