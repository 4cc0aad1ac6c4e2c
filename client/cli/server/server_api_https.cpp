#include <httplib.h>

#include <map>
#include <memory>

#include "client/cli/server/server_api.h"
#include "shared/protocol/http_session.h"

namespace limn::cli {

namespace {

constexpr int kTimeoutSeconds = 30;

ErrorCode codeForStatus(int status) {
  switch (status) {
    case 400: return ErrorCode::kInvalidArgument;
    case 401: return ErrorCode::kUnauthenticated;
    case 403: return ErrorCode::kForbidden;
    case 404: return ErrorCode::kNotFound;
    case 409: return ErrorCode::kConflict;
    case 429: return ErrorCode::kRateLimited;
    case 503: return ErrorCode::kUnavailable;
    default: return ErrorCode::kInternal;
  }
}

// One kept-alive connection per server for the life of the process: a
// command's call, audit checkpoint and consistency proof share one TLS
// handshake. The CLI is single-threaded.
httplib::Client* clientFor(const ServerEndpoint& server) {
  static std::map<std::pair<std::string, std::string>, std::unique_ptr<httplib::Client>> clients;
  auto& cached = clients[{server.url, server.caFile}];
  if (cached) return cached.get();
  auto client = std::make_unique<httplib::Client>(server.url);
  if (!client->is_valid()) return nullptr;
  client->set_keep_alive(true);
  client->set_connection_timeout(kTimeoutSeconds);
  client->set_read_timeout(kTimeoutSeconds);
  client->set_write_timeout(kTimeoutSeconds);
  client->enable_server_certificate_verification(true);
  if (!server.caFile.empty()) client->set_ca_cert_path(server.caFile.c_str());
  cached = std::move(client);
  return cached.get();
}

}  // namespace

Result<ApiReply> apiRequest(const ServerEndpoint& server, const std::string& method, const std::string& path,
                            const nlohmann::json& body, const SessionCredentials* session) {
  httplib::Client* client = clientFor(server);
  if (!client) return makeError(ErrorCode::kInvalidArgument, "not a server URL: " + server.url);
  httplib::Headers headers;
  if (session) {
    headers.emplace("Cookie", std::string(protocol::kSessionCookie) + "=" + session->sessionToken);
    headers.emplace(protocol::kCsrfHeader, session->csrfToken);
  }
  const std::string payload = body.is_null() ? std::string() : body.dump();
  httplib::Result res = method == "GET"      ? client->Get(path.c_str(), headers)
                        : method == "DELETE" ? client->Delete(path.c_str(), headers)
                                             : client->Post(path.c_str(), headers, payload, "application/json");
  if (!res) {
    std::string why = httplib::to_string(res.error());
    if (res.error() == httplib::Error::SSLServerVerification)
      why += " (the server's certificate is not trusted; pass --ca-file with its cert.pem)";
    return makeError(ErrorCode::kUnavailable, "cannot reach " + server.url + ": " + why);
  }
  ApiReply reply;
  reply.body = nlohmann::json::parse(res->body, nullptr, false);
  if (res->status >= 400) {
    std::string message = "the server answered " + std::to_string(res->status);
    if (reply.body.is_object() && reply.body.contains("error") && reply.body["error"].is_object())
      message = reply.body["error"].value("message", message);
    return makeError(codeForStatus(res->status), message);
  }
  if (reply.body.is_discarded()) return makeError(ErrorCode::kInternal, "the server's answer is not JSON");
  for (auto it = res->headers.lower_bound("Set-Cookie"); it != res->headers.upper_bound("Set-Cookie"); ++it) {
    if (auto v = protocol::cookieValue(it->second, protocol::kSessionCookie)) reply.sessionToken = *v;
  }
  return reply;
}

}  // namespace limn::cli
