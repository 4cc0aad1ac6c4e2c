#include "sync-server/auth/session_token.h"

#include <array>

#include "shared/crypto/constant_time.h"
#include "shared/crypto/keyed_hash.h"
#include "shared/crypto/random.h"
#include "shared/crypto/sha256.h"

namespace limn::server {

namespace {

std::string randomHex(std::size_t bytes) {
  std::vector<std::uint8_t> raw(bytes);
  crypto::randomBytes(raw);
  return crypto::toHex(raw);
}

Blob hashWithDomain(std::string_view token, std::string_view domain) {
  Blob out(32);
  crypto::genericHash({reinterpret_cast<const std::uint8_t*>(token.data()), token.size()}, domain, out);
  return out;
}

std::string cookieAttributes(bool secure) {
  return std::string("; Path=/; HttpOnly; SameSite=Strict") + (secure ? "; Secure" : "");
}

}  // namespace

NewSessionToken newSessionToken() {
  NewSessionToken t;
  t.token = randomHex(kSessionTokenBytes);
  t.hash = hashSessionToken(t.token);
  return t;
}

Blob hashSessionToken(std::string_view token) { return hashWithDomain(token, "limn session token v1"); }

std::string newCsrfToken() { return randomHex(kSessionTokenBytes); }

bool csrfTokenMatches(std::string_view sent, std::string_view expected) {
  if (expected.empty()) return false;
  return crypto::equalInConstantTime({reinterpret_cast<const std::uint8_t*>(sent.data()), sent.size()},
                                     {reinterpret_cast<const std::uint8_t*>(expected.data()), expected.size()});
}

std::string sessionCookie(const std::string& token, bool secure) {
  return std::string(kSessionCookie) + "=" + token + cookieAttributes(secure);
}

std::string expiredSessionCookie(bool secure) {
  return std::string(kSessionCookie) + "=; Max-Age=0" + cookieAttributes(secure);
}

std::string newOneTimeToken() { return randomHex(kSessionTokenBytes); }

Blob hashOneTimeToken(std::string_view token) { return hashWithDomain(token, "limn invitation token v1"); }

}  // namespace limn::server
