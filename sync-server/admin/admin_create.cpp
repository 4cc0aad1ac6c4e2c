#include "sync-server/admin/admin_create.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>

#include "shared/cli/args.h"
#include "shared/crypto/password_keys.h"
#include "shared/crypto/random.h"
#include "shared/encoding/base32.h"
#include "sync-server/store/sqlite_store.h"

namespace limn::server {

namespace {

constexpr std::size_t kMinPasswordLength = 12;  // OWASP ASVS 2.1.1
constexpr std::size_t kTotpSecretBytes = 20;     // RFC 4226 recommends 160 bits

int fail(const std::string& message, int code = 1) {
  std::fprintf(stderr, "limn-server admin create: %s\n", message.c_str());
  return code;
}

Result<std::string> readPasswordFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError(ErrorCode::kIoError, "cannot read the password file " + path);
  std::string password((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!password.empty() && password.back() == '\n') password.pop_back();
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() < kMinPasswordLength)
    return makeError(ErrorCode::kInvalidArgument,
                     "the password must be at least " + std::to_string(kMinPasswordLength) + " characters");
  return password;
}

}  // namespace

int runAdminCreate(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {"json"}, {"data", "user", "password-file"});
  if (!args || !args->value("data") || !args->value("user") || !args->value("password-file"))
    return fail(std::string(args ? "" : args.error().message + "\n") +
                    "usage: limn-server admin create --data DIR --user NAME --password-file FILE [--json]",
                2);
  const std::string user = *args->value("user");
  if (!std::regex_match(user, std::regex("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")))
    return fail("user names are 1-64 letters, digits, '.', '_' or '-'", 2);
  auto password = readPasswordFile(*args->value("password-file"));
  if (!password) return fail(password.error().message);

  const crypto::PasswordSalt salt = crypto::randomPasswordSalt();
  auto keys = crypto::derivePasswordKeys(*password, salt);
  if (!keys) return fail(keys.error().message);
  auto authHash = crypto::hashAuthKey(keys->authKey);
  if (!authHash) return fail(authHash.error().message);
  std::vector<std::uint8_t> totp(kTotpSecretBytes);
  crypto::randomBytes(totp);

  const std::string dataDir = *args->value("data");
  std::error_code ec;
  std::filesystem::create_directories(dataDir, ec);
  auto store = SqliteStore::open(dataDir + "/limn.sqlite3");
  if (!store) return fail(store.error().message);
  NewUser record{user, {salt.begin(), salt.end()}, *authHash, totp, true};
  if (auto s = (*store)->createUser(record); !s) return fail(s.error().message);

  const std::string secret = base32Encode(totp);
  const std::string uri = "otpauth://totp/Limn:" + user + "?secret=" + secret +
                          "&issuer=Limn&algorithm=SHA1&digits=6&period=30";
  if (args->has("json")) {
    std::printf("%s\n", nlohmann::json{{"user", user}, {"admin", true}, {"totp_secret", secret},
                                       {"otpauth_uri", uri}}.dump().c_str());
    return 0;
  }
  std::printf(
      "Created administrator '%s'.\n\n"
      "TOTP secret (shown once; add it to an authenticator app now):\n  %s\n  %s\n\n"
      "Next: start the server (script/server), open its URL, and log in as '%s'\n"
      "with this password and a code from the authenticator.\n",
      user.c_str(), secret.c_str(), uri.c_str(), user.c_str());
  return 0;
}

}  // namespace limn::server
