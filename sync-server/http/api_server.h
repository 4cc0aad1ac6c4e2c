// The HTTP(S) front of limn-server: static web app, /api/v1 routes,
// security headers, tuned transport. Owns the httplib server object.
#pragma once

#include <memory>

#include "shared/error/result.h"
#include "sync-server/server_config.h"
#include "sync-server/store/sqlite_store.h"

namespace httplib {
class Server;
}

namespace limn::server {

class ApiServer {
 public:
  // Builds the server; for HTTPS, config.certFile/keyFile must be set.
  static Result<std::unique_ptr<ApiServer>> create(const ServerConfig& config, SqliteStore& store);
  ~ApiServer();

  // Binds and serves until stop(); returns an error if binding fails.
  Status listenAndServe();
  // Thread-safe; in-flight requests complete, then listenAndServe returns.
  void stop();

 private:
  ApiServer(const ServerConfig& config, SqliteStore& store, std::unique_ptr<httplib::Server> http);
  void registerRoutes();

  ServerConfig m_config;
  SqliteStore& m_store;
  std::unique_ptr<httplib::Server> m_http;
};

}  // namespace limn::server
