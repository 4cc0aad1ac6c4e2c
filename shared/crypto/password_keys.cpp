#include "shared/crypto/password_keys.h"

#include <sodium.h>

#include "shared/crypto/random.h"
#include "shared/crypto/sodium_init.h"

namespace limn::crypto {

static_assert(crypto_pwhash_SALTBYTES == kPasswordSaltBytes);
static_assert(crypto_kdf_KEYBYTES == kDerivedKeyBytes);

namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "limnpwd1";
constexpr std::uint64_t kAuthKeyId = 1;
constexpr std::uint64_t kKekId = 2;

struct Limits {
  unsigned long long ops;
  std::size_t mem;
};

Limits limitsFor(KdfCost cost) {
  if (cost == KdfCost::kTestOnly) return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

}  // namespace

PasswordSalt randomPasswordSalt() {
  PasswordSalt salt{};
  randomBytes(salt);
  return salt;
}

Result<PasswordKeys> derivePasswordKeys(std::string_view password, const PasswordSalt& salt, KdfCost cost) {
  ensureSodiumInitialised();
  if (password.empty()) return makeError(ErrorCode::kInvalidArgument, "the password is empty");
  const Limits limits = limitsFor(cost);
  std::array<std::uint8_t, crypto_kdf_KEYBYTES> master{};
  if (crypto_pwhash(master.data(), master.size(), password.data(), password.size(), salt.data(), limits.ops,
                    limits.mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return makeError(ErrorCode::kUnavailable, "not enough memory for Argon2id");
  PasswordKeys keys;
  crypto_kdf_derive_from_key(keys.authKey.data(), keys.authKey.size(), kAuthKeyId, kKdfContext, master.data());
  crypto_kdf_derive_from_key(keys.keyEncryptionKey.data(), keys.keyEncryptionKey.size(), kKekId, kKdfContext,
                             master.data());
  sodium_memzero(master.data(), master.size());
  return keys;
}

Result<std::string> hashAuthKey(const DerivedKey& authKey, KdfCost cost) {
  ensureSodiumInitialised();
  const Limits limits = limitsFor(cost);
  char out[crypto_pwhash_STRBYTES] = {};
  if (crypto_pwhash_str(out, reinterpret_cast<const char*>(authKey.data()), authKey.size(), limits.ops,
                        limits.mem) != 0)
    return makeError(ErrorCode::kUnavailable, "not enough memory for Argon2id");
  return std::string(out);
}

bool verifyAuthKey(const std::string& storedHash, const DerivedKey& authKey) {
  ensureSodiumInitialised();
  // crypto_pwhash_str_verify compares in constant time.
  return crypto_pwhash_str_verify(storedHash.c_str(), reinterpret_cast<const char*>(authKey.data()),
                                  authKey.size()) == 0;
}

}  // namespace limn::crypto
