// The server's data folder (--data): its database, audit signing key and
// TLS key. Private to the server's user whatever the umask: the database
// holds every account's TOTP secret, wrapped keys and password hashes.
#pragma once

#include <string>

#include "shared/error/result.h"

namespace limn::server {

// Creates `dir` if missing and leaves it readable by its owner only (0700),
// also when an earlier version or another tool made it wider.
Status preparePrivateDataFolder(const std::string& dir);

}  // namespace limn::server
