#include "sync-server/store/key_records.h"

namespace limn::server {

Result<std::int64_t> currentEpoch(Database& db, std::int64_t projectId) {
  auto rows = db.query("SELECT COALESCE(MAX(epoch), 0) FROM key_epochs WHERE project_id = ?", {projectId});
  if (!rows) return rows.error();
  return firstInteger(*rows).value_or(0);
}

Status insertEpoch(Database& tx, std::int64_t projectId, std::int64_t epoch, std::int64_t createdBy, std::int64_t now) {
  auto r = tx.query("INSERT INTO key_epochs(project_id, epoch, created_by, created_at) VALUES (?, ?, ?, ?)",
                    {projectId, epoch, createdBy, now});
  if (!r) {
    if (r.error().code == ErrorCode::kAlreadyExists)
      return makeError(ErrorCode::kConflict, "key epoch " + std::to_string(epoch) + " was just made by someone else");
    return r.error();
  }
  return okStatus();
}

Status insertWrap(Database& tx, std::int64_t projectId, const StoredWrap& w, std::int64_t now) {
  return asStatus(tx.query(
      "INSERT INTO key_wraps(project_id, epoch, recipient, wrapped_by, sealed, signature, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, epoch, recipient) DO NOTHING",
      {projectId, w.epoch, w.recipientId, w.wrappedById, w.sealed, w.signature, now}));
}

Result<std::vector<StoredWrap>> wrapsFor(Database& db, std::int64_t projectId, std::int64_t recipientId) {
  auto rows = db.query(
      "SELECT w.epoch, w.recipient, w.wrapped_by, u.name, w.sealed, w.signature FROM key_wraps w"
      " JOIN users u ON u.id = w.wrapped_by WHERE w.project_id = ? AND w.recipient = ? ORDER BY w.epoch",
      {projectId, recipientId});
  if (!rows) return rows.error();
  std::vector<StoredWrap> out;
  for (const SqlRow& r : *rows)
    out.push_back({r.integer(0), r.integer(1), r.integer(2), r.text(3), r.blob(4), r.blob(5)});
  return out;
}

Result<bool> epochIsStale(Database& db, std::int64_t projectId, std::int64_t epoch) {
  auto rows = db.query("SELECT COUNT(*) FROM member_removals WHERE project_id = ? AND epoch_at_removal >= ?",
                       {projectId, epoch});
  if (!rows) return rows.error();
  return firstInteger(*rows).value_or(0) > 0;
}

Result<std::set<std::int64_t>> holdersOf(Database& db, std::int64_t projectId, std::int64_t epoch) {
  auto rows = db.query("SELECT recipient FROM key_wraps WHERE project_id = ? AND epoch = ?", {projectId, epoch});
  if (!rows) return rows.error();
  std::set<std::int64_t> out;
  for (const SqlRow& r : *rows) out.insert(r.integer(0));
  return out;
}

}  // namespace limn::server
