#include "sync-server/api/password_attempts.h"

#include <cctype>
#include <chrono>
#include <mutex>

namespace limn::server {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

namespace {
std::int64_t nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
}  // namespace

std::array<std::pair<LoginThrottle*, std::string>, 2> throttleKeys(Call& call, const std::string& name) {
  return {std::pair{&call.ctx.accountThrottle, "account:" + lower(name)},
          std::pair{&call.ctx.addressThrottle, "address:" + call.address}};
}

Status throttleAllows(Call& call, const std::string& name) {
  std::lock_guard lock(call.ctx.throttleMutex);
  for (const auto& [throttle, key] : throttleKeys(call, name)) {
    const ThrottleDecision d = throttle->check(key, nowMs());
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
  const std::int64_t now = nowMs();
  for (const auto& [throttle, key] : throttleKeys(call, name)) locked = throttle->recordFailure(key, now) || locked;
  return locked;
}

void recordSuccessfulAttempt(Call& call, const std::string& name) {
  std::lock_guard lock(call.ctx.throttleMutex);
  for (const auto& [throttle, key] : throttleKeys(call, name)) throttle->recordSuccess(key);
}

}  // namespace limn::server
