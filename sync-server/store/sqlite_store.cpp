#include "sync-server/store/sqlite_store.h"

#include <sqlite3.h>

#include <iterator>

namespace limn::server {

namespace {

// Append only: a released migration is never edited, a new one is added.
constexpr const char* kMigrations[] = {
    // 1: bookkeeping
    "CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO server_meta VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ','now'));",
};

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return makeError(ErrorCode::kUnavailable, "cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db));
  sqlite3_busy_timeout(db, 5000);
  for (const char* pragma : {"PRAGMA journal_mode=WAL;", "PRAGMA synchronous=FULL;", "PRAGMA foreign_keys=ON;"}) {
    if (auto s = store->exec(pragma); !s) return s.error();
  }
  if (auto s = store->migrate(); !s) return s.error();
  return store;
}

SqliteStore::~SqliteStore() { sqlite3_close(m_db); }

Status SqliteStore::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return makeError(ErrorCode::kUnavailable, "sqlite: " + msg);
  }
  return okStatus();
}

Status SqliteStore::migrate() {
  std::lock_guard lock(m_mutex);
  if (auto s = exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                    "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));");
      !s)
    return s;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(m_db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -1, &st, nullptr);
  int current = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_finalize(st);
  const int latest = static_cast<int>(std::size(kMigrations));
  if (current > latest)
    return makeError(ErrorCode::kUnavailable, "database schema " + std::to_string(current) +
                                                  " is newer than this server (" + std::to_string(latest) + ")");
  for (int v = current + 1; v <= latest; ++v) {
    std::string sql = std::string("BEGIN IMMEDIATE;") + kMigrations[v - 1] +
                      "INSERT INTO schema_migrations(version) VALUES (" + std::to_string(v) + ");COMMIT;";
    if (auto s = exec(sql.c_str()); !s) {
      (void)exec("ROLLBACK;");
      return s;
    }
  }
  m_schemaVersion = latest;
  return okStatus();
}

Status SqliteStore::ping() {
  std::lock_guard lock(m_mutex);
  return exec("SELECT 1;");
}

}  // namespace limn::server
