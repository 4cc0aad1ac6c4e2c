// The server's append-only audit log: entries in the database (the one
// source of truth, shared by every server process), each signed with the
// server's Ed25519 key, hashed into an RFC 6962 Merkle tree whose signed
// checkpoints and proofs clients verify. No code path deletes or updates
// an entry.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "shared/audit/audit_entry.h"
#include "shared/audit/audit_export.h"
#include "sync-server/store/database.h"

namespace limn::server {

class AuditLog {
 public:
  // Loads (or creates, mode 0600) the signing key at `keyFile`.
  static Result<std::unique_ptr<AuditLog>> open(Database& db, const std::string& keyFile);

  // Appends inside the caller's transaction `tx`, so the event commits or
  // rolls back with the change it records. Returns the entry's seq.
  Result<std::uint64_t> append(Database& tx, const audit::AuditEvent& event);
  // Appends in a transaction of its own (reads, denials, failures).
  Result<std::uint64_t> appendAlone(const audit::AuditEvent& event);

  Result<audit::Checkpoint> checkpoint();
  Result<std::vector<audit::ExportedEntry>> entries(std::uint64_t from, std::uint64_t to);
  Result<std::vector<audit::Hash>> inclusionProof(std::uint64_t index, std::uint64_t size);
  Result<std::vector<audit::Hash>> consistencyProof(std::uint64_t oldSize, std::uint64_t newSize);
  const crypto::SigningPublicKey& publicKey() const { return m_keys.publicKey; }
  // A secret for another purpose, derived from the server key (so every
  // process sharing the key derives the same one).
  void deriveSecret(std::string_view purpose, std::span<std::uint8_t, 32> out) const;
  std::uint64_t appended() const;  // entries written by this process (for /metrics)

 private:
  AuditLog(Database& db, crypto::SigningKeyPair keys) : m_db(db), m_keys(std::move(keys)) {}
  // Brings the in-memory leaf hashes up to the committed rows.
  Status catchUp();

  Database& m_db;
  crypto::SigningKeyPair m_keys;
  mutable std::mutex m_mutex;
  std::vector<audit::Hash> m_leaves;  // for proofs
  audit::MerkleAccumulator m_tree;     // the same leaves: the root in O(log n) per checkpoint
  std::uint64_t m_appended = 0;
};

using audit::auditTimeNow;

}  // namespace limn::server
