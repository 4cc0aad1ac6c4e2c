#include "sync-server/admin/admin_create.h"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "shared/audit/client_event.h"
#include "shared/cli/args.h"
#include "shared/cli/password_file.h"
#include "shared/crypto/password_keys.h"
#include "shared/keys/user_keys.h"
#include "shared/protocol/published_keys.h"
#include "sync-server/audit/audit_log.h"
#include "sync-server/data_folder.h"
#include "sync-server/auth/account_setup.h"
#include "sync-server/store/database.h"

namespace limn::server {

namespace {

int fail(const std::string& message, int code = 1) {
  std::fprintf(stderr, "limn-server admin create: %s\n", message.c_str());
  return code;
}

}  // namespace

int runAdminCreate(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {"json"}, {"data", "user", "password-file", "db"});
  if (!args || !args->value("data") || !args->value("user") || !args->value("password-file"))
    return fail(std::string(args ? "" : args.error().message + "\n") +
                    "usage: limn-server admin create --data DIR --user NAME --password-file FILE [--db URL] [--json]",
                2);
  const std::string user = *args->value("user");
  if (auto s = checkUserName(user); !s) return fail(s.error().message, 2);
  auto password = readPasswordFile(*args->value("password-file"));
  if (!password) return fail(password.error().message);

  const crypto::PasswordSalt salt = crypto::randomPasswordSalt();
  auto keys = crypto::derivePasswordKeys(*password, salt);
  if (!keys) return fail(keys.error().message);
  auto authHash = crypto::hashAuthKey(keys->authKey);
  if (!authHash) return fail(authHash.error().message);
  // The administrator's own keys, made here as a client would make them:
  // only their wraps (under the password's key and a recovery key) are stored.
  const crypto::AeadKey recoveryKey = crypto::randomAeadKey();
  const nlohmann::json published = protocol::publishedToJson(
      keys::publishUserKeys(keys::generateUserKeys(), user, keys->keyEncryptionKey, recoveryKey));

  const std::string dataDir = *args->value("data");
  if (Status s = preparePrivateDataFolder(dataDir); !s) return fail(s.error().message);
  auto db = openDatabase(args->value("db").value_or("sqlite"), dataDir);
  if (!db) return fail(db.error().message);
  auto audit = AuditLog::open(**db, auditKeyPath(dataDir));
  if (!audit) return fail(audit.error().message);
  NewAccount account;
  Status made = (*db)->transaction([&](Database& tx) -> Status {
    auto a = createAccount(tx, user, salt, *authHash, published, true);
    if (!a) return a.error();
    account = std::move(*a);
    audit::AuditEvent event{auditTimeNow(), "-", "admin.create", "user:" + user, "command-line", "ok",
                            {{"admin", true}, {audit::kSigningKeyField, account.signingKeyHex}}};
    if (auto r = (*audit)->append(tx, event); !r) return r.error();
    return okStatus();
  });
  if (!made) return fail(made.error().message);

  if (args->has("json")) {
    std::printf("%s\n", nlohmann::json{{"user", user},
                                       {"admin", true},
                                       {"totp_secret", account.totpSecret},
                                       {"otpauth_uri", account.otpauthUri},
                                       {"recovery_codes", account.recoveryCodes},
                                       {"recovery_key", keys::recoveryKeyText(recoveryKey)}}
                            .dump()
                            .c_str());
    return 0;
  }
  std::string codes;
  for (const std::string& c : account.recoveryCodes) codes += "  " + c + "\n";
  std::printf(
      "Created administrator '%s'.\n\n"
      "TOTP secret (shown once; add it to an authenticator app now):\n  %s\n  %s\n\n"
      "Recovery codes (each works once if the authenticator is lost; keep them offline):\n%s\n"
      "Key recovery key (unwraps your keys if the password is lost; shown once, keep it offline):\n  %s\n\n"
      "Next: start the server (script/server), then log in as '%s' with this password and a code\n"
      "from the authenticator, in the browser or with\n"
      "  limn login --server https://HOST:PORT --user %s --password-file FILE --totp CODE\n",
      user.c_str(), account.totpSecret.c_str(), account.otpauthUri.c_str(), codes.c_str(),
      keys::recoveryKeyText(recoveryKey).c_str(), user.c_str(), user.c_str());
  return 0;
}

}  // namespace limn::server
