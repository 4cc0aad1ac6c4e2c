#include "sync-server/store/blob_records.h"

namespace limn::server {

Result<bool> insertBlob(Database& tx, std::int64_t taskId, const StoredBlob& b, std::int64_t now) {
  auto existing = tx.query("SELECT author FROM blobs WHERE task_id = ? AND name = ?", {taskId, b.name});
  if (!existing) return existing.error();
  if (!existing->empty()) {
    if (existing->front().integer(0) != b.authorId)
      return makeError(ErrorCode::kConflict, "blob " + b.name + " is already taken by another author");
    return false;
  }
  auto r = tx.query(
      "INSERT INTO blobs(task_id, name, epoch, author, author_key, ciphertext, signature, received_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {taskId, b.name, b.epoch, b.authorId, b.authorKey, b.ciphertext, b.signature, now});
  if (!r) return r.error();
  return true;
}

Result<std::vector<StoredBlob>> listBlobs(Database& db, std::int64_t taskId) {
  auto rows = db.query(
      "SELECT b.name, b.epoch, b.author, u.name, b.received_at, length(b.ciphertext) FROM blobs b"
      " JOIN users u ON u.id = b.author WHERE b.task_id = ? ORDER BY b.name",
      {taskId});
  if (!rows) return rows.error();
  std::vector<StoredBlob> out;
  for (const SqlRow& r : *rows)
    out.push_back({r.text(0), r.integer(1), r.integer(2), r.text(3), {}, {}, {}, r.integer(4), r.integer(5)});
  return out;
}

Result<std::optional<StoredBlob>> findBlob(Database& db, std::int64_t taskId, const std::string& name) {
  return optionalRow<StoredBlob>(
      db.query("SELECT b.name, b.epoch, b.author, u.name, b.author_key, b.ciphertext, b.signature, b.received_at"
               " FROM blobs b JOIN users u ON u.id = b.author WHERE b.task_id = ? AND b.name = ?",
               {taskId, name}),
      [](const SqlRow& r) {
        StoredBlob b{r.text(0), r.integer(1), r.integer(2), r.text(3), r.blob(4), r.blob(5), r.blob(6), r.integer(7), 0};
        b.size = static_cast<std::int64_t>(b.ciphertext.size());
        return b;
      });
}

}  // namespace limn::server
