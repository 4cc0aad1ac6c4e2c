// `limn sync push|pull|watch`: a task's annotation ops to and from the
// server, sealed and opened here (the server relays ciphertext only), and
// `limn project remove-member|rotate-key`: key epochs after someone leaves.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iterator>
#include <set>

#include "client/cli/command.h"
#include "client/cli/server/project_keys.h"
#include "client/cli/server/server_command.h"
#include "client/cli/server/task_sync.h"
#include "client/core/annot/annotation_file.h"
#include "client/core/annot/op_adoption.h"
#include "shared/io/file_bytes.h"
#include "client/core/sync/op_sealing.h"
#include "client/core/sync/pulled_ops.h"
#include "shared/cli/args.h"
#include "shared/crypto/base64.h"
#include "shared/crypto/sha256.h"

namespace limn::cli {

namespace {

constexpr std::size_t kDefaultBatch = 500;
constexpr int kWatchWaitSeconds = 20;  // below the client's 30 s read timeout

// Reads the task's log after `after` page by page: `onPage` gets each reply
// and the seq it continues from, and returns the last seq it holds.
Status walkLog(TaskSync& s, std::int64_t after,
               const std::function<Result<std::int64_t>(const nlohmann::json& reply, std::int64_t after)>& onPage) {
  for (;;) {
    auto reply = callAsUser(s.state, "GET", s.opsPath() + "?after=" + std::to_string(after));
    if (!reply) return reply.error();
    auto last = onPage(*reply, after);
    if (!last) return last.error();
    after = *last;
    if (!reply->value("more", false)) return okStatus();
  }
}

// The whole log after `after`, every page checked.
struct PulledLog {
  std::vector<sync::PulledOp> ops;
  std::vector<sync::RefusedOp> refused;
  std::int64_t lastSeq = 0;
};

Result<PulledLog> pullAll(TaskSync& s, std::int64_t after) {
  PulledLog out;
  sync::AcceptedOps seen;
  const sync::OpenContext context = s.keys.openContext(s.task);
  out.lastSeq = after;
  Status walked = walkLog(s, after, [&](const nlohmann::json& reply, std::int64_t from) -> Result<std::int64_t> {
    auto page = sync::openPulledPage(reply, from, context, seen);
    if (!page) return page.error();
    std::move(page->ops.begin(), page->ops.end(), std::back_inserter(out.ops));
    std::move(page->refused.begin(), page->refused.end(), std::back_inserter(out.refused));
    return out.lastSeq = page->lastSeq;
  });
  if (!walked) return walked.error();
  return out;
}

// One line on stderr per op left out: the pull goes on without them.
void warnRefused(const sync::RefusedOp& r) {
  std::fprintf(stderr, "warning: left out op %s (seq %lld), signed by %s: %s\n", r.opId.c_str(),
               static_cast<long long>(r.seq), r.author.c_str(), r.reason.c_str());
}

// The schema file, if given, must be the project's (by its SHA-256).
Result<annot::LabelSchema> projectSchema(TaskSync& s, const std::string& path) {
  auto bytes = io::readFileBytes(path);
  if (!bytes) return bytes.error();
  auto project = callAsUser(s.state, "GET", "/api/v1/projects/" + urlSegment(s.keys.project));
  if (!project) return project.error();
  if (crypto::toHex(crypto::sha256(*bytes)) != project->value("schema_sha256", ""))
    return makeError(ErrorCode::kInvalidArgument, path + " is not " + s.keys.project + "'s label schema (SHA-256 differs)");
  return annot::labelSchemaFromJson(std::string(bytes->begin(), bytes->end()));
}

// A new epoch wrapped to those who held the current one (and still are
// members), when this person holds it; otherwise says who must.
Result<std::uint32_t> rotateKey(const std::string& project) {
  auto session = openProjectKeys(project);
  if (!session) return session.error();
  auto& [state, mine, keys] = *session;
  auto request = sync::rotationRequest(keys, keys.status, state.user, mine);
  if (!request) return request.error();
  return startEpoch(state, keys, *request);
}

// An annotation file's ops ready to seal for a task: each author's in the
// order they were made (as readers of the log expect them), with the key
// the current epoch seals them under.
struct SealJob {
  annot::AnnotationFile file;
  TaskSync sync;
  const crypto::AeadKey* key = nullptr;

  nlohmann::json sealed(std::size_t start, std::size_t end) const {
    const sync::SealTarget target{sync.keys.project, sync.task, sync.keys.currentEpoch};
    nlohmann::json envelopes = nlohmann::json::array();
    for (std::size_t i = start; i < std::min(file.ops.size(), end); ++i)
      envelopes.push_back(sync::envelopeToJson(sync::sealAnnotationOp(file.ops[i], target, *key, sync.mine.signing)));
    return envelopes;
  }
};

Result<SealJob> prepareSeal(const std::string& annotations, const std::string& task) {
  auto file = annot::readAnnotationFile(annotations);
  if (!file) return file.error();
  if (file->ops.empty()) return makeError(ErrorCode::kInvalidArgument, "the file has no ops");
  std::stable_sort(file->ops.begin(), file->ops.end(),
                   [](const annot::Op& a, const annot::Op& b) { return a.id < b.id; });
  auto s = openTaskSync(task);
  if (!s) return s.error();
  auto key = s->keys.sealingKey();
  if (!key) return key.error();
  return SealJob{std::move(*file), std::move(*s), *key};
}

// The ids of every op in the task's log (in clear in each envelope; no key
// needed).
Result<std::set<std::string>> loggedOpIds(TaskSync& s) {
  std::set<std::string> ids;
  Status walked = walkLog(s, 0, [&](const nlohmann::json& reply, std::int64_t last) -> Result<std::int64_t> {
    for (const auto& item : reply.value("ops", nlohmann::json::array())) {
      ids.insert(item.value("envelope", nlohmann::json::object()).value("op", ""));
      last = std::max(last, item.value("seq", last));
    }
    return last;
  });
  if (!walked) return walked.error();
  return ids;
}

// What a push does with the file's ops made by others: those the task's log
// holds already (a pulled file pushed back) are left out; the rest are
// refused, or with --adopt pushed as this person's own new edits (a file
// from `limn import`). Counts of each.
struct OthersOps {
  std::size_t leftOut = 0, adopted = 0;
};

Result<OthersOps> settleOthersOps(SealJob& job, bool adopt) {
  const std::string& me = job.sync.state.user;
  std::vector<annot::Op> mine, others;
  for (annot::Op& op : job.file.ops) (op.id.author == me ? mine : others).push_back(std::move(op));
  OthersOps out;
  if (!others.empty()) {
    auto logged = loggedOpIds(job.sync);
    if (!logged) return logged.error();
    out.leftOut = std::erase_if(others, [&](const annot::Op& op) { return logged->count(sync::envelopeOpId(op.id)) > 0; });
  }
  if (!others.empty() && !adopt)
    return makeError(ErrorCode::kForbidden, "forbidden: op " + sync::envelopeOpId(others.front().id) + " was made by " +
                                                others.front().id.author + ", not by you (" + me + "), and task " +
                                                job.sync.task + " does not hold it: push with --adopt to add the " +
                                                std::to_string(others.size()) +
                                                " such ops as your own edits (an imported file), or leave them out");
  const std::uint64_t lane = annot::adoptionLane(job.sync.task + "\n" + me, others);
  for (annot::Op& op : annot::adoptOps(others, me, lane)) mine.push_back(std::move(op));
  out.adopted = others.size();
  job.file.ops = std::move(mine);
  return out;
}

}  // namespace

int runSyncPush(const std::vector<std::string>& words) {
  const std::string cmd = "sync push";
  auto args = Args::parse(words, {"json", "adopt"}, {"task", "annotations", "batch"});
  if (!args || !args->value("task") || !args->value("annotations"))
    return commandUsage(cmd, "--task ID --annotations FILE [--adopt] [--batch N] [--json]");
  auto batchSize = args->integer("batch", static_cast<std::int64_t>(kDefaultBatch), 1, 1000);  // the server's most per push
  if (!batchSize) return commandBadArgument(cmd, batchSize.error());
  const auto batch = static_cast<std::size_t>(*batchSize);
  auto job = prepareSeal(*args->value("annotations"), *args->value("task"));
  if (!job) return commandFailed(cmd, job.error());
  auto others = settleOthersOps(*job, args->has("adopt"));
  if (!others) return commandFailed(cmd, others.error());
  const auto& file = job->file;
  TaskSync* s = &job->sync;
  std::size_t acknowledged = 0, fresh = 0;
  std::int64_t lastSeq = 0;
  for (std::size_t start = 0; start < file.ops.size(); start += batch) {
    auto reply = callAsUser(s->state, "POST", s->opsPath(), {{"ops", job->sealed(start, start + batch)}});
    if (!reply) {
      Error e = reply.error();
      e.message += " (" + std::to_string(acknowledged) + " of " + std::to_string(file.ops.size()) +
                   " ops acknowledged; run the same command again: acknowledged ops are not stored twice)";
      return commandFailed(cmd, e);
    }
    for (const auto& ack : (*reply)["acks"]) {
      ++acknowledged;
      if (!ack.value("duplicate", false)) ++fresh;
      lastSeq = std::max(lastSeq, ack.value("seq", std::int64_t{0}));
    }
  }
  std::string othersSaid;
  if (others->leftOut) othersSaid += "; " + std::to_string(others->leftOut) + " by others left out, the task has them";
  if (others->adopted) othersSaid += "; " + std::to_string(others->adopted) + " by others pushed as yours";
  return commandDone(args->has("json"),
                     {{"task", std::stoll(s->task)}, {"ops", acknowledged}, {"new", fresh},
                      {"duplicates", acknowledged - fresh}, {"others_left_out", others->leftOut},
                      {"adopted", others->adopted}, {"epoch", s->keys.currentEpoch}, {"last_seq", lastSeq}},
                     "Pushed " + std::to_string(acknowledged) + " ops to task " + s->task + " (" + std::to_string(fresh) +
                         " new, " + std::to_string(acknowledged - fresh) + " already there" + othersSaid +
                         "), sealed under key epoch " + std::to_string(s->keys.currentEpoch) + ".");
}

int runSyncSeal(const std::vector<std::string>& words) {
  const std::string cmd = "sync seal";
  auto args = Args::parse(words, {}, {"task", "annotations", "out"});
  if (!args || !args->value("task") || !args->value("annotations") || !args->value("out"))
    return commandUsage(cmd, "--task ID --annotations FILE --out FILE");
  auto job = prepareSeal(*args->value("annotations"), *args->value("task"));
  if (!job) return commandFailed(cmd, job.error());
  const TaskSync* s = &job->sync;
  const std::size_t count = job->file.ops.size();
  const std::string json = nlohmann::json{{"task", std::stoll(s->task)}, {"ops", job->sealed(0, count)}}.dump();
  if (auto w = io::writeFileAtomically(*args->value("out"), {reinterpret_cast<const std::uint8_t*>(json.data()), json.size()}); !w)
    return commandFailed(cmd, w.error());
  std::printf("Sealed %zu ops for task %s under key epoch %u into %s (the body of POST /api/v1/tasks/%s/ops).\n",
              count, s->task.c_str(), s->keys.currentEpoch, args->value("out")->c_str(), s->task.c_str());
  return 0;
}

int runSyncPull(const std::vector<std::string>& words) {
  const std::string cmd = "sync pull";
  auto args = Args::parse(words, {"json"}, {"task", "out", "schema"});
  if (!args || !args->value("task") || !args->value("out"))
    return commandUsage(cmd, "--task ID --out FILE [--schema FILE] [--json]");
  auto s = openTaskSync(*args->value("task"));
  if (!s) return commandFailed(cmd, s.error());
  annot::AnnotationFile file;
  if (auto path = args->value("schema")) {
    auto schema = projectSchema(*s, *path);
    if (!schema) return commandFailed(cmd, schema.error());
    file.schema = std::move(*schema);
  }
  auto pulled = pullAll(*s, 0);
  if (!pulled) return commandFailed(cmd, pulled.error());
  file.images.push_back({s->imageId, "", 0, 0, 1, std::nullopt});
  nlohmann::json signers = nlohmann::json::object();
  for (auto& p : pulled->ops) {
    signers[p.author] = signers.value(p.author, 0) + 1;
    file.ops.push_back(std::move(p.op));
  }
  nlohmann::json refused = nlohmann::json::array();
  for (const auto& r : pulled->refused) {
    warnRefused(r);
    refused.push_back(sync::refusedOpToJson(r));
  }
  const std::string leftOut =
      refused.empty() ? "" : "; " + std::to_string(refused.size()) + " left out: their signers sealed them badly";
  const auto document = annot::AnnotationDocument::fold(file.ops);
  const std::string json = annotationFileToJson(file);
  if (auto w = io::writeFileAtomically(*args->value("out"), {reinterpret_cast<const std::uint8_t*>(json.data()), json.size()}); !w)
    return commandFailed(cmd, w.error());
  return commandDone(args->has("json"),
                     {{"task", std::stoll(s->task)}, {"ops", file.ops.size()}, {"last_seq", pulled->lastSeq},
                      {"annotations", document.annotations().size()}, {"signed_by", signers}, {"refused", refused}},
                     "Pulled " + std::to_string(file.ops.size()) + " ops (" + std::to_string(document.annotations().size()) +
                         " annotations) of task " + s->task + " into " + *args->value("out") + leftOut + ".");
}

int runSyncWatch(const std::vector<std::string>& words) {
  const std::string cmd = "sync watch";
  // --json is accepted like every server command's: the lines are JSON already.
  auto args = Args::parse(words, {"json"}, {"task", "after", "count"});
  if (!args || !args->value("task")) return commandUsage(cmd, "--task ID [--after SEQ] [--count N] [--json]");
  auto from = args->integer("after", 0, 0, INT64_MAX);
  if (!from) return commandBadArgument(cmd, from.error());
  auto wanted = args->integer("count", -1, 1, INT64_MAX);  // -1: until stopped
  if (!wanted) return commandBadArgument(cmd, wanted.error());
  auto s = openTaskSync(*args->value("task"));
  if (!s) return commandFailed(cmd, s.error());
  std::int64_t after = *from;
  const std::int64_t count = *wanted;
  sync::AcceptedOps seen;
  const sync::OpenContext context = s->keys.openContext(s->task);
  for (std::int64_t shown = 0; count < 0 || shown < count;) {
    auto reply = callAsUser(s->state, "GET",
                            s->opsPath() + "?after=" + std::to_string(after) + "&wait=" + std::to_string(kWatchWaitSeconds));
    if (!reply) return commandFailed(cmd, reply.error());
    auto page = sync::openPulledPage(*reply, after, context, seen);
    if (!page) return commandFailed(cmd, page.error());
    std::for_each(page->refused.begin(), page->refused.end(), warnRefused);
    const auto seenAt = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    for (const auto& p : page->ops) {
      const nlohmann::json line = {{"seq", p.seq}, {"author", p.author}, {"seen_at_us", seenAt},
                                   {"op", nlohmann::json::parse(annot::opToJson(p.op))}};
      std::printf("%s\n", line.dump().c_str());
      if (count >= 0 && ++shown >= count) break;
    }
    std::fflush(stdout);
    after = page->lastSeq;
  }
  return 0;
}

int runProjectRemoveMember(const std::vector<std::string>& words) {
  const std::string cmd = "project remove-member";
  auto args = Args::parse(words, {"json"}, {"project", "user"});
  if (!args || !args->value("project") || !args->value("user"))
    return commandUsage(cmd, "--project NAME --user NAME [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  auto reply = callAsUser(*state, "DELETE",
                          "/api/v1/projects/" + urlSegment(*args->value("project")) + "/members/" + urlSegment(*args->value("user")));
  if (!reply) return commandFailed(cmd, reply.error());
  std::string human = "Removed " + reply->value("removed", "") + " from " + reply->value("project", "") + ".";
  // The removed person may have kept the current key: start the next epoch
  // now if this person can, so nothing written from here on is theirs to read.
  auto epoch = rotateKey(reply->value("project", ""));
  if (epoch) {
    (*reply)["new_epoch"] = *epoch;
    human += " New ops are sealed under key epoch " + std::to_string(*epoch) + ", which they do not hold.";
  } else {
    (*reply)["rotate_key"] = epoch.error().message;
    human += " No new ops are accepted until a key holder runs limn project rotate-key (" + epoch.error().message + ").";
  }
  return commandDone(args->has("json"), *reply, human);
}

int runProjectRotateKey(const std::vector<std::string>& words) {
  const std::string cmd = "project rotate-key";
  auto args = Args::parse(words, {"json"}, {"project"});
  if (!args || !args->value("project")) return commandUsage(cmd, "--project NAME [--json]");
  auto epoch = rotateKey(*args->value("project"));
  if (!epoch) return commandFailed(cmd, epoch.error());
  return commandDone(args->has("json"), {{"project", *args->value("project")}, {"epoch", *epoch}},
                     "Started key epoch " + std::to_string(*epoch) + " for " + *args->value("project") +
                         ", wrapped to every member who held the last one.");
}

}  // namespace limn::cli
