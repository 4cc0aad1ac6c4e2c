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
    // 2: accounts. auth_hash is an Argon2id string of the client-derived
    // authentication key (never the password, never the key-encryption key).
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  password_salt BLOB NOT NULL,"
    "  auth_hash TEXT NOT NULL,"
    "  totp_secret BLOB NOT NULL,"
    "  is_admin INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));",
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

Status SqliteStore::createUser(const NewUser& user) {
  std::lock_guard lock(m_mutex);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(m_db,
                         "INSERT INTO users(name, password_salt, auth_hash, totp_secret, is_admin) "
                         "VALUES (?, ?, ?, ?, ?)",
                         -1, &st, nullptr) != SQLITE_OK)
    return makeError(ErrorCode::kUnavailable, std::string("sqlite: ") + sqlite3_errmsg(m_db));
  sqlite3_bind_text(st, 1, user.name.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(st, 2, user.passwordSalt.data(), static_cast<int>(user.passwordSalt.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, user.authHash.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(st, 4, user.totpSecret.data(), static_cast<int>(user.totpSecret.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 5, user.isAdmin ? 1 : 0);
  const int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc == SQLITE_CONSTRAINT) return makeError(ErrorCode::kAlreadyExists, "user " + user.name + " already exists");
  if (rc != SQLITE_DONE) return makeError(ErrorCode::kUnavailable, std::string("sqlite: ") + sqlite3_errmsg(m_db));
  return okStatus();
}

Status SqliteStore::ping() {
  std::lock_guard lock(m_mutex);
  return exec("SELECT 1;");
}

}  // namespace limn::server
