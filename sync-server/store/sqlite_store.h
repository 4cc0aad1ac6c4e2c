// The embedded store: one SQLite database in WAL mode with synchronous=FULL
// (an acknowledged write survives power loss), schema under versioned
// migrations that run at open.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "shared/error/result.h"

struct sqlite3;

namespace limn::server {

struct NewUser {
  std::string name;
  std::vector<std::uint8_t> passwordSalt;  // Argon2id salt of the client-side derivation
  std::string authHash;                     // Argon2id string of the client's auth key
  std::vector<std::uint8_t> totpSecret;     // RFC 6238 shared secret
  bool isAdmin = false;
};

class SqliteStore {
 public:
  // Opens (creating if needed) and migrates the database at `path`.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path);
  ~SqliteStore();
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  int schemaVersion() const { return m_schemaVersion; }
  // Fails with kAlreadyExists when the name is taken (case-insensitively).
  Status createUser(const NewUser& user);
  // A cheap round trip through the database, for /api/v1/health.
  Status ping();

 private:
  explicit SqliteStore(sqlite3* db) : m_db(db) {}
  Status migrate();
  Status exec(const char* sql);

  sqlite3* m_db;
  std::mutex m_mutex;
  int m_schemaVersion = 0;
};

}  // namespace limn::server
