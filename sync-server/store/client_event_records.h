// The ids of the signed client events the audit log holds, one row per
// person and id, so a signed event sent twice (a replay) is refused.
#pragma once

#include <cstdint>
#include <string>

#include "shared/error/result.h"
#include "sync-server/store/database.h"

namespace limn::server {

// False when this person's event `eventId` was recorded before. Atomic
// across server processes sharing one PostgreSQL database.
Result<bool> recordClientEventId(Database& tx, std::int64_t userId, const std::string& eventId, std::int64_t now);

}  // namespace limn::server
