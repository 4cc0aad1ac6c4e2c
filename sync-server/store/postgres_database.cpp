#include "sync-server/store/postgres_database.h"

#include <libpq-fe.h>

#include <cstring>

namespace limn::server {

namespace {

constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23;
constexpr int kMaxAttempts = 8;

Error connectionError(pg_conn* conn, const std::string& what) {
  std::string msg = PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return makeError(ErrorCode::kUnavailable, "postgres " + what + ": " + msg);
}

bool isRetryableState(const char* state) {
  return state && (std::strcmp(state, "40001") == 0 || std::strcmp(state, "40P01") == 0);
}

struct ResultGuard {
  PGresult* r;
  ~ResultGuard() { PQclear(r); }
};

Result<SqlRows> run(pg_conn* conn, std::string_view sql, const std::vector<SqlValue>& params) {
  const std::string text = toPostgresPlaceholders(sql);
  std::vector<std::string> storage(params.size());
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size()), formats(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    const SqlValue& v = params[i];
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
      storage[i] = std::to_string(*n);
      values[i] = storage[i].c_str();
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      values[i] = s->c_str();
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      values[i] = reinterpret_cast<const char*>(b->data());
      lengths[i] = static_cast<int>(b->size());
      formats[i] = 1;  // binary: bytea as is
    } else {
      values[i] = nullptr;
    }
  }
  ResultGuard res{PQexecParams(conn, text.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                               lengths.data(), formats.data(), 0)};
  const ExecStatusType status = PQresultStatus(res.r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    const char* state = PQresultErrorField(res.r, PG_DIAG_SQLSTATE);
    std::string msg = PQresultErrorMessage(res.r);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    ErrorCode code = ErrorCode::kUnavailable;
    if (state && std::strcmp(state, "23505") == 0) code = ErrorCode::kAlreadyExists;
    Error e = makeError(code, "postgres: " + msg);
    if (isRetryableState(state)) e.message = "retry: " + e.message;
    return e;
  }
  SqlRows rows;
  const int n = PQntuples(res.r), cols = PQnfields(res.r);
  rows.reserve(static_cast<std::size_t>(n));
  for (int r = 0; r < n; ++r) {
    SqlRow row;
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(res.r, r, c)) {
        row.values.emplace_back(nullptr);
        continue;
      }
      const char* v = PQgetvalue(res.r, r, c);
      const Oid type = PQftype(res.r, c);
      if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) {
        row.values.emplace_back(static_cast<std::int64_t>(std::strtoll(v, nullptr, 10)));
      } else if (type == kByteaOid) {
        std::size_t len = 0;
        unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &len);
        row.values.emplace_back(Blob(bytes, bytes + len));
        PQfreemem(bytes);
      } else {
        row.values.emplace_back(std::string(v, static_cast<std::size_t>(PQgetlength(res.r, r, c))));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The Database a transaction body sees: every call on its one connection.
class PinnedConnection final : public Database {
 public:
  explicit PinnedConnection(pg_conn* conn) : m_conn(conn) {}
  Dialect dialect() const override { return Dialect::kPostgres; }
  Result<SqlRows> query(std::string_view sql, const std::vector<SqlValue>& params) override {
    return run(m_conn, sql, params);
  }
  Status transaction(const std::function<Status(Database&)>& body) override { return body(*this); }
  Status execScript(std::string_view sql) override {
    ResultGuard res{PQexec(m_conn, std::string(sql).c_str())};
    if (PQresultStatus(res.r) != PGRES_COMMAND_OK && PQresultStatus(res.r) != PGRES_TUPLES_OK)
      return connectionError(m_conn, "exec");
    return okStatus();
  }

 private:
  pg_conn* m_conn;
};

}  // namespace

std::string toPostgresPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += '$';
      out += std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::unique_ptr<Database>> PostgresDatabase::open(const std::string& url, int connections) {
  std::unique_ptr<PostgresDatabase> db(new PostgresDatabase());
  for (int i = 0; i <= connections; ++i) {
    pg_conn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      Error e = connectionError(conn, "connect");
      PQfinish(conn);
      return e;
    }
    PinnedConnection pinned(conn);
    (void)pinned.execScript("SET client_min_messages TO warning;");
    db->m_all.push_back(conn);
    if (i == 0) {
      db->m_writer = std::make_unique<PinnedConnection>(conn);
      db->m_commits = std::make_unique<GroupCommit>(*db->m_writer, "BEGIN");
    } else {
      db->m_idle.push_back(conn);
    }
  }
  return std::unique_ptr<Database>(std::move(db));
}

PostgresDatabase::~PostgresDatabase() {
  for (pg_conn* c : m_all) PQfinish(c);
}

pg_conn* PostgresDatabase::acquire() {
  std::unique_lock lock(m_mutex);
  m_available.wait(lock, [this] { return !m_idle.empty(); });
  pg_conn* c = m_idle.back();
  m_idle.pop_back();
  if (PQstatus(c) != CONNECTION_OK) PQreset(c);  // the server restarted: reconnect
  return c;
}

void PostgresDatabase::release(pg_conn* conn) {
  {
    std::lock_guard lock(m_mutex);
    m_idle.push_back(conn);
  }
  m_available.notify_one();
}

Result<SqlRows> PostgresDatabase::query(std::string_view sql, const std::vector<SqlValue>& params) {
  if (m_commits->onCommitThread()) return m_writer->query(sql, params);
  if (startsWithKeyword(sql, "SELECT") && sql.find("pg_advisory") == std::string_view::npos) {
    pg_conn* c = acquire();
    auto r = run(c, sql, params);
    release(c);
    return r;
  }
  return queryAsTransaction(*this, sql, params);
}

Status PostgresDatabase::transaction(const std::function<Status(Database&)>& body) {
  Status result = okStatus();
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    result = m_commits->run(body);
    if (result || result.error().message.rfind("retry: ", 0) != 0) break;
  }
  return result;
}

Status PostgresDatabase::execScript(std::string_view sql) {
  if (m_commits->onCommitThread()) return m_writer->execScript(sql);
  return transaction([&](Database& tx) { return tx.execScript(sql); });
}

}  // namespace limn::server
