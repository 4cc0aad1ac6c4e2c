#include "sync-server/auth/login_throttle.h"

#include <algorithm>

namespace limn::server {

ThrottleDecision LoginThrottle::check(const std::string& key, std::int64_t now) const {
  const auto it = m_entries.find(key);
  if (it == m_entries.end()) return {};
  const Entry& e = it->second;
  if (e.lockedUntil > now) return {false, true, e.lockedUntil - now};
  if (now - e.lastFailure >= m_policy.forgetAfterSeconds) return {};
  const int over = e.failures - m_policy.freeFailures;
  if (over < 0) return {};
  // 1, 2, 4, ... seconds after the last failure, capped.
  std::int64_t delay = m_policy.firstDelaySeconds;
  for (int i = 0; i < over && delay < m_policy.maxDelaySeconds; ++i) delay *= 2;
  delay = std::min(delay, m_policy.maxDelaySeconds);
  const std::int64_t readyAt = e.lastFailure + delay;
  if (now >= readyAt) return {};
  return {false, false, readyAt - now};
}

bool LoginThrottle::recordFailure(const std::string& key, std::int64_t now) {
  forgetStale(now);
  Entry& e = m_entries[key];
  if (e.lockedUntil != 0 && e.lockedUntil <= now) e = {};  // a lockout served starts afresh
  ++e.failures;
  e.lastFailure = now;
  if (e.failures >= m_policy.lockAfterFailures && e.lockedUntil <= now) {
    e.lockedUntil = now + m_policy.lockSeconds;
    return true;
  }
  return false;
}

void LoginThrottle::recordSuccess(const std::string& key) { m_entries.erase(key); }

void LoginThrottle::forgetStale(std::int64_t now) {
  // Bounded memory under a spray of names or addresses.
  for (auto it = m_entries.begin(); it != m_entries.end();) {
    const Entry& e = it->second;
    if (e.lockedUntil <= now && now - e.lastFailure >= m_policy.forgetAfterSeconds)
      it = m_entries.erase(it);
    else
      ++it;
  }
}

}  // namespace limn::server
