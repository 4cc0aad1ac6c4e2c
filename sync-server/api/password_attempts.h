// What every check of a password (login, password change) shares: the
// throttles an attempt meets, so failures anywhere count against the same
// account and address.
#pragma once

#include <array>
#include <string>
#include <utility>

#include "sync-server/http/router.h"

namespace limn::server {

std::string lower(std::string s);

// The two limits an attempt meets: its account's and its address's.
std::array<std::pair<LoginThrottle*, std::string>, 2> throttleKeys(Call& call, const std::string& name);

// kRateLimited when either limit refuses the attempt now (the wait is put
// in the request's audit detail).
Status throttleAllows(Call& call, const std::string& name);
// Counts a failed attempt; true when it locked the account.
bool recordFailedAttempt(Call& call, const std::string& name);
// A right password: the account's and address's failures are forgiven.
void recordSuccessfulAttempt(Call& call, const std::string& name);

}  // namespace limn::server
