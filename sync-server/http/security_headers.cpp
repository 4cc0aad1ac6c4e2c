#include "sync-server/http/security_headers.h"

#include <regex>

namespace limn::server {

Status checkOrigin(const std::string& origin) {
  static const std::regex kOrigin(R"(^https?://([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$)");
  if (!std::regex_match(origin, kOrigin))
    return makeError(ErrorCode::kInvalidArgument,
                     "'" + origin + "' is not an origin (scheme://host[:port], http or https, no path)");
  return okStatus();
}

std::string contentSecurityPolicy(std::span<const std::string> connectOrigins) {
  std::string connect = "'self'";
  for (const std::string& o : connectOrigins) connect += " " + o;
  return "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
         "img-src 'self' blob: data:; connect-src " + connect + "; worker-src 'self' blob:; font-src 'self'; "
         "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

httplib::Headers securityHeaders(Hsts hsts, std::span<const std::string> connectOrigins) {
  httplib::Headers h{
      {"Content-Security-Policy", contentSecurityPolicy(connectOrigins)},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Embedder-Policy", "require-corp"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"},
  };
  if (hsts == Hsts::kOn) h.emplace("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return h;
}

}  // namespace limn::server
