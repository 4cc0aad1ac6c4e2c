// The image relay: where a project's administrators allow it (off by
// default), members who can see a task relay de-identified images for it,
// sealed in chunks under the project's epoch key and signed by the sender.
// The server checks the envelope as it does an op's and stores it; it
// cannot open it.
#include <nlohmann/json.hpp>

#include "shared/crypto/keyed_hash.h"
#include "shared/crypto/sha256.h"
#include "shared/sync/blob_envelope.h"
#include "sync-server/api/api_routes.h"
#include "sync-server/api/envelope_checks.h"
#include "sync-server/api/task_access.h"
#include "sync-server/store/blob_records.h"

namespace limn::server {

namespace {

constexpr std::size_t kMaxBlobCiphertext = 48u << 20;  // base64 of it fits the 64 MiB request limit

// What the audit log says of an image's name: a name may be PHI
// (Doe_John_1962.dcm) and the log is kept for years and exported, so it
// holds a digest keyed by the server (the same name, the same digest).
std::string auditedBlobName(const ServerContext& ctx, const std::string& name) {
  std::array<std::uint8_t, crypto::kKeyedHashMinBytes> digest{};
  crypto::keyedHash(ctx.blobNameKey, "limn audit blob name v1",
                    {reinterpret_cast<const std::uint8_t*>(name.data()), name.size()}, digest);
  return crypto::toHex(digest);
}

Status relayAllowed(const ProjectAccess& access) {
  if (access.project.imageRelay) return okStatus();
  return makeError(ErrorCode::kConflict, "project " + access.project.name +
                                             " does not relay images (a project admin turns it on: "
                                             "limn project set-policy --image-relay on)");
}

Result<nlohmann::json> setPolicy(Call& call) {
  auto access = projectAccess(call, call.params.at(0), ProjectNeed::kManager);
  if (!access) return access.error();
  if (!call.body.contains("image_relay") || !call.body["image_relay"].is_boolean())
    return makeError(ErrorCode::kInvalidArgument, "image_relay is true or false");
  const bool on = call.body["image_relay"].get<bool>();
  call.event.detail = {{"image_relay", on}};
  Status s = call.change([&](Database& tx) { return setImageRelay(tx, access->project.id, on); });
  if (!s) return s.error();
  return nlohmann::json{{"project", access->project.name}, {"image_relay", on}};
}

Result<nlohmann::json> putBlob(Call& call) {
  auto found = taskContentFor(call);
  if (!found) return found.error();
  const auto& [task, access] = *found;
  if (auto s = relayAllowed(access); !s) return s.error();
  if (task.state == TaskState::kAccepted)
    return makeError(ErrorCode::kConflict, "the task is accepted; return it to change it");
  auto rules = envelopeRules(call, task, access, kMaxBlobCiphertext);
  if (!rules) return rules.error();
  auto e = checkedEnvelope(call.body.value("blob", nlohmann::json()), sync::EnvelopeKind::kBlob, *rules);
  if (!e) return e.error();
  const StoredBlob blob{e->address.opId, e->address.epoch, call.user().userId, call.user().name,
                        Blob(e->author.begin(), e->author.end()), std::move(e->ciphertext),
                        Blob(e->signature.begin(), e->signature.end()), 0, 0};
  bool stored = false;
  call.event.detail = {{"blob_digest", auditedBlobName(call.ctx, blob.name)}, {"bytes", blob.ciphertext.size()}};
  Status s = call.change([&](Database& tx) -> Status {
    auto r = insertBlob(tx, task.id, blob, call.now);
    if (!r) return r.error();
    stored = *r;
    return okStatus();
  });
  if (!s) return s.error();
  return nlohmann::json{{"task", task.id}, {"name", blob.name}, {"bytes", blob.ciphertext.size()}, {"duplicate", !stored}};
}

Result<nlohmann::json> listTaskBlobs(Call& call) {
  auto found = taskContentFor(call);
  if (!found) return found.error();
  auto blobs = listBlobs(call.ctx.db, found->first.id);
  if (!blobs) return blobs.error();
  nlohmann::json list = nlohmann::json::array();
  for (const StoredBlob& b : *blobs)
    list.push_back({{"name", b.name}, {"epoch", b.epoch}, {"author", b.authorName}, {"bytes", b.size},
                    {"received_at", b.receivedAt}});
  return nlohmann::json{{"task", found->first.id}, {"blobs", list}};
}

Result<nlohmann::json> getBlob(Call& call) {
  auto found = taskContentFor(call);
  if (!found) return found.error();
  const auto& [task, access] = *found;
  const std::string& name = call.params.at(1);
  auto blob = findBlob(call.ctx.db, task.id, name);
  if (!blob) return blob.error();
  if (!*blob) return makeError(ErrorCode::kNotFound, "task " + std::to_string(task.id) + " has no blob " + name);
  call.event.detail = {{"blob_digest", auditedBlobName(call.ctx, name)}, {"bytes", (*blob)->size}};
  const auto e = storedEnvelope(access.project.name, task.id, (*blob)->name, (*blob)->epoch, (*blob)->authorKey,
                                (*blob)->ciphertext, (*blob)->signature);
  return nlohmann::json{{"task", task.id}, {"author", (*blob)->authorName}, {"envelope", sync::envelopeToJson(e)}};
}

}  // namespace

void addBlobRoutes(Router& r) {
  r.add({"POST", "/api/v1/projects/{name}/policy", Access::kSession, "project.policy", "project admins", setPolicy});
  r.add({"POST", "/api/v1/tasks/{id}/blobs", Access::kSession, "task.blob.put",
         "those who can see the task, until it is accepted, where the project relays images", putBlob, kLargestBody});
  r.add({"GET", "/api/v1/tasks/{id}/blobs", Access::kSession, "task.blob.list", "those who can see the task",
         listTaskBlobs});
  r.add({"GET", "/api/v1/tasks/{id}/blobs/{blob}", Access::kSession, "task.blob.get", "those who can see the task",
         getBlob});
}

}  // namespace limn::server
