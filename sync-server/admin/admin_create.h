// `limn-server admin create`: the first administrator, made on the server's
// own machine before anyone can log in.
#pragma once

#include <string>
#include <vector>

namespace limn::server {

// Where a server keeps its audit signing key (seed), under --data.
inline std::string auditKeyPath(const std::string& dataDir) { return dataDir + "/keys/audit-signing.key"; }

// Returns the process exit status.
int runAdminCreate(const std::vector<std::string>& words);

}  // namespace limn::server
