#include "sync-server/http/api_server.h"

#include <httplib.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sync-server/http/security_headers.h"
#include "sync-server/log.h"

namespace limn::server {

namespace {

constexpr std::size_t kKeepAliveMaxRequests = 1000;  // httplib's default of 5 cripples throughput

// A request is served on one thread from routing to the log line, so the
// thread remembers when its current request was routed.
thread_local std::chrono::steady_clock::time_point t_routedAt;

double msSinceRouted() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_routedAt).count();
}

// Relayed images are named by their senders and a name may be PHI
// (Doe_John_1962.dcm): the log keeps where a request went, not the name.
std::string loggedPath(const std::string& path) {
  constexpr std::string_view kBlobs = "/blobs/";
  if (path.rfind("/api/", 0) != 0) return path;
  const auto at = path.find(kBlobs);
  if (at == std::string::npos) return path;
  return path.substr(0, at + kBlobs.size()) + "{blob}";
}

}  // namespace

ApiServer::ApiServer(ServerContext& ctx, Router routes, std::unique_ptr<httplib::Server> http)
    : m_ctx(ctx), m_routes(std::move(routes)), m_http(std::move(http)) {}

ApiServer::~ApiServer() = default;

Result<std::unique_ptr<ApiServer>> ApiServer::create(ServerContext& ctx, Router routes) {
  const ServerConfig& config = ctx.config;
  std::unique_ptr<httplib::Server> http;
  if (config.transport == Transport::kHttps) {
    auto ssl = std::make_unique<httplib::SSLServer>(config.certFile.c_str(), config.keyFile.c_str());
    if (!ssl->is_valid())
      return makeError(ErrorCode::kInvalidArgument, "cannot load TLS certificate " + config.certFile);
    SSL_CTX* ctx = ssl->ssl_context();
    SSL_CTX_set_min_proto_version(ctx, config.minTls == MinTls::kTls13 ? TLS1_3_VERSION : TLS1_2_VERSION);
    http = std::move(ssl);
  } else {
    http = std::make_unique<httplib::Server>();
  }
  const int threads = config.threads;
  http->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  // httplib's default also sets SO_REUSEPORT, with which a second server
  // binds a port one already serves and the kernel splits connections
  // between two databases. SO_REUSEADDR alone: a restart still binds at
  // once after the last one's connections, a second server is refused.
  http->set_socket_options([](socket_t sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  http->set_tcp_nodelay(true);
  http->set_keep_alive_max_count(kKeepAliveMaxRequests);
  http->set_keep_alive_timeout(30);
  http->set_payload_max_length(kLargestBody);
  http->set_default_headers(securityHeaders(config.transport == Transport::kHttps ? Hsts::kOn : Hsts::kOff,
                                          config.dicomwebOrigins));
  http->set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  http->set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
  http->set_file_extension_and_mimetype_mapping("js", "text/javascript");
  http->set_file_extension_and_mimetype_mapping("onnx", "application/octet-stream");

  std::unique_ptr<ApiServer> server(new ApiServer(ctx, std::move(routes), std::move(http)));
  server->registerRoutes();
  if (!config.webRoot.empty() && !server->m_http->set_mount_point("/", config.webRoot))
    return makeError(ErrorCode::kInvalidArgument, "web root " + config.webRoot + " is not a folder");
  return server;
}

void ApiServer::registerRoutes() {
  m_routes.install(*m_http, m_ctx);
  // Unknown API paths answer JSON, not the static 404 page.
  m_http->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/api/", 0) == 0 && res.body.empty()) {
      res.set_header("Cache-Control", "no-store");
      const Error e = res.status == 404 ? makeError(ErrorCode::kNotFound, "no such endpoint")
                      : res.status >= 500 ? makeError(ErrorCode::kInternal, "the server failed on this request")
                                          : makeError(ErrorCode::kInvalidArgument, "the request was refused");
      res.set_content(errorBody(e).dump(), "application/json");
    }
  });
  // A last resort for an exception outside a route's own handling: a plain
  // 500, without the exception's text (httplib would put it in a header).
  m_http->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    logEvent("request_exception", {});
    res.status = 500;
    res.set_header("Cache-Control", "no-store");
    res.set_content(errorBody(makeError(ErrorCode::kInternal, "the server failed on this request")).dump(),
                    "application/json");
  });
  m_http->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_routedAt = std::chrono::steady_clock::now();
    const auto refusal = refusedBeforeReading(req);
    if (!refusal) return httplib::Server::HandlerResponse::Unhandled;
    res.status = httpStatusFor(refusal->code);
    res.set_header("Cache-Control", "no-store");
    res.set_header("Connection", "close");  // its body is left unread
    res.set_content(errorBody(*refusal).dump(), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  });
  // Paths only: query strings may carry tokens, bodies carry ciphertext.
  m_http->set_logger([](const httplib::Request& req, const httplib::Response& res) {
    logEvent("request", {{"method", req.method}, {"path", loggedPath(req.path)}, {"status", res.status},
                         {"remote", req.remote_addr}, {"ms", std::round(msSinceRouted() * 100) / 100}});
  });
}

std::optional<Error> ApiServer::refusedBeforeReading(const httplib::Request& req) const {
  // A decoded NUL or other control character would cut or bend a file
  // name the static handler looks up ("/app.js%00.html").
  if (std::any_of(req.path.begin(), req.path.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return makeError(ErrorCode::kInvalidArgument, "the path holds a control character");
  // The route's own limit is looked up (regular expressions) only for the
  // rare body beyond the default: not on every op push.
  if (req.has_header("Content-Length")) {
    const std::string text = req.get_header_value("Content-Length");
    std::uint64_t length = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (ec != std::errc() || end != text.data() + text.size() || length <= kDefaultMaxBody) return std::nullopt;
    const std::size_t limit = m_routes.bodyLimit(req.method, req.path);
    if (length > limit)
      return makeError(ErrorCode::kTooLarge, "the request body is larger than this endpoint takes (" +
                                                 std::to_string(limit) + " bytes)");
  } else if (req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos &&
             m_routes.bodyLimit(req.method, req.path) == kDefaultMaxBody) {
    return makeError(ErrorCode::kInvalidArgument, "send this endpoint's body with a Content-Length");
  }
  return std::nullopt;
}

Status ApiServer::bind() {
  const ServerConfig& c = m_ctx.config;
  errno = 0;
  if (!m_http->bind_to_port(c.host.c_str(), c.port)) {
    const std::string why = errno == EADDRINUSE ? ": the port is in use (another server?)"
                            : errno != 0        ? std::string(": ") + std::strerror(errno)
                                                : "";
    return makeError(ErrorCode::kUnavailable, "cannot listen on " + c.host + ":" + std::to_string(c.port) + why);
  }
  return okStatus();
}

Status ApiServer::serve() {
  if (!m_http->listen_after_bind())
    return makeError(ErrorCode::kUnavailable, "the server stopped accepting connections");
  return okStatus();
}

void ApiServer::stop() {
  m_ctx.opNotifier.shutdown();  // waiting pulls answer now, so in-flight requests finish
  m_http->stop();
}

}  // namespace limn::server
