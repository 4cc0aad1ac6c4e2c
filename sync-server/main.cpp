// limn-server: the thin sync server. It stores ciphertext, wrapped keys and
// audit events; it never sees PHI or annotation content.
//
//   limn-server --data DIR [--listen HOST:PORT] [--db sqlite|postgres://...] [--web DIR]
//               [--cert PEM --key PEM] [--tls-min 1.2|1.3] [--insecure-http]
//   limn-server admin create --data DIR --user NAME --password-file FILE
//   limn-server routes --json
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "shared/cli/args.h"
#include "shared/crypto/password_keys.h"
#include "shared/crypto/random.h"
#include "sync-server/admin/admin_create.h"
#include "sync-server/api/api_routes.h"
#include "sync-server/audit/audit_log.h"
#include "sync-server/data_folder.h"
#include "sync-server/http/api_server.h"
#include "sync-server/http/security_headers.h"
#include "sync-server/log.h"
#include "sync-server/server_config.h"
#include "sync-server/store/database.h"
#include "sync-server/tls/self_signed_cert.h"

namespace {

using namespace limn;
using namespace limn::server;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

const char* kUsage =
    "usage: limn-server --data DIR [--listen HOST:PORT] [--db sqlite|postgres://...] [--web DIR]\n"
    "                   [--cert PEM --key PEM] [--tls-min 1.2|1.3] [--threads N] [--insecure-http]\n"
    "                   [--dicomweb-origin https://pacs.example.org ...]\n"
    "                   [--session-idle SECONDS] [--session-max SECONDS]\n"
    "       limn-server admin create --data DIR --user NAME --password-file FILE [--db URL] [--json]\n"
    "       limn-server routes --json      (every API endpoint with its access rule)\n";

int fail(const std::string& message, int code = kExitFailed) {
  std::fprintf(stderr, "limn-server: %s\n", message.c_str());
  return code;
}

Result<ServerConfig> configFromArgs(const Args& args) {
  ServerConfig c;
  c.dataDir = args.value("data").value_or("");
  if (c.dataDir.empty()) return makeError(ErrorCode::kInvalidArgument, "--data DIR is required");
  if (auto listen = args.value("listen")) {
    auto colon = listen->rfind(':');
    if (colon == std::string::npos) return makeError(ErrorCode::kInvalidArgument, "--listen wants HOST:PORT");
    c.host = listen->substr(0, colon);
    if (c.host.size() > 1 && c.host.front() == '[') c.host = c.host.substr(1, c.host.size() - 2);
    auto port = parseInteger(listen->substr(colon + 1), "the port of --listen", 1, 65535);
    if (!port) return port.error();
    c.port = static_cast<int>(*port);
  }
  c.db = args.value("db").value_or("sqlite");
  c.webRoot = args.value("web").value_or(LIMN_DEFAULT_WEB_ROOT);
  c.certFile = args.value("cert").value_or("");
  c.keyFile = args.value("key").value_or("");
  if (c.certFile.empty() != c.keyFile.empty())
    return makeError(ErrorCode::kInvalidArgument, "--cert and --key go together");
  if (args.has("insecure-http")) c.transport = Transport::kInsecureHttp;
  const std::string tlsMin = args.value("tls-min").value_or("1.2");
  if (tlsMin != "1.2" && tlsMin != "1.3") return makeError(ErrorCode::kInvalidArgument, "--tls-min is 1.2 or 1.3");
  c.minTls = tlsMin == "1.3" ? MinTls::kTls13 : MinTls::kTls12;
  auto threads = args.integer("threads", c.threads, 1, 4096);
  if (!threads) return threads.error();
  c.threads = static_cast<int>(*threads);
  auto idle = args.integer("session-idle", c.sessionIdleSeconds, 1, INT32_MAX);
  if (!idle) return idle.error();
  c.sessionIdleSeconds = *idle;
  auto longest = args.integer("session-max", c.sessionMaxSeconds, 1, INT32_MAX);
  if (!longest) return longest.error();
  c.sessionMaxSeconds = *longest;
  for (const std::string& origin : args.values("dicomweb-origin")) {
    if (auto s = checkOrigin(origin); !s) return s.error();
    c.dicomwebOrigins.push_back(origin);
  }
  return c;
}

int serve(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {"insecure-http"},
                          {"data", "listen", "db", "web", "cert", "key", "tls-min", "threads", "dicomweb-origin",
                           "session-idle", "session-max"});
  if (!args) return fail(args.error().message + "\n" + kUsage, kExitUsage);
  auto config = configFromArgs(*args);
  if (!config) return fail(config.error().message + "\n" + kUsage, kExitUsage);

  if (Status s = preparePrivateDataFolder(config->dataDir); !s) return fail(s.error().message);
  if (!config->webRoot.empty() && !std::filesystem::is_directory(config->webRoot)) {
    logEvent("web_root_missing", {{"path", config->webRoot}});
    config->webRoot.clear();
  }
  if (config->transport == Transport::kHttps && config->certFile.empty()) {
    auto cert = ensureSelfSignedCertificate(config->dataDir + "/tls");
    if (!cert) return fail(cert.error().message);
    config->certFile = cert->certFile;
    config->keyFile = cert->keyFile;
    if (cert->generated) logEvent("tls_certificate_generated", {{"cert", cert->certFile}});
  }
  auto db = openDatabase(config->db, config->dataDir);
  if (!db) return fail(db.error().message);
  auto audit = AuditLog::open(**db, auditKeyPath(config->dataDir));
  if (!audit) return fail(audit.error().message);
  ServerContext ctx(*config, **db, **audit);
  crypto::DerivedKey decoyKey{};
  crypto::randomBytes(decoyKey);
  auto decoyHash = crypto::hashAuthKey(decoyKey);
  if (!decoyHash) return fail(decoyHash.error().message);
  ctx.decoyAuthHash = *decoyHash;
  (*audit)->deriveSecret("limn prelogin decoy key v1", ctx.decoySaltKey);
  (*audit)->deriveSecret("limn audit blob name key v1", ctx.blobNameKey);
  auto server = ApiServer::create(ctx, allRoutes());
  if (!server) return fail(server.error().message);

  // Signals go to one thread that stops the server: stop() is not
  // async-signal-safe, so it must not run inside a handler.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&set, &sig);
    logEvent("shutdown", {{"signal", sig}});
    (*server)->stop();
  });

  const bool https = config->transport == Transport::kHttps;
  const std::string url = std::string(https ? "https" : "http") + "://" +
                          (config->host.find(':') != std::string::npos ? "[" + config->host + "]" : config->host) +
                          ":" + std::to_string(config->port) + "/";
  Status served = (*server)->bind();
  if (served) {
    logEvent("listening", {{"url", url}, {"tls", https}, {"web_root", config->webRoot}});
    std::fprintf(stderr, "limn-server: serving %s\n", url.c_str());
    served = (*server)->serve();
  }
  if (!served) {
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return fail(served.error().message);
  }
  waiter.join();
  logEvent("stopped");
  return kExitOk;
}

int printRoutes() {
  nlohmann::json list = nlohmann::json::array();
  const Router router = allRoutes();
  for (const Route& r : router.routes())
    list.push_back({{"method", r.method}, {"path", r.pattern}, {"access", accessName(r.access)}, {"action", r.action},
                    {"rule", r.rule}});
  std::printf("%s\n", list.dump(2).c_str());
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // Whatever the server writes (database, WAL, keys, certificates) is its
  // user's alone.
  ::umask(077);
  std::vector<std::string> words(argv + 1, argv + argc);
  if (!words.empty() && (words[0] == "--help" || words[0] == "-h" || words[0] == "help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!words.empty() && (words[0] == "--version" || words[0] == "version")) {
    std::printf("limn-server %s\n", LIMN_VERSION);
    return kExitOk;
  }
  if (!words.empty() && words[0] == "routes") return printRoutes();
  if (words.size() >= 2 && words[0] == "admin" && words[1] == "create")
    return runAdminCreate(std::vector<std::string>(words.begin() + 2, words.end()));
  return serve(words);
}
