#include "sync-server/store/database.h"

#include <cctype>

#include "sync-server/store/migrations.h"
#include "sync-server/store/postgres_database.h"
#include "sync-server/store/sqlite_database.h"

namespace limn::server {

std::int64_t SqlRow::integer(std::size_t i) const {
  const SqlValue& v = values.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* s = std::get_if<std::string>(&v)) return s->empty() ? 0 : std::stoll(*s);
  return 0;
}

std::string SqlRow::text(std::size_t i) const {
  const SqlValue& v = values.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* b = std::get_if<Blob>(&v)) return std::string(b->begin(), b->end());
  return {};
}

Blob SqlRow::blob(std::size_t i) const {
  const SqlValue& v = values.at(i);
  if (const auto* b = std::get_if<Blob>(&v)) return *b;
  if (const auto* s = std::get_if<std::string>(&v)) return Blob(s->begin(), s->end());
  return {};
}

std::optional<std::int64_t> firstInteger(const SqlRows& rows) {
  if (rows.empty() || rows[0].values.empty() || rows[0].isNull(0)) return std::nullopt;
  return rows[0].integer(0);
}

Status asStatus(const Result<SqlRows>& rows) {
  if (!rows) return rows.error();
  return okStatus();
}

bool startsWithKeyword(std::string_view sql, std::string_view keyword) {
  std::size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  if (sql.size() - i < keyword.size()) return false;
  for (std::size_t k = 0; k < keyword.size(); ++k)
    if (std::toupper(static_cast<unsigned char>(sql[i + k])) != keyword[k]) return false;
  return true;
}

Result<SqlRows> queryAsTransaction(Database& db, std::string_view sql, const std::vector<SqlValue>& params) {
  Result<SqlRows> out = SqlRows{};
  Status s = db.transaction([&](Database& tx) -> Status {
    out = tx.query(sql, params);
    return asStatus(out);
  });
  if (!s) return s.error();
  return out;
}

Result<std::unique_ptr<Database>> openDatabase(const std::string& spec, const std::string& dataDir) {
  Result<std::unique_ptr<Database>> db = makeError(ErrorCode::kInvalidArgument, "");
  if (spec == "sqlite") {
    db = SqliteDatabase::open(dataDir + "/limn.sqlite3");
  } else if (spec.rfind("postgres://", 0) == 0 || spec.rfind("postgresql://", 0) == 0) {
    db = PostgresDatabase::open(spec);
  } else {
    return makeError(ErrorCode::kInvalidArgument, "--db is sqlite or a postgres:// URL");
  }
  if (!db) return db.error();
  if (auto s = migrate(**db); !s) return s.error();
  return db;
}

}  // namespace limn::server
