#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include "sync-server/tls/self_signed_cert.h"

using namespace limn::server;

TEST_CASE("a certificate is generated once, key private, and reused") {
  auto dir = (std::filesystem::temp_directory_path() / ("limn-tls-" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);
  auto first = ensureSelfSignedCertificate(dir);
  REQUIRE(first.ok());
  CHECK(first->generated);
  struct stat st {};
  REQUIRE(::stat(first->keyFile.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  std::FILE* f = std::fopen(first->certFile.c_str(), "rb");
  REQUIRE(f);
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  REQUIRE(cert);
  CHECK(X509_check_host(cert, "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(cert, "127.0.0.1", 0) == 1);
  EVP_PKEY* key = X509_get0_pubkey(cert);
  CHECK(EVP_PKEY_get_base_id(key) == EVP_PKEY_EC);
  X509_free(cert);

  auto second = ensureSelfSignedCertificate(dir);
  REQUIRE(second.ok());
  CHECK_FALSE(second->generated);
  std::filesystem::remove_all(dir);
}
