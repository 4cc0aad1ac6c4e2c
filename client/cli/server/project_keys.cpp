#include "client/cli/server/project_keys.h"

#include "client/cli/server/server_command.h"
#include "shared/crypto/base64.h"
#include "shared/keys/epoch_key_wrap.h"

namespace limn::cli {

Result<ProjectKeys> loadProjectKeys(ClientState& state, const keys::UserKeys& mine, const std::string& project) {
  auto status = callAsUser(state, "GET", "/api/v1/projects/" + urlSegment(project) + "/keys");
  if (!status) return status.error();
  auto ring = sync::openKeyRing(*status, state.user, mine);
  if (!ring) return ring.error();
  ProjectKeys out;
  static_cast<sync::KeyRing&>(out) = std::move(*ring);
  out.status = std::move(*status);
  return out;
}

Result<ProjectKeySession> openProjectKeys(const std::string& project) {
  auto state = requireLogin();
  if (!state) return state.error();
  auto mine = loadMyKeys(state->user);
  if (!mine) return mine.error();
  auto keys = loadProjectKeys(*state, *mine, project);
  if (!keys) return keys.error();
  return ProjectKeySession{std::move(*state), std::move(*mine), std::move(*keys)};
}

Result<std::uint32_t> startEpoch(ClientState& state, const keys::UserKeys& mine, const ProjectKeys& projectKeys,
                                 const std::vector<std::string>& recipients) {
  const std::uint32_t epoch = projectKeys.currentEpoch + 1;
  const crypto::AeadKey key = crypto::randomAeadKey();
  nlohmann::json wraps = nlohmann::json::array();
  wraps.push_back(keys::wrapToJson(keys::wrapEpochKey(key, projectKeys.project, epoch, state.user, mine.box.publicKey, mine.signing)));
  for (const std::string& name : recipients) {
    if (name == state.user) continue;
    crypto::BoxPublicKey theirs{};
    const nlohmann::json member =
        projectKeys.status.value("members", nlohmann::json::object()).value(name, nlohmann::json::object());
    if (!crypto::fromBase64Exact(member.value("box_public", ""), theirs))
      return makeError(ErrorCode::kConflict, name + " has not published keys");
    wraps.push_back(keys::wrapToJson(keys::wrapEpochKey(key, projectKeys.project, epoch, name, theirs, mine.signing)));
  }
  auto reply = callAsUser(state, "POST", "/api/v1/projects/" + urlSegment(projectKeys.project) + "/key-epochs",
                          {{"epoch", epoch}, {"wraps", wraps}});
  if (!reply) return reply.error();
  return epoch;
}

}  // namespace limn::cli
