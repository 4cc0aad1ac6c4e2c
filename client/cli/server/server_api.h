// The CLI's one contract with limn-server: a JSON request over HTTPS with
// the session cookie and CSRF header. The native build talks HTTPS through
// cpp-httplib and OpenSSL (server_api_https.cpp); the Node/wasm build has no
// sockets and answers with a clear error (server_api_unavailable.cpp).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "shared/error/result.h"

namespace limn::cli {

struct ServerEndpoint {
  std::string url;     // https://host:port (http:// only for --insecure-http servers)
  std::string caFile;  // PEM to trust instead of the system's CAs (self-signed servers)
};

struct SessionCredentials {
  std::string sessionToken;  // the limn_session cookie
  std::string csrfToken;     // sent back in X-Limn-CSRF on state changes
};

struct ApiReply {
  nlohmann::json body;
  std::optional<std::string> sessionToken;  // from Set-Cookie, when the server set one
};

// `body` null: no body. API errors come back as Errors whose message is the
// server's ("forbidden: ..."), with the code from the status.
Result<ApiReply> apiRequest(const ServerEndpoint& server, const std::string& method, const std::string& path,
                            const nlohmann::json& body, const SessionCredentials* session);

}  // namespace limn::cli
