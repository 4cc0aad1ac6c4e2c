// The browser's password derivation, in the decode worker's module so the
// Argon2id work (64 MiB, about a second) never blocks the page: the same
// shared/crypto/password_keys.h the native CLI uses. The authentication key
// (sent) and, at sign-in, the key-encryption key (kept in the tab, to unwrap
// the person's keys) leave this function; for a new account it also makes
// the person's keys (shared/keys/user_keys.h) and hands out only their
// wraps, the recovery key (shown once) and the fingerprint.
#include <emscripten/emscripten.h>

#include <nlohmann/json.hpp>
#include <string>

#include "shared/crypto/password_keys.h"
#include "shared/crypto/sha256.h"
#include "shared/encoding/hex.h"
#include "shared/keys/user_keys.h"
#include "shared/protocol/published_keys.h"

namespace {
std::string g_keysJson;
}  // namespace

extern "C" {

// salt_hex empty: a new account for `user` (a fresh random salt and keys).
// Returns JSON {"salt", "auth_key", then "kek" when signing in, or "keys",
// "recovery_key", "fingerprint" for a new account} or {"error"}.
EMSCRIPTEN_KEEPALIVE const char* limn_password_keys(const char* password, const char* saltHex, const char* user) {
  using namespace limn;
  crypto::PasswordSalt salt{};
  const std::string saltText = saltHex ? saltHex : "";
  if (saltText.empty()) {
    salt = crypto::randomPasswordSalt();
  } else if (!hexToBytes(saltText, salt)) {
    g_keysJson = nlohmann::json{{"error", "the server sent an unusable salt"}}.dump();
    return g_keysJson.c_str();
  }
  auto keys = crypto::derivePasswordKeys(password ? password : "", salt);
  if (!keys) {
    g_keysJson = nlohmann::json{{"error", keys.error().message}}.dump();
    return g_keysJson.c_str();
  }
  nlohmann::json out = {{"salt", crypto::toHex(salt)}, {"auth_key", crypto::toHex(keys->authKey)}};
  if (!saltText.empty()) {
    // Signing in: the page hands this to the app's module, which unwraps the
    // person's keys from what the server returns (they never leave the tab).
    out["kek"] = crypto::toHex(keys->keyEncryptionKey);
  } else {
    const crypto::AeadKey recoveryKey = crypto::randomAeadKey();
    const auto published =
        keys::publishUserKeys(keys::generateUserKeys(), user ? user : "", keys->keyEncryptionKey, recoveryKey);
    out["keys"] = protocol::publishedToJson(published);
    out["recovery_key"] = keys::recoveryKeyText(recoveryKey);
    out["fingerprint"] = protocol::fingerprint(published.signingPublic, published.boxPublic);
  }
  g_keysJson = out.dump();
  return g_keysJson.c_str();
}

}  // extern "C"
