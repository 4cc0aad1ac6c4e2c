// SQLite backend: one connection in WAL mode with synchronous=FULL (an
// acknowledged write survives power loss), statements prepared once and
// cached. SQLite has one writer at a time, so calls are serialised here.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "sync-server/store/database.h"

struct sqlite3;
struct sqlite3_stmt;

namespace limn::server {

class SqliteDatabase final : public Database {
 public:
  static Result<std::unique_ptr<Database>> open(const std::string& path);
  ~SqliteDatabase() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Result<SqlRows> query(std::string_view sql, const std::vector<SqlValue>& params) override;
  Status transaction(const std::function<Status(Database&)>& body) override;
  Status execScript(std::string_view sql) override;

 private:
  explicit SqliteDatabase(sqlite3* db) : m_db(db) {}
  Result<sqlite3_stmt*> prepared(std::string_view sql);
  Error lastError(const char* what) const;

  sqlite3* m_db;
  std::recursive_mutex m_mutex;
  std::map<std::string, sqlite3_stmt*, std::less<>> m_statements;
  int m_transactionDepth = 0;
};

}  // namespace limn::server
