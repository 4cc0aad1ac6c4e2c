#include "sync-server/api/password_attempts.h"

#include <cctype>
#include <mutex>

namespace limn::server {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::array<std::pair<LoginThrottle*, std::string>, 2> throttleKeys(Call& call, const std::string& name) {
  return {std::pair{&call.ctx.accountThrottle, "account:" + lower(name)},
          std::pair{&call.ctx.addressThrottle, "address:" + call.address}};
}

Status throttleAllows(Call& call, const std::string& name) {
  std::lock_guard lock(call.ctx.throttleMutex);
  for (const auto& [throttle, key] : throttleKeys(call, name)) {
    const ThrottleDecision d = throttle->check(key, call.now);
    if (!d.allowed) {
      call.event.detail["retry_after"] = d.retryAfterSeconds;
      call.event.detail["locked"] = d.locked;
      return makeError(ErrorCode::kRateLimited,
                       "too many failed attempts; retry in " + std::to_string(d.retryAfterSeconds) + " s");
    }
  }
  return okStatus();
}

bool recordFailedAttempt(Call& call, const std::string& name) {
  std::lock_guard lock(call.ctx.throttleMutex);
  bool locked = false;
  for (const auto& [throttle, key] : throttleKeys(call, name)) locked = throttle->recordFailure(key, call.now) || locked;
  return locked;
}

}  // namespace limn::server
