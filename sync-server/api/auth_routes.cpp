// Log in, log out, who am I, end someone's sessions, accept an invitation.
//
// Login is two steps because the password never reaches the server: the
// client asks for its Argon2id salt (prelogin), derives the authentication
// key locally and sends only that, with a TOTP or recovery code. Unknown
// names get a stable made-up salt and the same checks, timing and answers.
#include <nlohmann/json.hpp>

#include "shared/audit/client_event.h"
#include "shared/crypto/keyed_hash.h"
#include "shared/crypto/sha256.h"
#include "shared/crypto/base64.h"
#include "shared/encoding/hex.h"
#include "shared/protocol/published_keys.h"
#include "sync-server/api/api_routes.h"
#include "sync-server/api/member_json.h"
#include "sync-server/api/password_attempts.h"
#include "sync-server/auth/account_setup.h"
#include "sync-server/auth/session_token.h"
#include "sync-server/auth/totp.h"
#include "sync-server/store/project_records.h"
#include "sync-server/store/session_records.h"
#include "sync-server/store/user_records.h"

namespace limn::server {

namespace {

constexpr const char* kKdfName = "argon2id13-interactive-v1";  // shared/crypto/password_keys.h
const Error kBadCredentials = makeError(ErrorCode::kUnauthenticated, "wrong user name, password or code");

crypto::PasswordSalt decoySalt(const ServerContext& ctx, const std::string& name) {
  crypto::PasswordSalt salt{};
  std::array<std::uint8_t, crypto::kKeyedHashMinBytes> out{};
  const std::string key = lower(name);
  crypto::keyedHash(ctx.decoySaltKey, "limn prelogin decoy salt v1",
                    {reinterpret_cast<const std::uint8_t*>(key.data()), key.size()}, out);
  std::copy_n(out.begin(), salt.size(), salt.begin());
  return salt;
}

Result<nlohmann::json> prelogin(Call& call) {
  auto name = call.text("user");
  if (!name) return name.error();
  if (auto ok = checkUserName(*name); !ok) return ok.error();  // says nothing about existence
  call.event.resource = "user:" + *name;
  auto user = findUserByName(call.ctx.db, *name);
  if (!user) return user.error();
  const crypto::PasswordSalt salt =
      *user ? [&] {
        crypto::PasswordSalt s{};
        std::copy_n((*user)->passwordSalt.begin(), std::min(s.size(), (*user)->passwordSalt.size()), s.begin());
        return s;
      }()
            : decoySalt(call.ctx, *name);
  return nlohmann::json{{"salt", crypto::toHex(salt)}, {"kdf", kKdfName}};
}

// The person's own published keys with their wrapped private halves, for
// their client to unwrap with the key-encryption key it derived from the
// password (null when they published none).
nlohmann::json ownKeysJson(const UserRecord& user) {
  const auto published = nlohmann::json::parse(user.publishedKeys, nullptr, false);
  return published.is_discarded() ? nlohmann::json(nullptr) : published;
}

Result<nlohmann::json> login(Call& call) {
  ServerContext& ctx = call.ctx;
  auto name = call.text("user");
  if (!name) return name.error();
  if (auto ok = checkUserName(*name); !ok) return ok.error();
  call.event.resource = "user:" + *name;
  auto attempt = PasswordAttempt::begin(call, *name);
  if (!attempt) return attempt.error();
  const auto totp = call.optionalText("totp");
  const auto recovery = call.optionalText("recovery_code");
  // Asked before the password is checked, so the answer says nothing about it.
  if ((!totp || totp->empty()) && (!recovery || recovery->empty()))
    return makeError(ErrorCode::kMfaRequired, "a TOTP code (or a recovery code) is required");
  crypto::DerivedKey authKey{};
  const auto sentKey = call.optionalText("auth_key");
  if (!sentKey || !hexToBytes(*sentKey, authKey))
    return makeError(ErrorCode::kInvalidArgument, "auth_key must be 64 hex digits");

  auto user = findUserByName(ctx.db, *name);
  if (!user) return user.error();
  // The decoy hash costs the same Argon2id work as a real account.
  const std::string& stored = *user ? (*user)->authHash : ctx.decoyAuthHash;
  bool ok = crypto::verifyAuthKey(stored, authKey) && *user && !(*user)->disabled;
  std::string factor;
  if (ok && totp && !totp->empty()) {
    const auto step = verifyTotp((*user)->totpSecret, *totp, call.now, static_cast<std::uint64_t>((*user)->totpLastStep));
    auto advanced = step ? advanceTotpStep(ctx.db, (*user)->id, static_cast<std::int64_t>(*step)) : Result<bool>(false);
    if (!advanced) return advanced.error();
    ok = *advanced;
    factor = "totp";
  } else if (ok) {
    auto spent = spendRecoveryCode(ctx.db, (*user)->id, *recovery);
    if (!spent) return spent.error();
    ok = *spent;
    factor = "recovery_code";
  }
  if (!ok) {
    ctx.metrics.loginFailures++;
    if (attempt->failed()) {
      ctx.metrics.lockouts++;
      audit::AuditEvent lockout = call.event;
      lockout.action = "auth.lockout";
      lockout.outcome = "denied";
      lockout.time = auditTimeNow();
      (void)ctx.audit.appendAlone(lockout);
    }
    return kBadCredentials;
  }
  attempt->succeeded();
  const NewSessionToken token = newSessionToken();
  const SessionRecord session{token.hash, (*user)->id, newCsrfToken(), call.now, call.now, true, call.address};
  call.event.actor = (*user)->name;
  call.event.detail["factor"] = factor;
  Status s = call.change([&](Database& tx) { return insertSession(tx, session); });
  if (!s) return s.error();
  ctx.metrics.logins++;
  call.setCookies.push_back(sessionCookie(token.token, ctx.config.transport == Transport::kHttps));
  auto left = countRecoveryCodes(ctx.db, (*user)->id);
  return nlohmann::json{{"user", (*user)->name},
                        {"keys", ownKeysJson(**user)},
                        {"admin", (*user)->isAdmin},
                        {"csrf_token", session.csrfToken},
                        {"mfa", true},
                        {"recovery_codes_left", left ? *left : 0},
                        {"session", {{"idle_seconds", ctx.config.sessionIdleSeconds},
                                     {"max_seconds", ctx.config.sessionMaxSeconds}}}};
}

// A session that outlived the page that opened it (a reload, a new tab)
// has no keys in memory: the person's own wrapped keys again, for the
// password alone (its authentication key, checked and throttled like a
// login). A session by itself (a borrowed laptop) does not get them.
Result<nlohmann::json> unlockKeys(Call& call) {
  const std::string name = call.user().name;
  call.event.resource = "user:" + name;
  auto attempt = PasswordAttempt::begin(call, name);
  if (!attempt) return attempt.error();
  crypto::DerivedKey authKey{};
  if (!hexToBytes(call.optionalText("auth_key").value_or(""), authKey))
    return makeError(ErrorCode::kInvalidArgument, "auth_key must be 64 hex digits");
  auto user = findUserById(call.ctx.db, call.user().userId);
  if (!user) return user.error();
  if (!*user) return makeError(ErrorCode::kUnauthenticated, "log in first");
  if (!crypto::verifyAuthKey((*user)->authHash, authKey)) {
    attempt->failed();
    return makeError(ErrorCode::kForbidden, "forbidden: the password is wrong");
  }
  attempt->succeeded();
  return nlohmann::json{{"user", (*user)->name}, {"keys", ownKeysJson(**user)}};
}

Result<nlohmann::json> logout(Call& call) {
  call.event.resource = "user:" + call.user().name;
  const Blob hash = call.user().sessionHash;
  Status s = call.change([&](Database& tx) { return deleteSession(tx, hash); });
  if (!s) return s.error();
  call.setCookies.push_back(expiredSessionCookie(call.ctx.config.transport == Transport::kHttps));
  return nlohmann::json{{"logged_out", true}};
}

Result<nlohmann::json> whoAmI(Call& call) {
  const Caller& who = call.user();
  call.event.resource = "user:" + who.name;
  auto projects = membershipsJson(call.ctx.db, who.userId, "name");
  if (!projects) return projects.error();
  auto quals = qualificationsJson(call.ctx.db, who.userId);
  if (!quals) return quals.error();
  return nlohmann::json{{"user", who.name}, {"admin", who.isAdmin}, {"mfa", who.mfa}, {"projects", *projects},
                        {"qualifications", *quals}};
}

Result<nlohmann::json> revokeSessions(Call& call) {
  const std::string name = call.params.at(0);
  call.event.resource = "user:" + name;
  auto user = findUserByName(call.ctx.db, name);
  if (!user) return user.error();
  if (!*user) return makeError(ErrorCode::kNotFound, "no such user");
  std::int64_t ended = 0;
  Status s = call.change([&](Database& tx) -> Status {
    auto n = deleteSessionsOf(tx, (*user)->id);
    if (!n) return n.error();
    ended = *n;
    call.event.detail["sessions"] = ended;
    return okStatus();
  });
  if (!s) return s.error();
  return nlohmann::json{{"user", (*user)->name}, {"sessions_ended", ended}};
}

Result<nlohmann::json> listAccounts(Call& call) {
  call.event.resource = "users";
  auto users = listUsers(call.ctx.db);
  if (!users) return users.error();
  nlohmann::json list = nlohmann::json::array();
  for (const UserRecord& u : *users) {
    auto memberships = membershipsJson(call.ctx.db, u.id, "project");
    if (!memberships) return memberships.error();
    auto quals = qualificationsJson(call.ctx.db, u.id);
    if (!quals) return quals.error();
    list.push_back({{"user", u.name}, {"admin", u.isAdmin}, {"disabled", u.disabled}, {"projects", *memberships},
                    {"qualifications", *quals}});
  }
  call.event.detail = {{"users", list.size()}};
  return nlohmann::json{{"users", list}};
}

Result<nlohmann::json> setDisabled(Call& call, bool disabled) {
  const std::string name = call.params.at(0);
  call.event.resource = "user:" + name;
  auto user = findUserByName(call.ctx.db, name);
  if (!user) return user.error();
  if (!*user) return makeError(ErrorCode::kNotFound, "no such user");
  if ((*user)->id == call.user().userId) return makeError(ErrorCode::kConflict, "you cannot disable yourself");
  std::int64_t ended = 0;
  Status s = call.change([&](Database& tx) -> Status {
    if (auto r = setUserDisabled(tx, (*user)->id, disabled); !r) return r;
    if (!disabled) return okStatus();
    auto n = deleteSessionsOf(tx, (*user)->id);
    if (!n) return n.error();
    ended = *n;
    call.event.detail = {{"sessions", ended}};
    return okStatus();
  });
  if (!s) return s.error();
  return nlohmann::json{{"user", (*user)->name}, {"disabled", disabled}, {"sessions_ended", ended}};
}

// Someone's public keys, for sealing project keys to them and for showing
// their fingerprint: to themselves, people sharing a project with them and
// server administrators. Only the public halves.
Result<nlohmann::json> publicKeysOf(Call& call) {
  const std::string name = call.params.at(0);
  call.event.resource = "user:" + name;
  auto user = findUserByName(call.ctx.db, name);
  if (!user) return user.error();
  const Error hidden = makeError(ErrorCode::kForbidden, "forbidden: you share no project with this person");
  if (!*user) return call.user().isAdmin ? makeError(ErrorCode::kNotFound, "no such user") : hidden;
  if (!call.user().isAdmin && (*user)->id != call.user().userId) {
    auto shared = shareAProject(call.ctx.db, call.user().userId, (*user)->id);
    if (!shared) return shared.error();
    if (!*shared) return hidden;
  }
  auto published = protocol::publishedFromJson(nlohmann::json::parse((*user)->publishedKeys, nullptr, false));
  if (!published) return makeError(ErrorCode::kNotFound, (*user)->name + " has not published keys");
  return nlohmann::json{{"user", (*user)->name},
                        {"signing_public", crypto::toBase64(published->signingPublic)},
                        {"box_public", crypto::toBase64(published->boxPublic)}};
}

Result<nlohmann::json> acceptInvitation(Call& call) {
  auto token = call.text("token");
  auto name = call.text("user");
  if (!token) return token.error();
  if (!name) return name.error();
  crypto::PasswordSalt salt{};
  crypto::DerivedKey authKey{};
  const auto saltHex = call.optionalText("salt");
  const auto keyHex = call.optionalText("auth_key");
  if (!saltHex || !hexToBytes(*saltHex, salt)) return makeError(ErrorCode::kInvalidArgument, "salt must be 32 hex digits");
  if (!keyHex || !hexToBytes(*keyHex, authKey))
    return makeError(ErrorCode::kInvalidArgument, "auth_key must be 64 hex digits");
  if (auto ok = checkUserName(*name); !ok) return ok.error();
  call.event.resource = "user:" + *name;
  call.event.actor = *name;
  // The token is checked before anything about the name and before the
  // Argon2id work (64 MiB on a public endpoint): without a valid token the
  // answer is the same whatever the name, and costs the server nothing.
  const Blob tokenHash = hashOneTimeToken(*token);
  const Error invalid = makeError(ErrorCode::kForbidden, "forbidden: the invitation is unknown, used or expired");
  auto open = findOpenInvitation(call.ctx.db, tokenHash, call.now);
  if (!open) return open.error();
  if (!*open) return invalid;
  auto authHash = crypto::hashAuthKey(authKey);
  if (!authHash) return authHash.error();
  NewAccount account;
  InvitationRecord invitation;
  std::string projectName;
  // Account and redemption commit together: a taken name (or any later
  // failure) rolls back and leaves the token unused for another try.
  Status s = call.change([&](Database& tx) -> Status {
    // Checked again first: the token may have been used during the hash,
    // and then the answer must not be whether the name is taken.
    auto still = findOpenInvitation(tx, tokenHash, call.now);
    if (!still) return still.error();
    if (!*still) return invalid;
    auto made = createAccount(tx, *name, salt, *authHash, call.body.value("keys", nlohmann::json()), false);
    if (!made) return made.error();
    account = std::move(*made);
    auto redeemed = redeemInvitation(tx, tokenHash, account.userId, call.now);
    if (!redeemed) return redeemed.error();
    if (!*redeemed) return invalid;
    invitation = **redeemed;
    if (auto m = insertMember(tx, invitation.projectId, account.userId, invitation.role, invitation.maxOpenTasks); !m)
      return m;
    for (const std::string& q : invitation.qualifications)
      if (auto r = insertQualification(tx, account.userId, q, invitation.createdBy, call.now); !r) return r;
    auto project = findProjectById(tx, invitation.projectId);
    if (!project || !*project) return makeError(ErrorCode::kInternal, "invitation to a missing project");
    projectName = (*project)->name;
    call.event.detail = {{"project", "project:" + std::to_string(invitation.projectId)},
                         {"role", std::string(roleName(invitation.role))},
                         {audit::kSigningKeyField, account.signingKeyHex}};
    return okStatus();
  });
  if (!s) return s.error();
  return nlohmann::json{{"user", *name},
                        {"project", projectName},
                        {"role", roleName(invitation.role)},
                        {"qualifications", invitation.qualifications},
                        {"totp_secret", account.totpSecret},
                        {"otpauth_uri", account.otpauthUri},
                        {"recovery_codes", account.recoveryCodes}};
}

}  // namespace

void addAuthRoutes(Router& r) {
  r.add({"POST", "/api/v1/auth/prelogin", Access::kPublic, "auth.prelogin",
         "anyone; unknown names get a made-up salt", prelogin});
  r.add({"POST", "/api/v1/auth/login", Access::kPublic, "auth.login",
         "anyone; throttled per account and address", login});
  r.add({"POST", "/api/v1/auth/logout", Access::kSession, "auth.logout", "own session", logout});
  r.add({"POST", "/api/v1/auth/unlock", Access::kSession, "auth.unlock", "own keys, with the password",
         unlockKeys});
  r.add({"GET", "/api/v1/auth/session", Access::kSession, "auth.session", "own account", whoAmI});
  r.add({"POST", "/api/v1/users/{name}/revoke-sessions", Access::kServerAdmin, "user.revoke_sessions",
         "server administrators", revokeSessions});
  r.add({"GET", "/api/v1/users", Access::kServerAdmin, "user.list", "server administrators", listAccounts});
  r.add({"POST", "/api/v1/users/{name}/disable", Access::kServerAdmin, "user.disable",
         "server administrators; ends the person's sessions", [](Call& c) { return setDisabled(c, true); }});
  r.add({"POST", "/api/v1/users/{name}/enable", Access::kServerAdmin, "user.enable", "server administrators",
         [](Call& c) { return setDisabled(c, false); }});
  r.add({"GET", "/api/v1/users/{name}/keys", Access::kSession, "user.keys",
         "the person, people sharing a project with them, server administrators", publicKeysOf});
  r.add({"POST", "/api/v1/invitations/accept", Access::kPublic, "invitation.accept",
         "holder of an unused, unexpired invitation token", acceptInvitation});
}

}  // namespace limn::server
