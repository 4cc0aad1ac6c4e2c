// Brute-force protection for logins and MFA codes: failures are counted per
// account and per client address; after a few free attempts each further
// one must wait twice as long as the last (backoff), and past a limit the
// key is locked for a while. Unknown account names are counted like known
// ones, so the answers do not tell which accounts exist. The caller checks
// both keys of an attempt, reserves them while the password is checked (so
// attempts in flight count: a burst of parallel guesses cannot all pass the
// check before the first failure is recorded) and records the outcome (and
// audits lockouts).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace limn::server {

struct ThrottlePolicy {
  int freeFailures = 5;               // failures before any wait
  std::int64_t firstDelaySeconds = 1;  // then 1, 2, 4, ... seconds
  std::int64_t maxDelaySeconds = 300;
  int lockAfterFailures = 10;          // then locked out
  std::int64_t lockSeconds = 900;
  std::int64_t forgetAfterSeconds = 3600;  // a quiet key starts afresh
};

struct ThrottleDecision {
  bool allowed = true;
  bool locked = false;
  std::int64_t retryAfterSeconds = 0;  // when not allowed, rounded up
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottlePolicy policy = {}) : m_policy(policy) {}

  // Whether an attempt under `key` ("account:<name>", "address:<ip>") may
  // run at `nowMs` (Unix milliseconds: a wait of 1 s is a whole second,
  // whenever in a second the failure fell).
  // Attempts reserved and not yet settled count as failures that happen
  // now: once they could reach the free limit, further ones must wait.
  ThrottleDecision check(const std::string& key, std::int64_t nowMs) const;
  // An attempt that passed check() starts; settle it with exactly one of
  // recordFailure, recordSuccess or release.
  void reserve(const std::string& key);
  // Returns true when this failure locked the key (worth an audit event).
  bool recordFailure(const std::string& key, std::int64_t nowMs);
  void recordSuccess(const std::string& key);
  // A success that vouches for one failure on the key, not all of them
  // (an address: one person's typo then their right password); a lock stays.
  void forgiveOne(const std::string& key);
  // A reserved attempt that ended with no verdict (a malformed request).
  void release(const std::string& key);
  std::size_t trackedKeys() const { return m_entries.size(); }

 private:
  struct Entry {
    int failures = 0;
    std::int64_t lastFailureMs = 0;
    std::int64_t lockedUntilMs = 0;
    int inFlight = 0;  // reserved, not yet settled
  };
  void settle(const std::string& key);
  void forgetStale(std::int64_t nowMs);

  ThrottlePolicy m_policy;
  std::map<std::string, Entry> m_entries;
};

}  // namespace limn::server
