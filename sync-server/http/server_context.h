// What every request handler may use: the database, the audit log, the
// login throttle and counters for /metrics. One per server process.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>

#include "sync-server/audit/audit_log.h"
#include "sync-server/auth/login_throttle.h"
#include "sync-server/server_config.h"
#include "sync-server/store/database.h"
#include "sync-server/sync/op_notifier.h"

namespace limn::server {

struct Metrics {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> denied{0};     // 401 and 403
  std::atomic<std::uint64_t> failed{0};     // other 4xx and 5xx
  std::atomic<std::uint64_t> logins{0};
  std::atomic<std::uint64_t> loginFailures{0};
  std::atomic<std::uint64_t> lockouts{0};
};

struct ServerContext {
  ServerContext(const ServerConfig& c, Database& d, AuditLog& a) : config(c), db(d), audit(a) {}
  const ServerConfig& config;
  Database& db;
  AuditLog& audit;
  // Accounts lock after a few failures; an address (a whole hospital behind
  // one NAT) is allowed more before it waits.
  LoginThrottle accountThrottle;
  LoginThrottle addressThrottle{ThrottlePolicy{20, 1, 300, 100, 900, 3600}};
  std::mutex throttleMutex;
  Metrics metrics;
  OpNotifier opNotifier;
  // An Argon2id hash checked when the named user does not exist, so the
  // answer takes as long as for a real one (no enumeration by timing).
  std::string decoyAuthHash;
  // Keys the made-up salt an unknown name gets at prelogin (stable per name).
  std::array<std::uint8_t, 32> decoySaltKey{};
  // Keys the digest of a relayed image's name in the audit log: a name may
  // be PHI, and a plain hash of one can be found by guessing names.
  std::array<std::uint8_t, 32> blobNameKey{};
  // Audit actions of the routes that read (GET), filled as routes are
  // installed: the monthly review counts these towards bulk reads.
  std::set<std::string> readActions;
};

}  // namespace limn::server
