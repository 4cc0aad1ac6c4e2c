#include "client/cli/server/project_keys.h"

#include "client/cli/server/server_command.h"
#include "shared/crypto/base64.h"
#include "shared/keys/epoch_key_wrap.h"

namespace limn::cli {

Result<ProjectKeys> loadProjectKeys(ClientState& state, const keys::UserKeys& mine, const std::string& project) {
  auto status = callAsUser(state, "GET", "/api/v1/projects/" + urlSegment(project) + "/keys");
  if (!status) return status.error();
  auto grew = sync::checkKnownKeys(*status, state.user, mine, state.knownKeys);
  if (!grew) return grew.error();
  if (*grew)
    if (auto s = saveClientState(state); !s) return s.error();
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

Result<std::uint32_t> startEpoch(ClientState& state, const ProjectKeys& projectKeys, const nlohmann::json& request) {
  auto reply = callAsUser(state, "POST", "/api/v1/projects/" + urlSegment(projectKeys.project) + "/key-epochs", request);
  if (!reply) return reply.error();
  return request.value("epoch", std::uint32_t{0});
}

}  // namespace limn::cli
