#include "sync-server/store/user_records.h"

#include <algorithm>

namespace limn::server {

namespace {

constexpr const char* kUserColumns =
    "SELECT id, name, password_salt, auth_hash, totp_secret, totp_last_step, is_admin, disabled, published_keys "
    "FROM users ";

UserRecord userFromRow(const SqlRow& r) {
  return UserRecord{r.integer(0), r.text(1),       r.blob(2),         r.text(3), r.blob(4),
                    r.integer(5), r.integer(6) != 0, r.integer(7) != 0, r.text(8)};
}

}  // namespace

Result<std::int64_t> insertUser(Database& db, const NewUser& user) {
  auto rows = db.query(
      "INSERT INTO users(name, password_salt, auth_hash, totp_secret, is_admin, published_keys)"
      " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {user.name, user.passwordSalt, user.authHash, user.totpSecret, std::int64_t{user.isAdmin ? 1 : 0},
       user.publishedKeys});
  if (!rows) {
    if (rows.error().code == ErrorCode::kAlreadyExists)
      return makeError(ErrorCode::kAlreadyExists, "user " + user.name + " already exists");
    return rows.error();
  }
  return firstInteger(*rows).value_or(0);
}

Result<std::optional<UserRecord>> findUserByName(Database& db, const std::string& name) {
  return optionalRow<UserRecord>(db.query(std::string(kUserColumns) + "WHERE lower(name) = lower(?)", {name}), userFromRow);
}

Result<std::optional<UserRecord>> findUserById(Database& db, std::int64_t id) {
  return optionalRow<UserRecord>(db.query(std::string(kUserColumns) + "WHERE id = ?", {id}), userFromRow);
}

Result<std::vector<UserRecord>> listUsers(Database& db) {
  auto rows = db.query(std::string(kUserColumns) + "ORDER BY lower(name)");
  if (!rows) return rows.error();
  std::vector<UserRecord> out;
  for (const SqlRow& r : *rows) out.push_back(userFromRow(r));
  return out;
}

Result<bool> shareAProject(Database& db, std::int64_t a, std::int64_t b) {
  auto rows = db.query(
      "SELECT 1 FROM project_members x JOIN project_members y ON x.project_id = y.project_id"
      " WHERE x.user_id = ? AND y.user_id = ? LIMIT 1",
      {a, b});
  if (!rows) return rows.error();
  return !rows->empty();
}

Status setUserDisabled(Database& db, std::int64_t userId, bool disabled) {
  return asStatus(db.query("UPDATE users SET disabled = ? WHERE id = ?", {std::int64_t{disabled ? 1 : 0}, userId}));
}

Result<bool> advanceTotpStep(Database& db, std::int64_t userId, std::int64_t step) {
  // One conditional update: two servers racing on one code cannot both win.
  auto rows = db.query("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ? RETURNING id",
                       {step, userId, step});
  if (!rows) return rows.error();
  return !rows->empty();
}

Status insertRecoveryCodes(Database& db, std::int64_t userId, const std::vector<StoredRecoveryCode>& codes) {
  return db.transaction([&](Database& tx) -> Status {
    if (auto r = tx.query("DELETE FROM recovery_codes WHERE user_id = ?", {userId}); !r) return r.error();
    for (const StoredRecoveryCode& c : codes) {
      auto r = tx.query("INSERT INTO recovery_codes(user_id, salt, hash) VALUES (?, ?, ?)",
                        {userId, Blob(c.salt.begin(), c.salt.end()), Blob(c.hash.begin(), c.hash.end())});
      if (!r) return r.error();
    }
    return okStatus();
  });
}

Result<bool> spendRecoveryCode(Database& db, std::int64_t userId, const std::string& typed) {
  bool spent = false;
  Status s = db.transaction([&](Database& tx) -> Status {
    auto rows = tx.query("SELECT id, salt, hash FROM recovery_codes WHERE user_id = ? ORDER BY id", {userId});
    if (!rows) return rows.error();
    std::vector<StoredRecoveryCode> stored;
    for (const SqlRow& r : *rows) {
      StoredRecoveryCode c;
      const Blob salt = r.blob(1), hash = r.blob(2);
      if (salt.size() != c.salt.size() || hash.size() != c.hash.size()) continue;
      std::copy(salt.begin(), salt.end(), c.salt.begin());
      std::copy(hash.begin(), hash.end(), c.hash.begin());
      stored.push_back(c);
    }
    const auto match = matchRecoveryCode(stored, typed);
    if (!match) return okStatus();
    // Deleting with RETURNING: only one of two concurrent uses gets the row.
    auto del = tx.query("DELETE FROM recovery_codes WHERE id = ? RETURNING id", {(*rows)[*match].integer(0)});
    if (!del) return del.error();
    spent = !del->empty();
    return okStatus();
  });
  if (!s) return s.error();
  return spent;
}

Result<std::int64_t> countRecoveryCodes(Database& db, std::int64_t userId) {
  auto rows = db.query("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?", {userId});
  if (!rows) return rows.error();
  return firstInteger(*rows).value_or(0);
}

Status insertQualification(Database& db, std::int64_t userId, const std::string& qualification,
                           std::int64_t verifiedBy, std::int64_t now) {
  return asStatus(db.query(
      "INSERT INTO qualifications(user_id, qualification, verified_by, verified_at) VALUES (?, ?, ?, ?)"
      " ON CONFLICT (user_id, qualification) DO NOTHING",
      {userId, qualification, verifiedBy, now}));
}

Result<std::vector<Qualification>> qualificationsOf(Database& db, std::int64_t userId) {
  auto rows = db.query(
      "SELECT q.qualification, COALESCE(u.name, ''), q.verified_at FROM qualifications q"
      " LEFT JOIN users u ON u.id = q.verified_by WHERE q.user_id = ? ORDER BY q.qualification",
      {userId});
  if (!rows) return rows.error();
  std::vector<Qualification> out;
  for (const SqlRow& r : *rows) out.push_back({r.text(0), r.text(1), r.integer(2)});
  return out;
}

Status setPassword(Database& tx, std::int64_t userId, const Blob& salt, const std::string& authHash,
                   const std::string& publishedKeys) {
  return asStatus(tx.query("UPDATE users SET password_salt = ?, auth_hash = ?, published_keys = ? WHERE id = ?",
                           {salt, authHash, publishedKeys, userId}));
}

Status insertPasswordReset(Database& db, const Blob& tokenHash, std::int64_t userId, std::int64_t createdBy,
                           std::int64_t expiresAt) {
  return asStatus(db.query("INSERT INTO password_resets(token_hash, user_id, created_by, expires_at) VALUES (?, ?, ?, ?)",
                           {tokenHash, userId, createdBy, expiresAt}));
}

Result<std::optional<std::int64_t>> passwordResetUser(Database& db, const Blob& tokenHash, std::int64_t now, bool spend) {
  auto rows = spend ? db.query("UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at = 0"
                               " AND expires_at > ? RETURNING user_id",
                               {now, tokenHash, now})
                    : db.query("SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at = 0 AND expires_at > ?",
                               {tokenHash, now});
  return optionalRow<std::int64_t>(rows, [](const SqlRow& r) { return r.integer(0); });
}

}  // namespace limn::server
