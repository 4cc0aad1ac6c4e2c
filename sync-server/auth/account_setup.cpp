#include "sync-server/auth/account_setup.h"

#include "shared/crypto/random.h"
#include "shared/crypto/sha256.h"
#include "shared/encoding/base32.h"
#include "shared/protocol/published_keys.h"
#include "sync-server/auth/recovery_codes.h"
#include "sync-server/store/user_records.h"

namespace limn::server {

Status checkUserName(const std::string& name) {
  static const std::regex kPattern("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  if (!std::regex_match(name, kPattern))
    return makeError(ErrorCode::kInvalidArgument, "user names are 1-64 letters, digits, '.', '_' or '-'");
  return okStatus();
}

Result<NewAccount> createAccount(Database& tx, const std::string& name, const crypto::PasswordSalt& salt,
                                 const std::string& authHash, const nlohmann::json& publishedKeys, bool isAdmin) {
  if (auto s = checkUserName(name); !s) return s.error();
  auto keys = protocol::publishedFromJson(publishedKeys);
  if (!keys) return makeError(ErrorCode::kInvalidArgument, "keys: " + keys.error().message);
  Blob totp(kTotpSecretBytes);
  crypto::randomBytes(totp);
  auto id = insertUser(tx, NewUser{name, Blob(salt.begin(), salt.end()), authHash, totp, isAdmin, publishedKeys.dump()});
  if (!id) return id.error();
  NewRecoveryCodes codes = generateRecoveryCodes();
  if (auto s = insertRecoveryCodes(tx, *id, codes.stored); !s) return s.error();
  NewAccount out;
  out.userId = *id;
  out.totpSecret = base32Encode(totp);
  out.otpauthUri = "otpauth://totp/Limn:" + name + "?secret=" + out.totpSecret +
                   "&issuer=Limn&algorithm=SHA1&digits=6&period=30";
  out.recoveryCodes = std::move(codes.shown);
  out.signingKeyHex = crypto::toHex(keys->signingPublic);
  return out;
}

}  // namespace limn::server
