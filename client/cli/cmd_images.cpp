// `limn project set-policy`, `limn sync put-image|get-image|images`: the
// image relay for remote physicians, off unless a project admin turns it
// on. Only files that say they were de-identified are sent, and only
// sealed (in chunks, under the project's epoch key) and signed.
#include <cstdio>

#include "client/cli/command.h"
#include "client/cli/server/server_command.h"
#include "client/cli/server/task_sync.h"
#include "client/core/deid/deid_status.h"
#include "shared/io/file_bytes.h"
#include "shared/cli/args.h"
#include "client/core/sync/relayed_image.h"
#include "shared/sync/blob_envelope.h"

namespace limn::cli {

namespace {

Status checkBlobName(const std::string& name) {
  if (name.empty() || name.size() > sync::kMaxBlobNameLength || name.find('/') != std::string::npos)
    return makeError(ErrorCode::kInvalidArgument, "an image name is 1-128 characters without '/'");
  return okStatus();
}

}  // namespace

int runProjectSetPolicy(const std::vector<std::string>& words) {
  const std::string cmd = "project set-policy";
  auto args = Args::parse(words, {"json"}, {"project", "image-relay"});
  const auto relay = args ? args->value("image-relay") : std::nullopt;
  if (!args || !args->value("project") || !relay || (*relay != "on" && *relay != "off"))
    return commandUsage(cmd, "--project NAME --image-relay on|off [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  auto reply = callAsUser(*state, "POST", "/api/v1/projects/" + urlSegment(*args->value("project")) + "/policy",
                          {{"image_relay", *relay == "on"}});
  if (!reply) return commandFailed(cmd, reply.error());
  return commandDone(args->has("json"), *reply,
                     reply->value("project", "") + ": members " +
                         (reply->value("image_relay", false) ? "may now relay de-identified images, sealed."
                                                             : "no longer relay images."));
}

int runSyncPutImage(const std::vector<std::string>& words) {
  const std::string cmd = "sync put-image";
  auto args = Args::parse(words, {"json"}, {"task", "file", "name"});
  if (!args || !args->value("task") || !args->value("file"))
    return commandUsage(cmd, "--task ID --file DICOM [--name NAME] [--json]");
  const std::string path = *args->value("file");
  const std::string name = args->value("name").value_or(path.substr(path.find_last_of('/') + 1));
  if (auto s = checkBlobName(name); !s) return commandFailed(cmd, s.error());
  auto bytes = io::readFileBytes(path);
  if (!bytes) return commandFailed(cmd, bytes.error());
  if (auto s = deid::requireDeidentified(*bytes); !s)
    return commandFailed(cmd, makeError(s.error().code, path + ": " + s.error().message));
  auto s = openTaskSync(*args->value("task"));
  if (!s) return commandFailed(cmd, s.error());
  auto key = s->keys.sealingKey();
  if (!key) return commandFailed(cmd, key.error());
  const auto sealed = sync::sealBlob({s->keys.project, s->task, name, s->keys.currentEpoch}, *bytes, **key, s->mine.signing);
  auto reply = callAsUser(s->state, "POST", s->path("blobs"), {{"blob", sync::envelopeToJson(sealed)}});
  if (!reply) return commandFailed(cmd, reply.error());
  return commandDone(args->has("json"), *reply,
                     "Sent " + name + " (" + std::to_string(bytes->size()) + " bytes, sealed) to task " + s->task +
                         (reply->value("duplicate", false) ? " (it was already there)." : "."));
}

int runSyncGetImage(const std::vector<std::string>& words) {
  const std::string cmd = "sync get-image";
  auto args = Args::parse(words, {"json"}, {"task", "name", "out"});
  if (!args || !args->value("task") || !args->value("name") || !args->value("out"))
    return commandUsage(cmd, "--task ID --name NAME --out FILE [--json]");
  if (auto ok = checkBlobName(*args->value("name")); !ok) return commandFailed(cmd, ok.error());
  auto s = openTaskSync(*args->value("task"));
  if (!s) return commandFailed(cmd, s.error());
  auto reply = callAsUser(s->state, "GET", s->path("blobs/") + urlSegment(*args->value("name")));
  if (!reply) return commandFailed(cmd, reply.error());
  auto bytes = sync::openRelayedImage(*reply, *args->value("name"), s->keys.openContext(s->task));
  if (!bytes) return commandFailed(cmd, makeError(bytes.error().code, bytes.error().message + "; nothing written"));
  if (auto w = io::writeFileAtomically(*args->value("out"), *bytes); !w) return commandFailed(cmd, w.error());
  return commandDone(args->has("json"),
                     {{"task", std::stoll(s->task)}, {"name", *args->value("name")}, {"bytes", bytes->size()},
                      {"author", reply->value("author", "")}},
                     "Wrote " + *args->value("out") + " (" + std::to_string(bytes->size()) + " bytes from " +
                         reply->value("author", "") + ", checked and opened here).");
}

int runSyncImages(const std::vector<std::string>& words) {
  const std::string cmd = "sync images";
  auto args = Args::parse(words, {"json"}, {"task"});
  if (!args || !args->value("task")) return commandUsage(cmd, "--task ID [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  auto reply = callAsUser(*state, "GET", "/api/v1/tasks/" + urlSegment(*args->value("task")) + "/blobs");
  if (!reply) return commandFailed(cmd, reply.error());
  std::string human;
  for (const auto& b : reply->value("blobs", nlohmann::json::array()))
    human += b.value("name", "") + "  " + std::to_string(b.value("bytes", 0)) + " bytes sealed, from " +
             b.value("author", "") + "\n";
  if (human.empty()) human = "No images relayed for this task.\n";
  human.pop_back();
  return commandDone(args->has("json"), *reply, human);
}

}  // namespace limn::cli
