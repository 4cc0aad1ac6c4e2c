#include "sync-server/auth/login_throttle.h"

#include <algorithm>

namespace limn::server {

namespace {
constexpr std::int64_t kMsPerSecond = 1000;
std::int64_t secondsUntil(std::int64_t fromMs, std::int64_t toMs) {
  return (toMs - fromMs + kMsPerSecond - 1) / kMsPerSecond;
}
}  // namespace

ThrottleDecision LoginThrottle::check(const std::string& key, std::int64_t nowMs) const {
  const auto it = m_entries.find(key);
  if (it == m_entries.end()) return {};
  const Entry& e = it->second;
  if (e.lockedUntilMs > nowMs) return {false, true, secondsUntil(nowMs, e.lockedUntilMs)};
  const bool quiet = nowMs - e.lastFailureMs >= m_policy.forgetAfterSeconds * kMsPerSecond;
  const int failures = (quiet ? 0 : e.failures) + e.inFlight;
  const int over = failures - m_policy.freeFailures;
  if (over < 0) return {};
  // 1, 2, 4, ... seconds after the last failure, capped.
  std::int64_t delay = m_policy.firstDelaySeconds;
  for (int i = 0; i < over && delay < m_policy.maxDelaySeconds; ++i) delay *= 2;
  delay = std::min(delay, m_policy.maxDelaySeconds);
  // An attempt still in flight is taken as a failure happening now.
  const std::int64_t lastMs = e.inFlight > 0 ? nowMs : e.lastFailureMs;
  const std::int64_t readyAtMs = lastMs + delay * kMsPerSecond;
  if (nowMs >= readyAtMs) return {};
  return {false, false, secondsUntil(nowMs, readyAtMs)};
}

void LoginThrottle::reserve(const std::string& key) { ++m_entries[key].inFlight; }

void LoginThrottle::settle(const std::string& key) {
  const auto it = m_entries.find(key);
  if (it != m_entries.end() && it->second.inFlight > 0) --it->second.inFlight;
}

bool LoginThrottle::recordFailure(const std::string& key, std::int64_t nowMs) {
  settle(key);
  forgetStale(nowMs);
  Entry& e = m_entries[key];
  if (e.lockedUntilMs != 0 && e.lockedUntilMs <= nowMs) e = {0, 0, 0, e.inFlight};  // a lockout served starts afresh
  ++e.failures;
  e.lastFailureMs = nowMs;
  if (e.failures >= m_policy.lockAfterFailures && e.lockedUntilMs <= nowMs) {
    e.lockedUntilMs = nowMs + m_policy.lockSeconds * kMsPerSecond;
    return true;
  }
  return false;
}

void LoginThrottle::recordSuccess(const std::string& key) {
  settle(key);
  const auto it = m_entries.find(key);
  if (it == m_entries.end()) return;
  // Other attempts on the key may still be in flight; they keep their reservation.
  if (it->second.inFlight > 0) it->second = Entry{0, 0, 0, it->second.inFlight};
  else m_entries.erase(it);
}

void LoginThrottle::forgiveOne(const std::string& key) {
  settle(key);
  const auto it = m_entries.find(key);
  if (it == m_entries.end() || it->second.failures == 0 || it->second.lockedUntilMs > 0) return;
  if (--it->second.failures == 0 && it->second.inFlight == 0) m_entries.erase(it);
}

void LoginThrottle::release(const std::string& key) {
  settle(key);
  const auto it = m_entries.find(key);
  if (it != m_entries.end() && it->second.failures == 0 && it->second.inFlight == 0 && it->second.lockedUntilMs == 0)
    m_entries.erase(it);
}

void LoginThrottle::forgetStale(std::int64_t nowMs) {
  // Bounded memory under a spray of names or addresses.
  for (auto it = m_entries.begin(); it != m_entries.end();) {
    const Entry& e = it->second;
    if (e.inFlight == 0 && e.lockedUntilMs <= nowMs &&
        nowMs - e.lastFailureMs >= m_policy.forgetAfterSeconds * kMsPerSecond)
      it = m_entries.erase(it);
    else
      ++it;
  }
}

}  // namespace limn::server
