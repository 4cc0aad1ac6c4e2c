// Project key epochs and the members' wraps of them, as stored rows. The
// server checks who signed a wrap; it cannot open one.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "sync-server/store/database.h"

namespace limn::server {

struct StoredWrap {
  std::int64_t epoch = 0;
  std::int64_t recipientId = 0;
  std::int64_t wrappedById = 0;
  std::string wrappedBy;  // user name
  Blob sealed;
  Blob signature;
};

// 0 when the project has no key yet.
Result<std::int64_t> currentEpoch(Database& db, std::int64_t projectId);
// kAlreadyExists when another member made this epoch first.
Status insertEpoch(Database& tx, std::int64_t projectId, std::int64_t epoch, std::int64_t createdBy, std::int64_t now);
// A recipient's first wrap of an epoch is kept; later ones are ignored.
Status insertWrap(Database& tx, std::int64_t projectId, const StoredWrap& wrap, std::int64_t now);
Result<std::vector<StoredWrap>> wrapsFor(Database& db, std::int64_t projectId, std::int64_t recipientId);
// Whether a member was removed while `epoch` was current: then it may not
// seal anything new, and a key holder must start the next epoch.
Result<bool> epochIsStale(Database& db, std::int64_t projectId, std::int64_t epoch);
// The members holding `epoch`.
Result<std::set<std::int64_t>> holdersOf(Database& db, std::int64_t projectId, std::int64_t epoch);

}  // namespace limn::server
