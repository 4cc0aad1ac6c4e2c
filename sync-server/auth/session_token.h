// Session and CSRF tokens. The session token lives only in the client's
// HttpOnly cookie; the server stores its BLAKE2b hash. The CSRF token is a
// second random value the client sends back in a header on every request
// that changes state (a cross-site page can send the cookie, but cannot
// read the token).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "shared/protocol/http_session.h"
#include "sync-server/store/database.h"

namespace limn::server {

inline constexpr std::size_t kSessionTokenBytes = 32;
using protocol::cookieValue;
using protocol::kCsrfHeader;
using protocol::kSessionCookie;

struct NewSessionToken {
  std::string token;  // for the cookie, 64 hex characters
  Blob hash;          // for the database
};

NewSessionToken newSessionToken();
Blob hashSessionToken(std::string_view token);
std::string newCsrfToken();
// Constant-time comparison of the header's token with the session's.
bool csrfTokenMatches(std::string_view sent, std::string_view expected);

// Set-Cookie values: HttpOnly, SameSite=Strict, Path=/, Secure unless the
// server runs over plain HTTP (loopback development only).
std::string sessionCookie(const std::string& token, bool secure);
std::string expiredSessionCookie(bool secure);

// Opaque one-time tokens (invitations): 32 random bytes as hex, stored hashed.
std::string newOneTimeToken();
Blob hashOneTimeToken(std::string_view token);

}  // namespace limn::server
