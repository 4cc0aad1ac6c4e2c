// A self-signed TLS certificate for first start: P-256 key, SAN for
// localhost and the loopback addresses, generated once with OpenSSL and
// reused afterwards (the key file is readable by its owner only).
#pragma once

#include <string>

#include "shared/error/result.h"

namespace limn::server {

struct CertificatePaths {
  std::string certFile;  // PEM certificate
  std::string keyFile;   // PEM private key (0600)
  bool generated = false;
};

// Ensures `dir`/cert.pem and `dir`/key.pem exist, creating them if missing.
Result<CertificatePaths> ensureSelfSignedCertificate(const std::string& dir);

}  // namespace limn::server
