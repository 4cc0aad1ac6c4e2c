// The HTTP(S) front of limn-server: static web app, the /api/v1 route
// table, security headers, tuned transport. Owns the httplib server object.
#pragma once

#include <memory>

#include "shared/error/result.h"
#include "sync-server/http/router.h"
#include "sync-server/http/server_context.h"

namespace httplib {
class Server;
}

namespace limn::server {

class ApiServer {
 public:
  // Builds the server; for HTTPS, config.certFile/keyFile must be set.
  static Result<std::unique_ptr<ApiServer>> create(ServerContext& ctx, Router routes);
  ~ApiServer();

  // Binds the configured address: an error names why (another server on
  // the port, a name that does not resolve, no permission).
  Status bind();
  // Serves until stop(), after bind().
  Status serve();
  // Thread-safe; in-flight requests complete, then serve returns.
  void stop();

 private:
  ApiServer(ServerContext& ctx, Router routes, std::unique_ptr<httplib::Server> http);
  void registerRoutes();
  // What is refused on its request line and headers alone, before its body
  // is read: a control character in the path, a body larger than the route
  // takes.
  std::optional<Error> refusedBeforeReading(const httplib::Request& req) const;

  ServerContext& m_ctx;
  Router m_routes;
  std::unique_ptr<httplib::Server> m_http;
};

}  // namespace limn::server
