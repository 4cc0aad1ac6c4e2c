#include <catch2/catch.hpp>

#include "sync-server/http/security_headers.h"

using namespace limn;
using namespace limn::server;

TEST_CASE("DICOMweb origins widen connect-src and nothing else") {
  const std::vector<std::string> origins{"https://pacs.example.org", "http://127.0.0.1:8042"};
  const std::string csp = contentSecurityPolicy(origins);
  CHECK(csp.find("connect-src 'self' https://pacs.example.org http://127.0.0.1:8042;") != std::string::npos);
  CHECK(csp.find("default-src 'none'") != std::string::npos);
  CHECK(contentSecurityPolicy({}).find("connect-src 'self';") != std::string::npos);
}

TEST_CASE("only bare origins are accepted") {
  for (const char* ok : {"https://pacs.example.org", "http://127.0.0.1:8042", "https://[::1]:443", "http://orthanc"})
    CHECK(checkOrigin(ok).ok());
  for (const char* bad : {"https://pacs.example.org/dicom-web", "https://a.org; script-src *", "*", "ftp://x.org",
                          "https://", "https://a.org:8042 https://b.org", "'unsafe-inline'"})
    CHECK_FALSE(checkOrigin(bad).ok());
}
