// Headers on every response. Cross-origin isolation (COOP/COEP) lets the
// browser app use threads and SharedArrayBuffer; the CSP allows nothing but
// our own origin, plus compiling our own WebAssembly.
#pragma once

#include <httplib.h>

namespace limn::server {

inline constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' blob: data:; connect-src 'self'; worker-src 'self' blob:; font-src 'self'; "
    "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

enum class Hsts : bool { kOff = false, kOn = true };

httplib::Headers securityHeaders(Hsts hsts);

}  // namespace limn::server
