// Passwords: a person changes theirs (proving the current one), and a
// person who lost theirs sets a new one with a one-time token from a server
// administrator and their key recovery key. Either way the client sends a
// new salt, the new authentication key and a new wrap of the same private
// keys; the server never sees a password or a key that opens the wrap, and
// the public keys cannot change. Every session of the person ends.
#include <nlohmann/json.hpp>

#include "shared/crypto/base64.h"
#include "shared/crypto/password_keys.h"
#include "shared/encoding/hex.h"
#include "shared/protocol/published_keys.h"
#include "sync-server/api/api_routes.h"
#include "sync-server/api/password_attempts.h"
#include "sync-server/auth/session_token.h"
#include "sync-server/store/session_records.h"
#include "sync-server/store/user_records.h"

namespace limn::server {

namespace {

constexpr std::int64_t kDefaultResetHours = 24;
constexpr std::int64_t kMaxResetHours = 72;
constexpr std::size_t kMaxWrapBytes = 4096;

struct NewPassword {
  Blob salt;
  std::string authHash;
  std::vector<std::uint8_t> wrap;  // the private keys under the new password's key
};

// The body's new salt, authentication key (hashed here, before any
// transaction: Argon2id takes a while) and wrap.
Result<NewPassword> newPasswordFrom(const Call& call) {
  crypto::PasswordSalt salt{};
  crypto::DerivedKey authKey{};
  if (!hexToBytes(call.optionalText("salt").value_or(""), salt))
    return makeError(ErrorCode::kInvalidArgument, "salt must be 32 hex digits");
  if (!hexToBytes(call.optionalText("auth_key").value_or(""), authKey))
    return makeError(ErrorCode::kInvalidArgument, "auth_key must be 64 hex digits");
  auto wrap = crypto::fromBase64(call.optionalText("wrapped_by_password").value_or(""));
  if (!wrap || wrap->empty() || wrap->size() > kMaxWrapBytes)
    return makeError(ErrorCode::kInvalidArgument, "wrapped_by_password must be the keys' new wrap");
  auto hash = crypto::hashAuthKey(authKey);
  if (!hash) return hash.error();
  return NewPassword{Blob(salt.begin(), salt.end()), std::move(*hash), std::move(*wrap)};
}

// The stored published keys with the password wrap replaced; the public
// halves and the recovery wrap stay as they are.
Result<std::string> withPasswordWrap(const std::string& publishedJson, std::vector<std::uint8_t> wrap) {
  auto published = protocol::publishedFromJson(nlohmann::json::parse(publishedJson, nullptr, false));
  if (!published) return makeError(ErrorCode::kConflict, "this account has no published keys to re-wrap");
  published->wrappedByPassword = std::move(wrap);
  return protocol::publishedToJson(*published).dump();
}

// Stores the new password and ends every session of the person, with the
// request's audit entry; `spendToken` (a reset) also uses up the token.
Result<nlohmann::json> storePassword(Call& call, const UserRecord& user, NewPassword fresh,
                                     const std::optional<Blob>& spendToken) {
  auto published = withPasswordWrap(user.publishedKeys, std::move(fresh.wrap));
  if (!published) return published.error();
  std::int64_t ended = 0;
  Status s = call.change([&](Database& tx) -> Status {
    if (spendToken) {
      auto spent = passwordResetUser(tx, *spendToken, call.now, true);
      if (!spent) return spent.error();
      if (!*spent || **spent != user.id) return makeError(ErrorCode::kForbidden, "forbidden: the reset token was just used");
    }
    if (auto r = setPassword(tx, user.id, fresh.salt, fresh.authHash, *published); !r) return r;
    auto n = deleteSessionsOf(tx, user.id);
    if (!n) return n.error();
    ended = *n;
    call.event.detail = {{"sessions_ended", ended}};
    return okStatus();
  });
  if (!s) return s.error();
  return nlohmann::json{{"user", user.name}, {"sessions_ended", ended}};
}

Result<nlohmann::json> changePassword(Call& call) {
  const std::string name = call.user().name;
  call.event.resource = "user:" + name;
  auto attempt = PasswordAttempt::begin(call, name);
  if (!attempt) return attempt.error();
  auto user = findUserById(call.ctx.db, call.user().userId);
  if (!user) return user.error();
  if (!*user) return makeError(ErrorCode::kUnauthenticated, "log in first");
  crypto::DerivedKey current{};
  if (!hexToBytes(call.optionalText("current_auth_key").value_or(""), current))
    return makeError(ErrorCode::kInvalidArgument, "current_auth_key must be 64 hex digits");
  // A session alone (a borrowed laptop, a stolen cookie) does not change the password.
  if (!crypto::verifyAuthKey((*user)->authHash, current)) {
    attempt->failed();
    return makeError(ErrorCode::kForbidden, "forbidden: the current password is wrong");
  }
  auto fresh = newPasswordFrom(call);
  if (!fresh) return fresh.error();
  return storePassword(call, **user, std::move(*fresh), std::nullopt);
}

Result<nlohmann::json> issueResetToken(Call& call) {
  const std::string name = call.params.at(0);
  call.event.resource = "user:" + name;
  auto user = findUserByName(call.ctx.db, name);
  if (!user) return user.error();
  if (!*user) return makeError(ErrorCode::kNotFound, "no such user");
  auto hours = call.integer("expires_hours", kDefaultResetHours, 1, kMaxResetHours);
  if (!hours) return hours.error();
  const std::string token = newOneTimeToken();
  const std::int64_t expiresAt = call.now + *hours * 3600;
  call.event.detail = {{"expires_at", expiresAt}};
  Status s = call.change([&](Database& tx) {
    return insertPasswordReset(tx, hashOneTimeToken(token), (*user)->id, call.user().userId, expiresAt);
  });
  if (!s) return s.error();
  return nlohmann::json{{"user", (*user)->name}, {"token", token}, {"expires_at", expiresAt}};
}

// The person a reset token is for, or 403 (unknown, used or expired alike).
Result<UserRecord> resetTokenUser(Call& call, Blob* tokenHash) {
  auto token = call.text("token");
  if (!token) return token.error();
  *tokenHash = hashOneTimeToken(*token);
  auto userId = passwordResetUser(call.ctx.db, *tokenHash, call.now, false);
  if (!userId) return userId.error();
  const Error refused = makeError(ErrorCode::kForbidden, "forbidden: this reset token is unknown, used or expired");
  if (!*userId) return refused;
  auto user = findUserById(call.ctx.db, **userId);
  if (!user) return user.error();
  if (!*user) return refused;
  call.event.resource = "user:" + (*user)->name;
  call.event.actor = (*user)->name;
  return **user;
}

// The wrapped keys (the recovery wrap among them) for the holder of a reset
// token, whose client opens them with the recovery key.
Result<nlohmann::json> resetKeys(Call& call) {
  Blob tokenHash;
  auto user = resetTokenUser(call, &tokenHash);
  if (!user) return user.error();
  auto published = nlohmann::json::parse(user->publishedKeys, nullptr, false);
  if (!protocol::publishedFromJson(published)) return makeError(ErrorCode::kConflict, "this account has no published keys");
  return nlohmann::json{{"user", user->name}, {"keys", published}};
}

Result<nlohmann::json> resetPassword(Call& call) {
  Blob tokenHash;
  auto user = resetTokenUser(call, &tokenHash);
  if (!user) return user.error();
  auto fresh = newPasswordFrom(call);
  if (!fresh) return fresh.error();
  return storePassword(call, *user, std::move(*fresh), tokenHash);
}

}  // namespace

void addPasswordRoutes(Router& r) {
  r.add({"POST", "/api/v1/auth/password", Access::kSession, "auth.password_change",
         "the person, proving the current password", changePassword});
  r.add({"POST", "/api/v1/users/{name}/password-reset", Access::kServerAdmin, "user.password_reset_token",
         "server administrators", issueResetToken});
  r.add({"POST", "/api/v1/auth/password-reset/keys", Access::kPublic, "auth.password_reset_keys",
         "holder of an unused, unexpired reset token", resetKeys});
  r.add({"POST", "/api/v1/auth/password-reset", Access::kPublic, "auth.password_reset",
         "holder of an unused, unexpired reset token", resetPassword});
}

}  // namespace limn::server
