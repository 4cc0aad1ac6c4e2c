// A relayed image as a member's client receives it: the server's reply to
// GET /api/v1/tasks/{id}/blobs/{name} checked (the envelope it holds is the
// one asked for, addressed to this task, signed by a member, every chunk
// intact) and opened under the epoch key. The CLI (`limn sync get-image`)
// and the browser (File > Account..., "Open relayed images") both use it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/sync/blob_envelope.h"

namespace limn::sync {

Result<std::vector<std::uint8_t>> openRelayedImage(const nlohmann::json& reply, const std::string& name,
                                                   const OpenContext& context);

}  // namespace limn::sync
