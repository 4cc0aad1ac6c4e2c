#include "sync-server/store/op_records.h"

#include <map>

#include "shared/sync/op_envelope.h"
#include "shared/sync/op_lane.h"

namespace limn::server {

namespace {

// PostgreSQL: one writer per task at a time across server processes, so
// two processes cannot hand out the same seq (SQLite has one writer).
constexpr std::int64_t kOpLockBase = std::int64_t{0x6f707300} << 32;  // 'ops\0' << 32

Status lockTaskLog(Database& tx, std::int64_t taskId) {
  if (tx.dialect() != Dialect::kPostgres) return okStatus();
  return asStatus(tx.query("SELECT pg_advisory_xact_lock(?)", {kOpLockBase + taskId}));
}

StoredOp opFromRow(const SqlRow& r) {
  return {r.integer(0), r.text(1), r.integer(2), r.integer(3), r.text(4), r.blob(5), r.blob(6), r.blob(7), r.integer(8)};
}

// The counter of the last op `authorId` added to the task's log in `lane`
// (0 for none).
Result<std::uint64_t> lastCounterOf(Database& db, std::int64_t taskId, std::int64_t authorId, std::uint64_t lane) {
  auto rows = db.query("SELECT op_id FROM ops WHERE task_id = ? AND author = ? AND lane = ? ORDER BY seq DESC LIMIT 1",
                       {taskId, authorId, static_cast<std::int64_t>(lane)});
  if (!rows) return rows.error();
  if (rows->empty()) return std::uint64_t{0};
  const auto id = sync::parseOpId(rows->front().text(0));
  return id ? id->counter : 0;
}

}  // namespace

Result<std::int64_t> lastOpSeq(Database& db, std::int64_t taskId) {
  auto rows = db.query("SELECT COALESCE(MAX(seq), 0) FROM ops WHERE task_id = ?", {taskId});
  if (!rows) return rows.error();
  return firstInteger(*rows).value_or(0);
}

Result<std::vector<OpAck>> appendOps(Database& tx, std::int64_t taskId, const std::vector<StoredOp>& ops,
                                     std::int64_t now) {
  if (auto s = lockTaskLog(tx, taskId); !s) return s.error();
  auto last = lastOpSeq(tx, taskId);
  if (!last) return last.error();
  std::int64_t seq = *last;
  std::vector<OpAck> acks;
  acks.reserve(ops.size());
  std::map<std::pair<std::int64_t, std::uint64_t>, std::uint64_t> lastCounter;  // (author, lane) -> last counter
  for (const StoredOp& op : ops) {
    auto existing = tx.query("SELECT seq, author FROM ops WHERE task_id = ? AND op_id = ?", {taskId, op.opId});
    if (!existing) return existing.error();
    if (!existing->empty()) {
      if (existing->front().integer(1) != op.authorId)
        return makeError(ErrorCode::kConflict, "op id " + op.opId + " is already taken by another author");
      acks.push_back({op.opId, existing->front().integer(0), true});
      continue;
    }
    const auto id = sync::parseOpId(op.opId);
    if (!id) return makeError(ErrorCode::kInvalidArgument, "op id " + op.opId + " is not AUTHOR#COUNTER");
    const std::uint64_t lane = sync::opLane(id->counter);
    auto known = lastCounter.find({op.authorId, lane});
    if (known == lastCounter.end()) {
      auto counter = lastCounterOf(tx, taskId, op.authorId, lane);
      if (!counter) return counter.error();
      known = lastCounter.emplace(std::pair{op.authorId, lane}, *counter).first;
    }
    if (id->counter <= known->second)
      return makeError(ErrorCode::kConflict, "op " + op.opId + " comes after " + op.authorName + "'s op #" +
                                                 std::to_string(known->second) +
                                                 " (the same editing session) in this task's log: push each "
                                                 "session's ops in the order made");
    known->second = id->counter;
    ++seq;
    auto r = tx.query(
        "INSERT INTO ops(task_id, seq, op_id, epoch, author, lane, author_key, ciphertext, signature, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {taskId, seq, op.opId, op.epoch, op.authorId, static_cast<std::int64_t>(lane), op.authorKey, op.ciphertext,
         op.signature, now});
    if (!r) return r.error();
    acks.push_back({op.opId, seq, false});
  }
  return acks;
}

Result<std::vector<StoredOp>> opsAfter(Database& db, std::int64_t taskId, std::int64_t afterSeq, std::int64_t limit) {
  auto rows = db.query(
      "SELECT o.seq, o.op_id, o.epoch, o.author, u.name, o.author_key, o.ciphertext, o.signature, o.received_at"
      " FROM ops o JOIN users u ON u.id = o.author WHERE o.task_id = ? AND o.seq > ? ORDER BY o.seq LIMIT ?",
      {taskId, afterSeq, limit});
  if (!rows) return rows.error();
  std::vector<StoredOp> out;
  out.reserve(rows->size());
  for (const SqlRow& r : *rows) out.push_back(opFromRow(r));
  return out;
}

}  // namespace limn::server
