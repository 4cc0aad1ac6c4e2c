// Accounts, their MFA state and qualifications, as stored rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync-server/auth/recovery_codes.h"
#include "sync-server/store/database.h"

namespace limn::server {

struct NewUser {
  std::string name;
  Blob passwordSalt;   // Argon2id salt of the client-side derivation
  std::string authHash;  // Argon2id string of the client's auth key
  Blob totpSecret;     // RFC 6238 shared secret
  bool isAdmin = false;
  std::string publishedKeys;  // JSON from the client: public keys and wrapped private keys
};

struct UserRecord {
  std::int64_t id = 0;
  std::string name;
  Blob passwordSalt;
  std::string authHash;
  Blob totpSecret;
  std::int64_t totpLastStep = 0;
  bool isAdmin = false;
  bool disabled = false;
  std::string publishedKeys;
};

struct Qualification {
  std::string name;  // e.g. "specialty:neuroradiology", "level:senior", "degree:MD"
  std::string verifiedBy;
  std::int64_t verifiedAt = 0;
};

// Fails with kAlreadyExists when the name is taken (case-insensitively).
Result<std::int64_t> insertUser(Database& db, const NewUser& user);
Result<std::optional<UserRecord>> findUserByName(Database& db, const std::string& name);
Result<std::optional<UserRecord>> findUserById(Database& db, std::int64_t id);
Result<std::vector<UserRecord>> listUsers(Database& db);
// Whether the two share at least one project.
Result<bool> shareAProject(Database& db, std::int64_t a, std::int64_t b);
// A disabled account cannot log in and its sessions stop working.
Status setUserDisabled(Database& db, std::int64_t userId, bool disabled);

// A new password: its salt, the Argon2id hash of its authentication key and
// the published keys with the private halves wrapped under its key.
Status setPassword(Database& tx, std::int64_t userId, const Blob& salt, const std::string& authHash,
                   const std::string& publishedKeys);
Status insertPasswordReset(Database& db, const Blob& tokenHash, std::int64_t userId, std::int64_t createdBy,
                           std::int64_t expiresAt);
// The person an unused, unexpired reset token is for; with `spend`, the
// token is marked used in the same statement (it works once).
Result<std::optional<std::int64_t>> passwordResetUser(Database& db, const Blob& tokenHash, std::int64_t now, bool spend);
// Records `step` as the last accepted TOTP step if it is later than the
// stored one; false when it is not (a replayed or older code).
Result<bool> advanceTotpStep(Database& db, std::int64_t userId, std::int64_t step);

Status insertRecoveryCodes(Database& db, std::int64_t userId, const std::vector<StoredRecoveryCode>& codes);
// Spends the stored code `typed` matches; false when none does.
Result<bool> spendRecoveryCode(Database& db, std::int64_t userId, const std::string& typed);
Result<std::int64_t> countRecoveryCodes(Database& db, std::int64_t userId);

Status insertQualification(Database& db, std::int64_t userId, const std::string& qualification,
                           std::int64_t verifiedBy, std::int64_t now);
Result<std::vector<Qualification>> qualificationsOf(Database& db, std::int64_t userId);

}  // namespace limn::server
