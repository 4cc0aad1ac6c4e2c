// A page of a task's op log as the server sends it, checked before any of
// it is used: sequence numbers follow on from the cursor without gaps, no
// op comes twice, each author's ops come in the order they were made
// (clients push them so), and every envelope opens (addressed to this task,
// signed by a member, decrypted under an epoch key held). What a server
// could have done (a gap, a reorder, a replay, a changed or moved envelope)
// refuses the whole page, so a client never applies part of a tampered
// batch, as does an op that does not decrypt (the epoch key held may be a
// bad one) or one of a newer Limn. An op that decrypts to something that
// is not a valid op (or is another op) can only be its signer's doing: it
// is refused alone and named, every reader refuses the same op, so they
// still agree, and one member cannot stop a task's sync with it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "client/core/annot/op.h"
#include "shared/sync/op_envelope.h"

namespace limn::sync {

struct PulledOp {
  std::int64_t seq = 0;
  std::string author;  // the server's name for the signer (checked by key, not by name)
  std::int64_t receivedAt = 0;
  annot::Op op;
};

// An op left out because its signer sealed an invalid one (kAuthorFault).
struct RefusedOp {
  std::int64_t seq = 0;
  std::string opId;
  std::string author;  // the member whose key signed it
  std::string reason;
};

// {"seq", "op", "author", "reason"}
nlohmann::json refusedOpToJson(const RefusedOp& refused);

struct PulledPage {
  std::vector<PulledOp> ops;
  std::vector<RefusedOp> refused;
  std::int64_t lastSeq = 0;  // the cursor for the next pull
  bool more = false;
};

// What a client has accepted of one task's log so far.
struct AcceptedOps {
  std::set<std::string> opIds;
  // The last counter per author and lane (shared/sync/op_lane.h): each
  // editing session's ops arrive in the order made.
  std::map<std::pair<std::string, std::uint64_t>, std::uint64_t> lastCounter;
};

// `reply` is GET /api/v1/tasks/{id}/ops?after=`after`; `accepted` is what
// earlier pages gave, and gains this page's ops only if all of them pass.
Result<PulledPage> openPulledPage(const nlohmann::json& reply, std::int64_t after, const OpenContext& context,
                                  AcceptedOps& accepted);

}  // namespace limn::sync
