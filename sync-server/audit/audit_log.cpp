#include "sync-server/audit/audit_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "shared/crypto/keyed_hash.h"
#include "shared/crypto/random.h"
#include "shared/io/file_bytes.h"

namespace limn::server {

namespace {

constexpr std::int64_t kAuditLockKey = 0x61756474;  // 'audt'

Result<crypto::SigningKeyPair> loadOrCreateKey(const std::string& path) {
  std::array<std::uint8_t, crypto::kSigningSeedBytes> seed{};
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    auto bytes = io::readFileBytes(path);
    if (!bytes) return makeError(bytes.error().code, "audit signing key: " + bytes.error().message);
    if (bytes->size() != seed.size())
      return makeError(ErrorCode::kInvalidArgument, "audit signing key " + path + " is not " +
                                                        std::to_string(seed.size()) + " bytes");
    std::copy(bytes->begin(), bytes->end(), seed.begin());
    return crypto::signingKeyPairFromSeed(seed);
  }
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  crypto::randomBytes(seed);
  // O_EXCL: two processes starting together cannot both create a key.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return loadOrCreateKey(path);
    return makeError(ErrorCode::kIoError, "cannot create audit signing key " + path);
  }
  const bool written = ::write(fd, seed.data(), seed.size()) == static_cast<ssize_t>(seed.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return makeError(ErrorCode::kIoError, "cannot write audit signing key " + path);
  return crypto::signingKeyPairFromSeed(seed);
}

audit::Hash hashFromBlob(const Blob& b) {
  audit::Hash h{};
  std::copy_n(b.begin(), std::min(b.size(), h.size()), h.begin());
  return h;
}

}  // namespace

Result<std::unique_ptr<AuditLog>> AuditLog::open(Database& db, const std::string& keyFile) {
  auto keys = loadOrCreateKey(keyFile);
  if (!keys) return keys.error();
  std::unique_ptr<AuditLog> log(new AuditLog(db, std::move(*keys)));
  if (auto s = log->catchUp(); !s) return s.error();
  return log;
}

Result<std::uint64_t> AuditLog::append(Database& tx, const audit::AuditEvent& event) {
  if (tx.dialect() == Dialect::kPostgres) {
    // One appender at a time across processes, until this transaction ends.
    if (auto r = tx.query("SELECT pg_advisory_xact_lock(?)", {kAuditLockKey}); !r) return r.error();
  }
  auto next = tx.query("SELECT COALESCE(MAX(seq) + 1, 0) FROM audit_log");
  if (!next) return next.error();
  const auto seq = static_cast<std::uint64_t>(firstInteger(*next).value_or(0));
  const std::string entry = audit::encodeEntry(seq, event);
  const audit::Hash leaf = audit::leafHash({reinterpret_cast<const std::uint8_t*>(entry.data()), entry.size()});
  const crypto::Signature sig = crypto::sign(m_keys.secretKey, audit::entrySigningMessage(seq, leaf));
  auto r = tx.query("INSERT INTO audit_log(seq, entry, leaf_hash, signature) VALUES (?, ?, ?, ?)",
                    {static_cast<std::int64_t>(seq), Blob(entry.begin(), entry.end()), Blob(leaf.begin(), leaf.end()),
                     Blob(sig.begin(), sig.end())});
  if (!r) return r.error();
  std::lock_guard lock(m_mutex);
  ++m_appended;
  return seq;
}

Result<std::uint64_t> AuditLog::appendAlone(const audit::AuditEvent& event) {
  std::uint64_t seq = 0;
  Status s = m_db.transaction([&](Database& tx) -> Status {
    auto r = append(tx, event);
    if (!r) return r.error();
    seq = *r;
    return okStatus();
  });
  if (!s) return s.error();
  return seq;
}

void AuditLog::deriveSecret(std::string_view purpose, std::span<std::uint8_t, 32> out) const {
  crypto::genericHash(m_keys.secretKey.bytes().first<crypto::kSigningSeedBytes>(), purpose, out);
}

std::uint64_t AuditLog::appended() const {
  std::lock_guard lock(m_mutex);
  return m_appended;
}

Status AuditLog::catchUp() {
  auto rows = m_db.query("SELECT seq, leaf_hash FROM audit_log WHERE seq >= ? ORDER BY seq",
                         {static_cast<std::int64_t>(m_leaves.size())});
  if (!rows) return rows.error();
  for (const SqlRow& r : *rows) {
    if (static_cast<std::uint64_t>(r.integer(0)) != m_leaves.size())
      return makeError(ErrorCode::kInternal, "audit log has a gap at seq " + std::to_string(m_leaves.size()));
    m_leaves.push_back(hashFromBlob(r.blob(1)));
    m_tree.append(m_leaves.back());
  }
  return okStatus();
}

Result<audit::Checkpoint> AuditLog::checkpoint() {
  std::lock_guard lock(m_mutex);
  if (auto s = catchUp(); !s) return s.error();
  audit::Checkpoint c;
  c.size = m_tree.size();
  c.root = m_tree.root();
  c.time = auditTimeNow();
  c.signature = crypto::sign(m_keys.secretKey, audit::checkpointSigningMessage(c.size, c.root, c.time));
  return c;
}

Result<std::vector<audit::ExportedEntry>> AuditLog::entries(std::uint64_t from, std::uint64_t to) {
  auto rows = m_db.query("SELECT seq, entry, signature FROM audit_log WHERE seq >= ? AND seq < ? ORDER BY seq",
                         {static_cast<std::int64_t>(from), static_cast<std::int64_t>(to)});
  if (!rows) return rows.error();
  std::vector<audit::ExportedEntry> out;
  out.reserve(rows->size());
  for (const SqlRow& r : *rows) {
    audit::ExportedEntry e;
    e.seq = static_cast<std::uint64_t>(r.integer(0));
    e.entry = r.text(1);
    const Blob sig = r.blob(2);
    std::copy_n(sig.begin(), std::min(sig.size(), e.signature.size()), e.signature.begin());
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<audit::Hash>> AuditLog::inclusionProof(std::uint64_t index, std::uint64_t size) {
  std::lock_guard lock(m_mutex);
  if (auto s = catchUp(); !s) return s.error();
  if (size > m_leaves.size() || index >= size)
    return makeError(ErrorCode::kInvalidArgument, "index and size must satisfy index < size <= log size");
  return audit::inclusionProof(std::span<const audit::Hash>(m_leaves.data(), size), index);
}

Result<std::vector<audit::Hash>> AuditLog::consistencyProof(std::uint64_t oldSize, std::uint64_t newSize) {
  std::lock_guard lock(m_mutex);
  if (auto s = catchUp(); !s) return s.error();
  if (newSize > m_leaves.size() || oldSize > newSize)
    return makeError(ErrorCode::kInvalidArgument, "sizes must satisfy old <= new <= log size");
  return audit::consistencyProof(std::span<const audit::Hash>(m_leaves.data(), newSize), oldSize);
}

}  // namespace limn::server
