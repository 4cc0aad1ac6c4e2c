// How a session travels over HTTP between any client and limn-server: the
// session token in an HttpOnly cookie, the CSRF token in a request header.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace limn::protocol {

inline constexpr const char* kSessionCookie = "limn_session";
inline constexpr const char* kCsrfHeader = "X-Limn-CSRF";
inline constexpr const char* kApiPrefix = "/api/v1";

// The value of cookie `name` in a Cookie or Set-Cookie header.
std::optional<std::string> cookieValue(std::string_view header, std::string_view name);

}  // namespace limn::protocol
