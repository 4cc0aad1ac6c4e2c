// A person's published public keys (signing and box), as the server checks
// signatures on key wraps and op envelopes against them.
#pragma once

#include <cstdint>

#include "shared/protocol/published_keys.h"
#include "sync-server/store/database.h"

namespace limn::server {

// kConflict when the person has not published keys yet.
Result<protocol::PublishedUserKeys> keysOf(Database& db, std::int64_t userId);

}  // namespace limn::server
