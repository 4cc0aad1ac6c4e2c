// Headers on every response. Cross-origin isolation (COOP/COEP) lets the
// browser app use threads and SharedArrayBuffer; the CSP allows nothing but
// our own origin, plus compiling our own WebAssembly and connecting to the
// DICOMweb servers the site names (--dicomweb-origin).
#pragma once

#include <httplib.h>

#include <span>
#include <string>

#include "shared/error/result.h"

namespace limn::server {

enum class Hsts : bool { kOff = false, kOn = true };

// An origin as a browser writes it: scheme://host[:port], http or https,
// nothing after. Anything else could widen the CSP, so it is refused.
Status checkOrigin(const std::string& origin);

// The page's Content-Security-Policy; connect-src adds `connectOrigins`.
std::string contentSecurityPolicy(std::span<const std::string> connectOrigins);

httplib::Headers securityHeaders(Hsts hsts, std::span<const std::string> connectOrigins);

}  // namespace limn::server
