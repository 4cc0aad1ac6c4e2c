// What the server checks of an envelope (an op or a blob) pushed to a task,
// without any key: the format version, that it is addressed to this
// project and task under the current key epoch (and that epoch is not stale
// after a removal), its size, that the caller signed it with their
// published key, and that the signature holds.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "shared/sync/op_envelope.h"
#include "sync-server/api/task_access.h"

namespace limn::server {

// What every envelope of one request is checked against.
struct EnvelopeRules {
  std::string project;
  std::string task;
  std::uint32_t epoch = 0;
  crypto::SigningPublicKey caller{};
  std::size_t maxCiphertext = 0;
};

// Looks up the current epoch (refusing a project without a key, or whose
// current epoch a removal made stale) and the caller's key.
Result<EnvelopeRules> envelopeRules(Call& call, const TaskRecord& task, const ProjectAccess& access,
                                    std::size_t maxCiphertext);

Result<sync::OpEnvelope> checkedEnvelope(const nlohmann::json& j, sync::EnvelopeKind kind, const EnvelopeRules& rules);

// A stored envelope as it goes back to clients (they check all of it again).
sync::OpEnvelope storedEnvelope(const std::string& project, std::int64_t taskId, const std::string& id,
                                std::int64_t epoch, const Blob& authorKey, const Blob& ciphertext, const Blob& signature);

}  // namespace limn::server
