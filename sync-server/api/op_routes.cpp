// A task's op log: members who can see the task push batches of encrypted,
// signed ops (idempotent by op id) and pull them since a cursor, waiting
// up to 30 s for new ones (long poll). The server checks what it can
// without a key: the envelope's format version, that it is addressed to
// this project and task under the current key epoch, and that the caller
// signed it with their published key. It never sees an op's content.
// GET .../ops?after=SEQ&limit=N&wait=SECONDS&lane=L
#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "shared/cli/args.h"
#include "shared/sync/op_envelope.h"
#include "shared/sync/op_lane.h"
#include "sync-server/api/api_routes.h"
#include "sync-server/api/envelope_checks.h"
#include "sync-server/api/task_access.h"
#include "sync-server/store/op_records.h"

namespace limn::server {

namespace {

constexpr std::size_t kMaxBatch = 1000;
constexpr std::size_t kMaxOpCiphertext = 8u << 20;  // a large mask op; the request body limit is 64 MiB
constexpr std::int64_t kDefaultPullLimit = 1000;
constexpr std::int64_t kMaxPullLimit = 5000;
constexpr std::int64_t kMaxWaitSeconds = 30;

// The body's envelopes, each checked against what the server can know.
Result<std::vector<StoredOp>> checkedOps(Call& call, const TaskRecord& task, const ProjectAccess& access) {
  if (!call.body.contains("ops") || !call.body["ops"].is_array() || call.body["ops"].empty() ||
      call.body["ops"].size() > kMaxBatch)
    return makeError(ErrorCode::kInvalidArgument, "ops is a list of 1-1000 op envelopes");
  auto rules = envelopeRules(call, task, access, kMaxOpCiphertext);
  if (!rules) return rules.error();
  std::vector<StoredOp> out;
  out.reserve(call.body["ops"].size());
  for (const auto& j : call.body["ops"]) {
    auto e = checkedEnvelope(j, sync::EnvelopeKind::kOp, *rules);
    if (!e) return e.error();
    // An op's id names its maker; readers refuse one signed by anyone else.
    const auto id = sync::parseOpId(e->address.opId);
    if (!id || id->author != call.user().name)
      return makeError(ErrorCode::kForbidden, "op " + e->address.opId + ": forbidden: your ops are named " +
                                                  call.user().name + "#COUNTER");
    out.push_back({0, e->address.opId, e->address.epoch, call.user().userId, call.user().name,
                   Blob(e->author.begin(), e->author.end()), std::move(e->ciphertext),
                   Blob(e->signature.begin(), e->signature.end()), 0});
  }
  return out;
}

Result<nlohmann::json> pushOps(Call& call) {
  auto found = taskContentFor(call);
  if (!found) return found.error();
  const auto& [task, access] = *found;
  if (task.state == TaskState::kAccepted)
    return makeError(ErrorCode::kConflict, "the task is accepted; return it to change it");
  auto ops = checkedOps(call, task, access);
  if (!ops) return ops.error();
  std::vector<OpAck> acks;
  Status s = call.change([&](Database& tx) -> Status {
    auto r = appendOps(tx, task.id, *ops, call.now);
    if (!r) return r.error();
    acks = std::move(*r);
    const auto fresh = std::count_if(acks.begin(), acks.end(), [](const OpAck& a) { return !a.duplicate; });
    call.event.detail = {{"ops", acks.size()}, {"new", fresh}};
    for (const OpAck& a : acks)
      if (!a.duplicate) call.event.detail["last_seq"] = a.seq;
    return okStatus();
  });
  if (!s) return s.error();
  call.ctx.opNotifier.notify(task.id);
  nlohmann::json list = nlohmann::json::array();
  for (const OpAck& a : acks) list.push_back({{"op", a.opId}, {"seq", a.seq}, {"duplicate", a.duplicate}});
  return nlohmann::json{{"task", task.id}, {"acks", list}};
}

Result<std::int64_t> queryNumber(const Call& call, const char* name, std::int64_t fallback, std::int64_t max) {
  if (!call.req.has_param(name)) return fallback;
  return parseInteger(call.req.get_param_value(name), name, 0, max);
}

nlohmann::json storedOpJson(const StoredOp& op, const std::string& project, std::int64_t taskId) {
  const auto e = storedEnvelope(project, taskId, op.opId, op.epoch, op.authorKey, op.ciphertext, op.signature);
  return {{"seq", op.seq}, {"author", op.authorName}, {"received_at", op.receivedAt},
          {"envelope", sync::envelopeToJson(e)}};
}

Result<nlohmann::json> pullOps(Call& call) {
  auto found = taskContentFor(call);
  if (!found) return found.error();
  const auto& [task, access] = *found;
  auto after = queryNumber(call, "after", 0, INT64_MAX);
  if (!after) return after.error();
  auto limit = queryNumber(call, "limit", kDefaultPullLimit, kMaxPullLimit);
  if (!limit) return limit.error();
  auto wait = queryNumber(call, "wait", 0, kMaxWaitSeconds);
  if (!wait) return wait.error();
  // -1: no lane given.
  auto lane = queryNumber(call, "lane", -1, static_cast<std::int64_t>(sync::kMaxOpLane));
  if (!lane) return lane.error();
  const std::int64_t want = std::max<std::int64_t>(*limit, 1);
  // A live client waits for edits made elsewhere (lane=L, its editing
  // session's lane): its own come back with the next answer but do not end
  // the wait, so an edit does not cost its author a second round trip. The
  // same person's edits from another session (another computer or tab) do.
  const std::int64_t caller = call.user().userId;
  const auto madeHere = [&](const StoredOp& op) {
    const auto id = sync::parseOpId(op.opId);
    return op.authorId == caller && id && static_cast<std::int64_t>(sync::opLane(id->counter)) == *lane;
  };
  const auto news = [&](const Result<std::vector<StoredOp>>& found) {
    return !found || !std::all_of(found->begin(), found->end(), madeHere);
  };
  // One more than asked for says whether there is more.
  Result<std::vector<StoredOp>> ops = opsAfter(call.ctx.db, task.id, *after, want + 1);
  if (!news(ops) && *wait > 0) {
    call.ctx.opNotifier.waitFor(task.id, std::chrono::seconds(*wait), [&] {
      ops = opsAfter(call.ctx.db, task.id, *after, want + 1);
      return news(ops);
    });
  }
  if (!ops) return ops.error();
  const bool more = static_cast<std::int64_t>(ops->size()) > want;
  if (more) ops->pop_back();
  nlohmann::json list = nlohmann::json::array();
  for (const StoredOp& op : *ops) list.push_back(storedOpJson(op, access.project.name, task.id));
  call.event.detail = {{"after", *after}, {"ops", ops->size()}};
  return nlohmann::json{{"task", task.id}, {"project", access.project.name}, {"ops", list}, {"more", more}};
}

}  // namespace

void addOpRoutes(Router& r) {
  r.add({"POST", "/api/v1/tasks/{id}/ops", Access::kSession, "task.ops.push",
         "those who can see the task, until it is accepted; envelopes signed by the caller", pushOps, kLargestBody});
  r.add({"GET", "/api/v1/tasks/{id}/ops", Access::kSession, "task.ops.pull",
         "those who can see the task", pullOps});
}

}  // namespace limn::server
