// `limn-server admin create`: the first administrator, made on the server's
// own machine before anyone can log in.
#pragma once

#include <string>
#include <vector>

namespace limn::server {

// Returns the process exit status.
int runAdminCreate(const std::vector<std::string>& words);

}  // namespace limn::server
