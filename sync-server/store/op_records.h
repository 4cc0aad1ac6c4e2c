// The op log as stored rows: each task's envelopes in acknowledged order.
// The server holds ids, sequence numbers, key epochs, sizes, times,
// ciphertexts and signatures; it cannot open an op.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync-server/store/database.h"

namespace limn::server {

struct StoredOp {
  std::int64_t seq = 0;  // 1, 2, ... per task, gap-free
  std::string opId;
  std::int64_t epoch = 0;
  std::int64_t authorId = 0;
  std::string authorName;  // filled in by reads
  Blob authorKey;          // the Ed25519 public key that signed it
  Blob ciphertext;         // nonce || ciphertext || tag
  Blob signature;
  std::int64_t receivedAt = 0;
};

// What appending one op did: a new seq, or the seq it already had (the
// same author pushing the same op id again: acknowledged, not stored twice).
struct OpAck {
  std::string opId;
  std::int64_t seq = 0;
  bool duplicate = false;
};

// Appends `ops` (seq and receivedAt are assigned here) in the caller's
// transaction. An op id already taken by another author is a conflict, as
// is an op that does not count past its author's last op in the same lane
// (shared/sync/op_lane.h: one editing session's ops keep their order);
// then nothing of the batch is kept (the caller's transaction rolls back).
Result<std::vector<OpAck>> appendOps(Database& tx, std::int64_t taskId, const std::vector<StoredOp>& ops,
                                     std::int64_t now);
// Ops after `afterSeq`, oldest first, at most `limit`.
Result<std::vector<StoredOp>> opsAfter(Database& db, std::int64_t taskId, std::int64_t afterSeq, std::int64_t limit);
Result<std::int64_t> lastOpSeq(Database& db, std::int64_t taskId);

}  // namespace limn::server
