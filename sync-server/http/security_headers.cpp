#include "sync-server/http/security_headers.h"

namespace limn::server {

httplib::Headers securityHeaders(Hsts hsts) {
  httplib::Headers h{
      {"Content-Security-Policy", kContentSecurityPolicy},
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
