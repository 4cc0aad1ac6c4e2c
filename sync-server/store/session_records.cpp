#include "sync-server/store/session_records.h"

namespace limn::server {

namespace {
Status done(const Result<SqlRows>& r) {
  if (!r) return r.error();
  return okStatus();
}
}  // namespace

Status insertSession(Database& db, const SessionRecord& s) {
  return done(db.query(
      "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen, mfa, address)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)",
      {s.tokenHash, s.userId, s.csrfToken, s.createdAt, s.lastSeen, std::int64_t{s.mfa ? 1 : 0}, s.address}));
}

Result<std::optional<SessionRecord>> findSession(Database& db, const Blob& tokenHash) {
  auto rows = db.query(
      "SELECT token_hash, user_id, csrf_token, created_at, last_seen, mfa, address FROM sessions WHERE token_hash = ?",
      {tokenHash});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<SessionRecord>();
  const SqlRow& r = rows->front();
  return std::optional<SessionRecord>(
      SessionRecord{r.blob(0), r.integer(1), r.text(2), r.integer(3), r.integer(4), r.integer(5) != 0, r.text(6)});
}

Status touchSession(Database& db, const Blob& tokenHash, std::int64_t now) {
  return done(db.query("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", {now, tokenHash}));
}

Status deleteSession(Database& db, const Blob& tokenHash) {
  return done(db.query("DELETE FROM sessions WHERE token_hash = ?", {tokenHash}));
}

Result<std::int64_t> deleteSessionsOf(Database& db, std::int64_t userId) {
  auto rows = db.query("DELETE FROM sessions WHERE user_id = ? RETURNING user_id", {userId});
  if (!rows) return rows.error();
  return static_cast<std::int64_t>(rows->size());
}

Status deleteSessionsOlderThan(Database& db, std::int64_t createdBefore, std::int64_t idleBefore) {
  return done(db.query("DELETE FROM sessions WHERE created_at < ? OR last_seen < ?", {createdBefore, idleBefore}));
}

}  // namespace limn::server
