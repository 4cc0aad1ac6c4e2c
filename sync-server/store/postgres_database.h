// PostgreSQL backend over libpq: statements written with `?` placeholders
// become $1, $2, ...; reads use a small pool of connections; changes run on
// one writer connection through group commit (group_commit.h) at READ
// COMMITTED, with advisory locks and compare-and-set updates where order
// matters (audit appends, task changes), and are retried on serialisation
// failures and deadlocks, so several limn-server processes can share one
// database.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sync-server/store/database.h"
#include "sync-server/store/group_commit.h"

struct pg_conn;

namespace limn::server {

// "?" outside quoted literals -> "$1", "$2", ... (exposed for tests).
std::string toPostgresPlaceholders(std::string_view sql);

class PostgresDatabase final : public Database {
 public:
  static Result<std::unique_ptr<Database>> open(const std::string& url, int connections = 8);
  ~PostgresDatabase() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Result<SqlRows> query(std::string_view sql, const std::vector<SqlValue>& params) override;
  Status transaction(const std::function<Status(Database&)>& body) override;
  Status execScript(std::string_view sql) override;

 private:
  PostgresDatabase() = default;
  pg_conn* acquire();
  void release(pg_conn* conn);

  std::unique_ptr<Database> m_writer;  // a pinned connection, used only by group commit
  std::unique_ptr<GroupCommit> m_commits;
  std::vector<pg_conn*> m_all;
  std::vector<pg_conn*> m_idle;
  std::mutex m_mutex;
  std::condition_variable m_available;
};

}  // namespace limn::server
