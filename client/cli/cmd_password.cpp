// `limn user change-password`, `limn user reset-token`, `limn user
// reset-password`: a new password wraps the same private keys again, on the
// client. Changing it proves the current password; a lost one is replaced
// with a one-time token from a server administrator and the key recovery
// key shown when the account was made. Either way every session ends.
#include <cstdio>

#include "client/cli/command.h"
#include "client/cli/server/server_command.h"
#include "shared/cli/args.h"
#include "shared/cli/password_file.h"
#include "shared/crypto/base64.h"
#include "shared/crypto/password_keys.h"
#include "shared/encoding/hex.h"
#include "shared/keys/user_keys.h"

namespace limn::cli {

namespace {

// A new password for `keys`: its salt, authentication key and a wrap of
// the same keys under its key (checked to open) for POST /auth/password.
Result<nlohmann::json> newPasswordBody(const std::string& newPasswordFile, const std::string& user,
                                       const keys::UserKeys& keys) {
  auto password = readPasswordFile(newPasswordFile);
  if (!password) return password.error();
  const crypto::PasswordSalt salt = crypto::randomPasswordSalt();
  auto derived = crypto::derivePasswordKeys(*password, salt);
  if (!derived) return derived.error();
  auto wrap = keys::rewrapForPassword(keys, user, derived->keyEncryptionKey);
  if (!wrap) return wrap.error();
  return nlohmann::json{{"salt", crypto::toHex(salt)},
                        {"auth_key", crypto::toHex(derived->authKey)},
                        {"wrapped_by_password", crypto::toBase64(*wrap)}};
}

}  // namespace

int runUserChangePassword(const std::vector<std::string>& words) {
  const std::string cmd = "user change-password";
  auto args = Args::parse(words, {"json"}, {"password-file", "new-password-file"});
  if (!args || !args->value("password-file") || !args->value("new-password-file"))
    return commandUsage(cmd, "--password-file CURRENT --new-password-file NEW [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  auto mine = loadMyKeys(state->user);
  if (!mine) return commandFailed(cmd, mine.error());
  // The session and the audit log are checked now: the change ends the session.
  if (auto live = callAsUser(*state, "GET", "/api/v1/auth/session"); !live) return commandFailed(cmd, live.error());
  auto pre = apiRequest(state->server, "POST", "/api/v1/auth/prelogin", {{"user", state->user}}, nullptr);
  if (!pre) return commandFailed(cmd, pre.error());
  crypto::PasswordSalt salt{};
  if (!hexToBytes(pre->body.value("salt", ""), salt))
    return commandFailed(cmd, makeError(ErrorCode::kInternal, "the server sent no usable salt"));
  auto current = readPasswordFile(*args->value("password-file"));
  if (!current) return commandFailed(cmd, current.error());
  auto derived = crypto::derivePasswordKeys(*current, salt);
  if (!derived) return commandFailed(cmd, derived.error());
  auto body = newPasswordBody(*args->value("new-password-file"), state->user, *mine);
  if (!body) return commandFailed(cmd, body.error());
  (*body)["current_auth_key"] = crypto::toHex(derived->authKey);
  auto reply = callAsUser(*state, "POST", "/api/v1/auth/password", *body);
  if (!reply) return commandFailed(cmd, reply.error());
  // Every session ended, this one too.
  state->session = {};
  forgetMyKeys();
  if (auto s = saveClientState(*state); !s) return commandFailed(cmd, s.error());
  return commandDone(args->has("json"), *reply,
                     "Password changed; " + std::to_string(reply->value("sessions_ended", 0)) +
                         " sessions ended. Log in again with the new password.");
}

int runUserResetToken(const std::vector<std::string>& words) {
  const std::string cmd = "user reset-token";
  auto args = Args::parse(words, {"json"}, {"user", "expires-hours"});
  if (!args || !args->value("user")) return commandUsage(cmd, "--user NAME [--expires-hours N] [--json]");
  auto hours = args->integer("expires-hours", 0, 0, INT64_MAX);  // the server says how long at most
  if (!hours) return commandBadArgument(cmd, hours.error());
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  nlohmann::json body = nlohmann::json::object();
  if (args->value("expires-hours")) body["expires_hours"] = *hours;
  auto reply = callAsUser(*state, "POST", "/api/v1/users/" + urlSegment(*args->value("user")) + "/password-reset", body);
  if (!reply) return commandFailed(cmd, reply.error());
  return commandDone(args->has("json"), *reply,
                     "One-time password reset token for " + reply->value("user", "") + " (give it to them in person):\n  " +
                         reply->value("token", "") + "\nThey run: limn user reset-password --server URL --token TOKEN "
                                                     "--recovery-key-file FILE --new-password-file FILE");
}

int runUserResetPassword(const std::vector<std::string>& words) {
  const std::string cmd = "user reset-password";
  const std::string usage =
      "--server URL --token TOKEN --recovery-key-file FILE --new-password-file FILE [--ca-file PEM] [--json]";
  auto args = Args::parse(words, {"json"}, {"server", "token", "recovery-key-file", "new-password-file", "ca-file"});
  if (!args || !args->value("server") || !args->value("token") || !args->value("recovery-key-file") ||
      !args->value("new-password-file"))
    return commandUsage(cmd, usage);
  const ServerEndpoint server{*args->value("server"), args->value("ca-file").value_or("")};
  const nlohmann::json token = {{"token", *args->value("token")}};
  auto held = apiRequest(server, "POST", "/api/v1/auth/password-reset/keys", token, nullptr);
  if (!held) return commandFailed(cmd, held.error());
  const std::string user = held->body.value("user", "");
  auto published = protocol::publishedFromJson(held->body.value("keys", nlohmann::json()));
  if (!published) return commandFailed(cmd, published.error());
  auto recoveryText = readPasswordFile(*args->value("recovery-key-file"));
  if (!recoveryText) return commandFailed(cmd, recoveryText.error());
  auto recoveryKey = keys::parseRecoveryKey(*recoveryText);
  if (!recoveryKey) return commandFailed(cmd, recoveryKey.error());
  auto mine = keys::unwrapUserKeys(*published, user, *recoveryKey, true);
  if (!mine)
    return commandFailed(cmd, makeError(mine.error().code, "the recovery key does not open " + user + "'s keys (" +
                                                               mine.error().message + "); nothing was changed"));
  auto body = newPasswordBody(*args->value("new-password-file"), user, *mine);
  if (!body) return commandFailed(cmd, body.error());
  (*body)["token"] = *args->value("token");
  auto reply = apiRequest(server, "POST", "/api/v1/auth/password-reset", *body, nullptr);
  if (!reply) return commandFailed(cmd, reply.error());
  return commandDone(args->has("json"), reply->body,
                     "New password set for " + user +
                         "; log in with it and your authenticator (your keys and projects are as before).");
}

}  // namespace limn::cli
