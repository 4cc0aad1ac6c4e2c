// `limn login`, `limn logout`, `limn user accept|invite|revoke-sessions`.
//
// The password is read from a file and never sent: the client derives an
// authentication key from it (Argon2id with the account's salt) and sends
// only that; the server keeps an Argon2id hash of the key.
#include <cstdio>

#include "client/cli/command.h"
#include "client/cli/server/server_command.h"
#include "shared/cli/args.h"
#include "shared/cli/password_file.h"
#include "shared/crypto/base64.h"
#include "shared/crypto/password_keys.h"
#include "shared/crypto/sha256.h"
#include "shared/encoding/hex.h"
#include "shared/keys/user_keys.h"
#include "shared/protocol/published_keys.h"

namespace limn::cli {

namespace {

std::string listLines(const nlohmann::json& list) {
  std::string out;
  for (const auto& v : list) out += "  " + v.get<std::string>() + "\n";
  return out;
}

}  // namespace

int runLogin(const std::vector<std::string>& words) {
  const std::string cmd = "login";
  const std::string usage =
      "--server URL --user NAME --password-file FILE [--totp CODE | --recovery-code CODE] [--ca-file PEM] [--json]";
  auto args = Args::parse(words, {"json"}, {"server", "user", "password-file", "totp", "recovery-code", "ca-file"});
  if (!args || !args->value("server") || !args->value("user") || !args->value("password-file"))
    return commandUsage(cmd, usage);
  auto state = loadClientState();
  if (!state) return commandFailed(cmd, state.error());
  const ServerEndpoint server{*args->value("server"), args->value("ca-file").value_or("")};
  if (server.url != state->server.url) {  // another server: another trust anchor, other people
    state->audit = {};
    state->knownKeys = {};
  }
  state->server = server;
  const std::string user = *args->value("user");
  auto pre = apiRequest(server, "POST", "/api/v1/auth/prelogin", {{"user", user}}, nullptr);
  if (!pre) return commandFailed(cmd, pre.error());
  crypto::PasswordSalt salt{};
  if (!hexToBytes(pre->body.value("salt", ""), salt))
    return commandFailed(cmd, makeError(ErrorCode::kInternal, "the server sent no usable salt"));
  auto password = readPasswordFile(*args->value("password-file"));
  if (!password) return commandFailed(cmd, password.error());
  auto derived = crypto::derivePasswordKeys(*password, salt);
  if (!derived) return commandFailed(cmd, derived.error());
  nlohmann::json body = {{"user", user}, {"auth_key", crypto::toHex(derived->authKey)}};
  if (auto t = args->value("totp")) body["totp"] = *t;
  if (auto r = args->value("recovery-code")) body["recovery_code"] = *r;
  auto reply = apiRequest(server, "POST", "/api/v1/auth/login", body, nullptr);
  if (!reply) return commandFailed(cmd, reply.error());
  if (!reply->sessionToken) return commandFailed(cmd, makeError(ErrorCode::kInternal, "the server set no session"));
  state->user = reply->body.value("user", user);
  state->session = {*reply->sessionToken, reply->body.value("csrf_token", "")};
  if (auto s = saveClientState(*state); !s) return commandFailed(cmd, s.error());
  if (auto s = syncAuditCheckpoint(*state); !s) return commandFailed(cmd, s.error());
  // The wrapped keys the server returned must open with this password's key
  // and match the published public halves (a server cannot swap them).
  if (reply->body.contains("keys") && !reply->body["keys"].is_null()) {
    auto published = protocol::publishedFromJson(reply->body["keys"]);
    if (!published) return commandFailed(cmd, published.error());
    auto mine = keys::unwrapUserKeys(*published, state->user, derived->keyEncryptionKey);
    if (!mine) return commandFailed(cmd, mine.error());
    if (auto s = saveMyKeys(state->user, *mine); !s) return commandFailed(cmd, s.error());
  }
  const int left = reply->body.value("recovery_codes_left", 0);
  return commandDone(args->has("json"), reply->body,
                     "Logged in to " + server.url + " as " + state->user +
                         (reply->body.value("admin", false) ? " (server administrator)" : "") + "; " +
                         std::to_string(left) + " recovery codes left.");
}

int runLogout(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {"json"}, {});
  if (!args) return commandUsage("logout", "[--json]");
  auto state = loadClientState();
  if (!state) return commandFailed("logout", state.error());
  nlohmann::json result = {{"logged_out", true}};
  if (state->loggedIn()) {
    auto reply = apiRequest(state->server, "POST", "/api/v1/auth/logout", nlohmann::json::object(), &state->session);
    // A session the server already ended is logged out all the same.
    if (!reply && reply.error().code != ErrorCode::kUnauthenticated) return commandFailed("logout", reply.error());
  }
  state->session = {};
  forgetMyKeys();
  if (auto s = saveClientState(*state); !s) return commandFailed("logout", s.error());
  return commandDone(args->has("json"), result, "Logged out.");
}

int runUserAccept(const std::vector<std::string>& words) {
  const std::string cmd = "user accept";
  auto args = Args::parse(words, {"json"}, {"server", "token", "user", "password-file", "ca-file"});
  if (!args || !args->value("server") || !args->value("token") || !args->value("user") || !args->value("password-file"))
    return commandUsage(cmd, "--server URL --token TOKEN --user NAME --password-file FILE [--ca-file PEM] [--json]");
  const ServerEndpoint server{*args->value("server"), args->value("ca-file").value_or("")};
  const crypto::PasswordSalt salt = crypto::randomPasswordSalt();
  auto password = readPasswordFile(*args->value("password-file"));
  if (!password) return commandFailed(cmd, password.error());
  auto derived = crypto::derivePasswordKeys(*password, salt);
  if (!derived) return commandFailed(cmd, derived.error());
  // This person's keys are made here; only their wraps leave.
  const crypto::AeadKey recoveryKey = crypto::randomAeadKey();
  const auto published =
      keys::publishUserKeys(keys::generateUserKeys(), *args->value("user"), derived->keyEncryptionKey, recoveryKey);
  auto reply = apiRequest(server, "POST", "/api/v1/invitations/accept",
                          {{"token", *args->value("token")},
                           {"user", *args->value("user")},
                           {"salt", crypto::toHex(salt)},
                           {"auth_key", crypto::toHex(derived->authKey)},
                           {"keys", protocol::publishedToJson(published)}},
                          nullptr);
  if (!reply) return commandFailed(cmd, reply.error());
  auto b = reply->body;
  b["recovery_key"] = keys::recoveryKeyText(recoveryKey);
  b["fingerprint"] = protocol::fingerprint(published.signingPublic, published.boxPublic);
  return commandDone(args->has("json"), b,
                     "Welcome, " + b.value("user", "") + ": " + b.value("role", "") + " in project " +
                         b.value("project", "") + ".\n\nTOTP secret (shown once; add it to an authenticator app now):\n  " +
                         b.value("totp_secret", "") + "\n  " + b.value("otpauth_uri", "") +
                         "\n\nRecovery codes (each works once; keep them offline):\n" +
                         listLines(b.value("recovery_codes", nlohmann::json::array())) +
                         "\nKey recovery key (unwraps your keys if you lose the password; shown once):\n  " +
                         b.value("recovery_key", "") + "\n\nYour key fingerprint (compare it with colleagues):\n  " +
                         b.value("fingerprint", "") + "\n\nNext: limn login --server " + server.url + " --user " + b.value("user", "") +
                         " --password-file FILE --totp CODE");
}

int runUserInvite(const std::vector<std::string>& words) {
  const std::string cmd = "user invite";
  auto args = Args::parse(words, {"json"}, {"project", "role", "qualification", "expires-hours", "max-open-tasks"});
  if (!args || !args->value("project") || !args->value("role"))
    return commandUsage(cmd, "--project NAME --role annotator|reviewer|expert|admin [--qualification Q]... "
                             "[--max-open-tasks N] [--expires-hours N] [--json]");
  nlohmann::json body = {{"role", *args->value("role")}, {"qualifications", args->values("qualification")}};
  // Ranges are the server's to say; the text must be a number.
  for (const auto& [option, field] : {std::pair{"expires-hours", "expires_hours"}, {"max-open-tasks", "max_open_tasks"}}) {
    auto n = args->integer(option, 0, 0, INT64_MAX);
    if (!n) return commandBadArgument(cmd, n.error());
    if (args->value(option)) body[field] = *n;
  }
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  auto reply = callAsUser(*state, "POST", "/api/v1/projects/" + urlSegment(*args->value("project")) + "/invitations", body);
  if (!reply) return commandFailed(cmd, reply.error());
  return commandDone(args->has("json"), *reply,
                     "Invitation (one use; give it to the person by a separate channel):\n  " +
                         reply->value("token", "") + "\nThey run: limn user accept --server " + state->server.url +
                         " --token TOKEN --user NAME --password-file FILE");
}

int runUserRevokeSessions(const std::vector<std::string>& words) {
  const std::string cmd = "user revoke-sessions";
  auto args = Args::parse(words, {"json"}, {"user"});
  if (!args || !args->value("user")) return commandUsage(cmd, "--user NAME [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  auto reply = callAsUser(*state, "POST", "/api/v1/users/" + urlSegment(*args->value("user")) + "/revoke-sessions",
                          nlohmann::json::object());
  if (!reply) return commandFailed(cmd, reply.error());
  return commandDone(args->has("json"), *reply,
                     "Ended " + std::to_string(reply->value("sessions_ended", 0)) + " sessions of " +
                         *args->value("user") + ".");
}

}  // namespace limn::cli

namespace limn::cli {

int runUserList(const std::vector<std::string>& words) {
  const std::string cmd = "user list";
  auto args = Args::parse(words, {"json"}, {});
  if (!args) return commandUsage(cmd, "[--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  auto reply = callAsUser(*state, "GET", "/api/v1/users");
  if (!reply) return commandFailed(cmd, reply.error());
  std::string human;
  for (const auto& u : (*reply)["users"]) {
    human += u.value("user", "") + (u.value("admin", false) ? "  server admin" : "") +
             (u.value("disabled", false) ? "  DISABLED" : "");
    for (const auto& p : u["projects"]) {
      std::string roles;
      for (const auto& r : p["roles"]) roles += (roles.empty() ? "" : ",") + r.get<std::string>();
      human += "  " + p.value("project", "") + ":" + roles;
    }
    human += "\n";
  }
  if (!human.empty()) human.pop_back();
  return commandDone(args->has("json"), *reply, human);
}

int runUserSetDisabled(const std::vector<std::string>& words, bool disabled) {
  const std::string cmd = disabled ? "user disable" : "user enable";
  auto args = Args::parse(words, {"json"}, {"user"});
  if (!args || !args->value("user")) return commandUsage(cmd, "--user NAME [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  auto reply = callAsUser(*state, "POST", "/api/v1/users/" + urlSegment(*args->value("user")) +
                                              (disabled ? "/disable" : "/enable"),
                          nlohmann::json::object());
  if (!reply) return commandFailed(cmd, reply.error());
  return commandDone(args->has("json"), *reply,
                     *args->value("user") + (disabled ? " is disabled; " + std::to_string(reply->value("sessions_ended", 0)) +
                                                            " sessions ended."
                                                      : " can log in again."));
}

int runUserDisable(const std::vector<std::string>& w) { return runUserSetDisabled(w, true); }
int runUserEnable(const std::vector<std::string>& w) { return runUserSetDisabled(w, false); }

}  // namespace limn::cli

namespace limn::cli {

int runKeysFingerprint(const std::vector<std::string>& words) {
  const std::string cmd = "keys fingerprint";
  auto args = Args::parse(words, {"json"}, {"user"});
  if (!args) return commandUsage(cmd, "[--user NAME] [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  const std::string user = args->value("user").value_or(state->user);
  auto reply = callAsUser(*state, "GET", "/api/v1/users/" + urlSegment(user) + "/keys");
  if (!reply) return commandFailed(cmd, reply.error());
  // Computed here from the keys the server handed out: if it ever swapped
  // someone's keys, the fingerprints people compare would differ.
  crypto::SigningPublicKey signing{};
  crypto::BoxPublicKey box{};
  if (!crypto::fromBase64Exact(reply->value("signing_public", ""), signing) ||
      !crypto::fromBase64Exact(reply->value("box_public", ""), box))
    return commandFailed(cmd, makeError(ErrorCode::kCryptoFailure, "the server sent malformed keys"));
  const std::string fp = protocol::fingerprint(signing, box);
  return commandDone(args->has("json"), {{"user", reply->value("user", user)}, {"fingerprint", fp}},
                     reply->value("user", user) + "  " + fp);
}

}  // namespace limn::cli
