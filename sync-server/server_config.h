// limn-server settings: command-line flags over embedded defaults.
#pragma once

#include <string>
#include <vector>

namespace limn::server {

enum class Transport { kHttps, kInsecureHttp };
enum class MinTls { kTls12, kTls13 };

struct ServerConfig {
  std::string dataDir;                  // database, TLS material
  std::string host = "127.0.0.1";
  int port = 8443;
  std::string db = "sqlite";            // "sqlite" or a postgres:// URL
  std::string webRoot;                  // static web app; empty: serve none
  std::string certFile;                 // empty: generate under dataDir/tls
  std::string keyFile;
  Transport transport = Transport::kHttps;
  MinTls minTls = MinTls::kTls12;
  // Worker pool size. A kept-alive connection holds a worker while it is
  // open, and a waiting pull (long poll, up to 30 s) does too: size it for
  // the open browser tabs and clients, not for the request rate.
  int threads = 256;
  std::int64_t sessionIdleSeconds = 30 * 60;       // OWASP ASVS 3.3.2: re-authenticate after idling
  std::int64_t sessionMaxSeconds = 12 * 60 * 60;  // absolute lifetime, however active
  // DICOMweb servers the browser app may fetch from directly (CSP connect-src).
  std::vector<std::string> dicomwebOrigins;
};

}  // namespace limn::server
