#include "sync-server/store/sqlite_database.h"

#include <sqlite3.h>


namespace limn::server {

namespace {

constexpr int kBusyTimeoutMs = 5000;

struct StatementReset {
  sqlite3_stmt* st;
  ~StatementReset() {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
  }
};

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return makeError(ErrorCode::kUnavailable, "cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<SqliteConnection> out(new SqliteConnection(db));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  if (auto s = out->execScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"); !s)
    return s.error();
  return out;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, st] : m_statements) sqlite3_finalize(st);
  sqlite3_close(m_db);
}

Error SqliteConnection::lastError(const char* what) const {
  const int code = sqlite3_extended_errcode(m_db);
  const ErrorCode ec = (code & 0xff) == SQLITE_CONSTRAINT ? ErrorCode::kAlreadyExists : ErrorCode::kUnavailable;
  return makeError(ec, std::string("sqlite ") + what + ": " + sqlite3_errmsg(m_db));
}

Result<sqlite3_stmt*> SqliteConnection::prepared(std::string_view sql) {
  if (auto it = m_statements.find(sql); it != m_statements.end()) return it->second;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr) !=
      SQLITE_OK)
    return lastError("prepare");
  m_statements.emplace(std::string(sql), st);
  return st;
}

Result<SqlRows> SqliteConnection::query(std::string_view sql, const std::vector<SqlValue>& params) {
  std::lock_guard lock(m_mutex);
  auto st = prepared(sql);
  if (!st) return st.error();
  StatementReset reset{*st};
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int at = static_cast<int>(i + 1);
    const SqlValue& v = params[i];
    if (const auto* n = std::get_if<std::int64_t>(&v)) sqlite3_bind_int64(*st, at, *n);
    else if (const auto* s = std::get_if<std::string>(&v)) sqlite3_bind_text(*st, at, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    else if (const auto* b = std::get_if<Blob>(&v)) sqlite3_bind_blob(*st, at, b->data(), static_cast<int>(b->size()), SQLITE_TRANSIENT);
    else sqlite3_bind_null(*st, at);
  }
  SqlRows rows;
  for (;;) {
    const int rc = sqlite3_step(*st);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return lastError("step");
    SqlRow row;
    const int n = sqlite3_column_count(*st);
    for (int c = 0; c < n; ++c) {
      switch (sqlite3_column_type(*st, c)) {
        case SQLITE_INTEGER: row.values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(*st, c))); break;
        case SQLITE_TEXT:
          row.values.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(*st, c)),
                                              static_cast<std::size_t>(sqlite3_column_bytes(*st, c))));
          break;
        case SQLITE_BLOB: {
          const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(*st, c));
          row.values.emplace_back(Blob(p, p + sqlite3_column_bytes(*st, c)));
          break;
        }
        case SQLITE_FLOAT: row.values.emplace_back(static_cast<std::int64_t>(sqlite3_column_double(*st, c))); break;
        default: row.values.emplace_back(nullptr);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Status SqliteConnection::execScript(std::string_view sql) {
  std::lock_guard lock(m_mutex);
  char* err = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return makeError(ErrorCode::kUnavailable, "sqlite: " + msg);
  }
  return okStatus();
}

Result<std::unique_ptr<Database>> SqliteDatabase::open(const std::string& path, int readers) {
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase());
  auto writer = SqliteConnection::open(path);
  if (!writer) return writer.error();
  db->m_writer = std::move(*writer);
  db->m_commits = std::make_unique<GroupCommit>(*db->m_writer, "BEGIN IMMEDIATE");
  for (int i = 0; i < readers; ++i) {
    auto r = SqliteConnection::open(path);
    if (!r) return r.error();
    db->m_readers.push_back(std::move(*r));
  }
  return std::unique_ptr<Database>(std::move(db));
}

SqliteConnection& SqliteDatabase::reader() {
  return *m_readers[m_nextReader.fetch_add(1) % m_readers.size()];
}

Result<SqlRows> SqliteDatabase::query(std::string_view sql, const std::vector<SqlValue>& params) {
  if (m_commits->onCommitThread() || startsWithKeyword(sql, "PRAGMA")) return m_writer->query(sql, params);
  if (startsWithKeyword(sql, "SELECT") && !m_readers.empty()) return reader().query(sql, params);
  return queryAsTransaction(*this, sql, params);
}

Status SqliteDatabase::execScript(std::string_view sql) { return m_writer->execScript(sql); }

}  // namespace limn::server
