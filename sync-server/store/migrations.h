// Versioned schema migrations, run at open: append only (a released
// migration is never edited, a new one is added), each in one transaction,
// under a lock so several servers starting together migrate once.
#pragma once

#include "sync-server/store/database.h"

namespace limn::server {

Status migrate(Database& db);
int latestSchemaVersion();
Result<int> currentSchemaVersion(Database& db);

}  // namespace limn::server
