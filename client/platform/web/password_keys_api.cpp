// The browser's password derivation, in the decode worker's module so the
// Argon2id work (64 MiB, about a second) never blocks the page: the same
// shared/crypto/password_keys.h the native CLI uses. Only the
// authentication key leaves this function; the key-encryption key will
// stay in the worker to unwrap the user's private keys.
#include <emscripten/emscripten.h>

#include <nlohmann/json.hpp>
#include <string>

#include "shared/crypto/password_keys.h"
#include "shared/crypto/sha256.h"
#include "shared/encoding/hex.h"

namespace {
std::string g_keysJson;
}  // namespace

extern "C" {

// salt_hex empty: a new account (a fresh random salt). Returns JSON
// {"salt", "auth_key"} or {"error"}.
EMSCRIPTEN_KEEPALIVE const char* limn_password_keys(const char* password, const char* saltHex) {
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
  g_keysJson = nlohmann::json{{"salt", crypto::toHex(salt)}, {"auth_key", crypto::toHex(keys->authKey)}}.dump();
  return g_keysJson.c_str();
}

}  // extern "C"
