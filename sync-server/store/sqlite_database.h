// SQLite backend: WAL mode with synchronous=FULL (an acknowledged write
// survives power loss). One writer connection, on which every change runs
// through group commit (sync-server/store/group_commit.h), and a few reader
// connections, which WAL lets read committed data while the writer commits.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sync-server/store/database.h"
#include "sync-server/store/group_commit.h"

struct sqlite3;
struct sqlite3_stmt;

namespace limn::server {

// One connection with its prepared statements; calls are serialised.
class SqliteConnection final : public Database {
 public:
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path);
  ~SqliteConnection() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Result<SqlRows> query(std::string_view sql, const std::vector<SqlValue>& params) override;
  // Already inside the writer's transaction: runs the body here.
  Status transaction(const std::function<Status(Database&)>& body) override { return body(*this); }
  Status execScript(std::string_view sql) override;

 private:
  explicit SqliteConnection(sqlite3* db) : m_db(db) {}
  Result<sqlite3_stmt*> prepared(std::string_view sql);
  Error lastError(const char* what) const;

  sqlite3* m_db;
  std::recursive_mutex m_mutex;
  std::map<std::string, sqlite3_stmt*, std::less<>> m_statements;
};

class SqliteDatabase final : public Database {
 public:
  static Result<std::unique_ptr<Database>> open(const std::string& path, int readers = 4);

  Dialect dialect() const override { return Dialect::kSqlite; }
  // SELECTs go to a reader; other statements commit through group commit.
  Result<SqlRows> query(std::string_view sql, const std::vector<SqlValue>& params) override;
  Status transaction(const std::function<Status(Database&)>& body) override { return m_commits->run(body); }
  Status execScript(std::string_view sql) override;

 private:
  SqliteDatabase() = default;
  SqliteConnection& reader();

  std::unique_ptr<SqliteConnection> m_writer;
  std::unique_ptr<GroupCommit> m_commits;
  std::vector<std::unique_ptr<SqliteConnection>> m_readers;
  std::atomic<std::size_t> m_nextReader{0};
};

}  // namespace limn::server
