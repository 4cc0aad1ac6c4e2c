#include "sync-server/store/session_records.h"

namespace limn::server {

Status insertSession(Database& db, const SessionRecord& s) {
  return asStatus(db.query(
      "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen, mfa, address)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)",
      {s.tokenHash, s.userId, s.csrfToken, s.createdAt, s.lastSeen, std::int64_t{s.mfa ? 1 : 0}, s.address}));
}

Result<std::optional<SessionRecord>> findSession(Database& db, const Blob& tokenHash) {
  return optionalRow<SessionRecord>(
      db.query("SELECT token_hash, user_id, csrf_token, created_at, last_seen, mfa, address FROM sessions"
               " WHERE token_hash = ?",
               {tokenHash}),
      [](const SqlRow& r) {
        return SessionRecord{r.blob(0), r.integer(1), r.text(2), r.integer(3), r.integer(4), r.integer(5) != 0, r.text(6)};
      });
}

Status touchSession(Database& db, const Blob& tokenHash, std::int64_t now) {
  return asStatus(db.query("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", {now, tokenHash}));
}

Status deleteSession(Database& db, const Blob& tokenHash) {
  return asStatus(db.query("DELETE FROM sessions WHERE token_hash = ?", {tokenHash}));
}

Result<std::int64_t> deleteSessionsOf(Database& db, std::int64_t userId) {
  auto rows = db.query("DELETE FROM sessions WHERE user_id = ? RETURNING user_id", {userId});
  if (!rows) return rows.error();
  return static_cast<std::int64_t>(rows->size());
}

}  // namespace limn::server
