#include "sync-server/tls/self_signed_cert.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace limn::server {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;

constexpr long kValiditySeconds = 825L * 24 * 3600;  // the CA/B maximum browsers accept

bool addExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

Result<X509Ptr> makeCertificate(EVP_PKEY* key) {
  X509Ptr cert(X509_new());
  if (!cert) return makeError(ErrorCode::kInternal, "X509_new failed");
  X509_set_version(cert.get(), 2);  // v3
  unsigned char serial[16];
  std::FILE* ur = std::fopen("/dev/urandom", "rb");
  if (!ur || std::fread(serial, 1, sizeof serial, ur) != sizeof serial) {
    if (ur) std::fclose(ur);
    return makeError(ErrorCode::kInternal, "no randomness for the certificate serial");
  }
  std::fclose(ur);
  serial[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValiditySeconds);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Limn"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (!addExtension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1") ||
      !addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature") ||
      !addExtension(cert.get(), NID_ext_key_usage, "serverAuth"))
    return makeError(ErrorCode::kInternal, "cannot add certificate extensions");
  if (X509_sign(cert.get(), key, EVP_sha256()) == 0)
    return makeError(ErrorCode::kInternal, "cannot sign the certificate");
  return cert;
}

Status writePem(const std::string& path, mode_t mode, bool (*write)(std::FILE*, void*), void* obj) {
  std::string tmp = path + ".tmp";
  ::umask(077);
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return makeError(ErrorCode::kIoError, "cannot write " + tmp);
  bool ok = write(f, obj);
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || ::chmod(tmp.c_str(), mode) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0)
    return makeError(ErrorCode::kIoError, "cannot write " + path);
  return okStatus();
}

}  // namespace

Result<CertificatePaths> ensureSelfSignedCertificate(const std::string& dir) {
  namespace fs = std::filesystem;
  CertificatePaths paths{dir + "/cert.pem", dir + "/key.pem", false};
  if (fs::exists(paths.certFile) && fs::exists(paths.keyFile)) return paths;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return makeError(ErrorCode::kIoError, "cannot create " + dir + ": " + ec.message());

  PkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return makeError(ErrorCode::kInternal, "cannot generate a P-256 key");
  auto cert = makeCertificate(key.get());
  if (!cert) return cert.error();

  auto writeKey = [](std::FILE* f, void* k) {
    return PEM_write_PrivateKey(f, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  };
  auto writeCert = [](std::FILE* f, void* c) { return PEM_write_X509(f, static_cast<X509*>(c)) == 1; };
  if (auto s = writePem(paths.keyFile, 0600, writeKey, key.get()); !s) return s.error();
  if (auto s = writePem(paths.certFile, 0644, writeCert, cert->get()); !s) return s.error();
  paths.generated = true;
  return paths;
}

}  // namespace limn::server
