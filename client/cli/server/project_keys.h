// The CLI's side of project keys: the epoch keys this person holds
// (unwrapped from their wraps, each checked against the wrapper's
// signature), making a new epoch, and wrapping keys for other members.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "client/cli/server/client_state.h"
#include "client/core/sync/key_ring.h"
#include "shared/crypto/aead.h"

namespace limn::cli {

struct ProjectKeys : sync::KeyRing {
  nlohmann::json status;  // GET /projects/{name}/keys
};

Result<ProjectKeys> loadProjectKeys(ClientState& state, const keys::UserKeys& mine, const std::string& project);

// Logged in, with this person's keys and the project's: what every
// project-key command starts from.
struct ProjectKeySession {
  ClientState state;
  keys::UserKeys mine;
  ProjectKeys keys;
};
Result<ProjectKeySession> openProjectKeys(const std::string& project);

// Sends a next-epoch request (client/core/sync/key_ring.h); its epoch.
Result<std::uint32_t> startEpoch(ClientState& state, const ProjectKeys& projectKeys, const nlohmann::json& request);

}  // namespace limn::cli
