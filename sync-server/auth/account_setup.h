// Making an account: the Argon2id hash of the client's authentication key,
// a fresh TOTP secret and ten recovery codes, all stored in one transaction.
// Used by `limn-server admin create` and by accepting an invitation.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "shared/crypto/password_keys.h"
#include "sync-server/store/database.h"

namespace limn::server {

inline constexpr std::size_t kTotpSecretBytes = 20;  // RFC 4226 recommends 160 bits

struct NewAccount {
  std::int64_t userId = 0;
  std::string totpSecret;  // base32, for the authenticator app (shown once)
  std::string otpauthUri;  // the same as a URI (QR code)
  std::vector<std::string> recoveryCodes;  // shown once
  // The account's public signing key (hex), for its creation's audit entry:
  // the log then binds the person's signed client events to this key.
  std::string signingKeyHex;
};

// 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.
Status checkUserName(const std::string& name);

// Inside the caller's transaction. `authHash` is crypto::hashAuthKey of the
// client's key, computed before the transaction (Argon2id takes a while and
// must not hold the database's write lock). `publishedKeys` is the client's
// protocol::PublishedUserKeys JSON, checked for shape and stored as is.
Result<NewAccount> createAccount(Database& tx, const std::string& name, const crypto::PasswordSalt& salt,
                                 const std::string& authHash, const nlohmann::json& publishedKeys, bool isAdmin);

}  // namespace limn::server
