#include <catch2/catch.hpp>

#include "sync-server/auth/login_throttle.h"

using namespace limn::server;

TEST_CASE("Failures past the free ones wait twice as long each time, then lock the key") {
  LoginThrottle t;  // 5 free, then 1, 2, 4 ... s, locked at 10 for 900 s
  const std::string key = "account:dr.a";
  constexpr std::int64_t s = 1000;  // the throttle's clock is in milliseconds
  std::int64_t now = 1000 * s;
  for (int i = 0; i < 5; ++i) {
    CHECK(t.check(key, now).allowed);
    CHECK_FALSE(t.recordFailure(key, now));
  }
  // The sixth attempt must wait 1 s after the fifth failure, then 2 s, then 4 s.
  std::int64_t expectedDelay = 1;
  for (int i = 5; i < 9; ++i) {
    const ThrottleDecision d = t.check(key, now);
    REQUIRE_FALSE(d.allowed);
    CHECK_FALSE(d.locked);
    CHECK(d.retryAfterSeconds == expectedDelay);
    CHECK_FALSE(t.check(key, now + d.retryAfterSeconds * s - 1).allowed);  // a whole second, not the rest of one
    now += d.retryAfterSeconds * s;
    CHECK(t.check(key, now).allowed);
    CHECK_FALSE(t.recordFailure(key, now));
    expectedDelay *= 2;
  }
  now += 60 * s;
  CHECK(t.recordFailure(key, now));  // the tenth: locked
  const ThrottleDecision locked = t.check(key, now + 10 * s);
  CHECK_FALSE(locked.allowed);
  CHECK(locked.locked);
  CHECK(locked.retryAfterSeconds == 890);
  // Another account and another address are not affected.
  CHECK(t.check("account:dr.b", now).allowed);
  CHECK(t.check("address:10.0.0.1", now).allowed);
  // After the lockout the key starts afresh.
  CHECK(t.check(key, now + 900 * s).allowed);
  CHECK_FALSE(t.recordFailure(key, now + 900 * s));
  CHECK(t.check(key, now + 900 * s).allowed);
}

TEST_CASE("Success clears a key; quiet keys are forgotten, so memory stays bounded") {
  LoginThrottle t;  // times in milliseconds
  for (int i = 0; i < 7; ++i) t.recordFailure("account:x", 100);
  CHECK_FALSE(t.check("account:x", 100).allowed);
  t.recordSuccess("account:x");
  CHECK(t.check("account:x", 100).allowed);
  // A spray of names an hour ago is dropped when new failures arrive.
  for (int i = 0; i < 1000; ++i) t.recordFailure("account:spray" + std::to_string(i), 0);
  CHECK(t.trackedKeys() == 1000);
  t.recordFailure("address:1.2.3.4", 3600 * 1000);
  CHECK(t.trackedKeys() == 1);
  // Unknown and known names are throttled alike (no enumeration by timing or answer).
  for (int i = 0; i < 6; ++i) t.recordFailure("account:no-such-user", 4000 * 1000);
  CHECK_FALSE(t.check("account:no-such-user", 4000 * 1000).allowed);
}

TEST_CASE("Attempts in flight count: a burst checked before any failure is recorded passes only the free ones") {
  LoginThrottle t;  // 5 free
  const std::string key = "account:dr.a";
  constexpr std::int64_t now = 1000 * 1000;
  int passed = 0;
  for (int i = 0; i < 40; ++i)
    if (t.check(key, now).allowed) {
      t.reserve(key);
      ++passed;
    }
  CHECK(passed == 5);
  CHECK(t.check(key, now).retryAfterSeconds == 1);
  for (int i = 0; i < 4; ++i) t.recordFailure(key, now + 100);
  t.release(key);  // one ended with no verdict (a malformed request): its place is free again
  CHECK(t.check(key, now + 100).allowed);
  // A success forgives the failures but not attempts still in flight.
  t.reserve(key);
  t.reserve(key);
  t.recordSuccess(key);
  CHECK(t.check(key, now + 200).allowed);
  for (int i = 0; i < 4; ++i) t.reserve(key);
  CHECK_FALSE(t.check(key, now + 200).allowed);  // 1 + 4 in flight
  for (int i = 0; i < 5; ++i) t.release(key);
  CHECK(t.trackedKeys() == 0);
}

TEST_CASE("A success forgives one failure on an address key, never a lock") {
  LoginThrottle t;  // 5 free, locked at 10; times in milliseconds
  const std::string key = "address:10.0.0.7";
  for (int i = 0; i < 5; ++i) t.recordFailure(key, 100);
  CHECK_FALSE(t.check(key, 100).allowed);  // after the fifth failure: a wait
  t.forgiveOne(key);
  CHECK(t.check(key, 100).allowed);  // four: free again
  for (int i = 0; i < 4; ++i) t.forgiveOne(key);
  CHECK(t.trackedKeys() == 0);  // nothing left to remember
  t.forgiveOne(key);            // nothing to forgive: no underflow
  CHECK(t.trackedKeys() == 0);
  for (int i = 0; i < 10; ++i) t.recordFailure(key, 100);
  t.forgiveOne(key);
  CHECK(t.check(key, 200).locked);  // a lock is served in full
}
