// The server's one contract with a SQL database, implemented by SQLite (the
// embedded default) and PostgreSQL (libpq). Domain code (users, sessions,
// projects, tasks, audit) is written once against it with `?` placeholders
// and portable SQL; each backend adapts placeholders and a few types.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "shared/error/result.h"

namespace limn::server {

using Blob = std::vector<std::uint8_t>;
using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string, Blob>;

struct SqlRow {
  std::vector<SqlValue> values;
  bool isNull(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(values.at(i)); }
  std::int64_t integer(std::size_t i) const;  // 0 for NULL
  std::string text(std::size_t i) const;      // "" for NULL
  Blob blob(std::size_t i) const;             // empty for NULL
};

using SqlRows = std::vector<SqlRow>;

enum class Dialect { kSqlite, kPostgres };

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // One statement with bound parameters; rows for SELECT/RETURNING.
  virtual Result<SqlRows> query(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
  // Runs `body` in one transaction on one connection: committed when it
  // returns ok, rolled back otherwise. Serialisation conflicts are retried,
  // so `body` must be safe to run again.
  virtual Status transaction(const std::function<Status(Database&)>& body) = 0;
  // Several statements without parameters (migrations).
  virtual Status execScript(std::string_view sql) = 0;
};

// Opens "sqlite" (DATA/limn.sqlite3) or a postgres:// URL and migrates it.
Result<std::unique_ptr<Database>> openDatabase(const std::string& spec, const std::string& dataDir);

// The first row's first column as an integer, or nullopt when no row.
std::optional<std::int64_t> firstInteger(const SqlRows& rows);

// A statement whose rows do not matter: only whether it worked.
Status asStatus(const Result<SqlRows>& rows);

// The first row made into a T, nothing when there is none, or the error.
template <typename T, typename FromRow>
Result<std::optional<T>> optionalRow(const Result<SqlRows>& rows, FromRow fromRow) {
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(fromRow(rows->front()));
}

// Whether a statement begins with `keyword` (upper case), after spaces:
// how the backends tell reads from writes.
bool startsWithKeyword(std::string_view sql, std::string_view keyword);

// One statement as its own transaction through `db.transaction` (so a
// single write joins group commit like any other).
Result<SqlRows> queryAsTransaction(Database& db, std::string_view sql, const std::vector<SqlValue>& params);

}  // namespace limn::server
