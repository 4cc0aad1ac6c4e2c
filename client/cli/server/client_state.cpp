#include "client/cli/server/client_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "shared/crypto/base64.h"
#include "shared/crypto/sha256.h"
#include "shared/io/file_bytes.h"

namespace limn::cli {

namespace {

std::string statePath() { return limnHome() + "/session.json"; }
std::string keysPath() { return limnHome() + "/keys.json"; }

// Written whole to a temporary file with mode 0600, then renamed over.
Status writePrivateFile(const std::string& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(limnHome(), ec);
  ::chmod(limnHome().c_str(), 0700);
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return makeError(ErrorCode::kIoError, "cannot write " + tmp);
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) return makeError(ErrorCode::kIoError, "cannot write " + path);
  return okStatus();
}

}  // namespace

std::string limnHome() {
  if (const char* h = std::getenv("LIMN_HOME"); h && *h) return h;
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.limn";
  return ".limn";
}

Result<ClientState> loadClientState() {
  ClientState state;
  std::error_code ec;
  if (!std::filesystem::exists(statePath(), ec)) return state;
  auto bytes = io::readFileBytes(statePath());
  if (!bytes) return bytes.error();
  const auto j = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
  if (!j.is_object()) return makeError(ErrorCode::kInvalidArgument, statePath() + " is not readable JSON");
  state.server.url = j.value("server", "");
  state.server.caFile = j.value("ca_file", "");
  state.user = j.value("user", "");
  state.session.sessionToken = j.value("session", "");
  state.session.csrfToken = j.value("csrf", "");
  state.audit = audit::anchorFromJson(j);
  if (j.contains("known_keys")) state.knownKeys = sync::knownKeysFromJson(j["known_keys"]);
  return state;
}

Status saveClientState(const ClientState& state) {
  nlohmann::json j = {{"server", state.server.url}, {"ca_file", state.server.caFile}, {"user", state.user},
                      {"session", state.session.sessionToken}, {"csrf", state.session.csrfToken}};
  j.update(audit::anchorToJson(state.audit));
  j["known_keys"] = sync::knownKeysToJson(state.knownKeys);
  return writePrivateFile(statePath(), j.dump(2) + "\n");
}

Status saveMyKeys(const std::string& user, const keys::UserKeys& k) {
  const auto seed = k.signing.secretKey.bytes().first<crypto::kSigningSeedBytes>();
  const nlohmann::json j = {{"user", user},
                            {"signing_seed", crypto::toBase64(seed)},
                            {"box_secret", crypto::toBase64(k.box.secretKey.bytes())}};
  return writePrivateFile(keysPath(), j.dump() + "\n");
}

Result<keys::UserKeys> loadMyKeys(const std::string& user) {
  const Error missing = makeError(ErrorCode::kUnauthenticated, "your keys are not on this machine; log in again");
  auto bytes = io::readFileBytes(keysPath());
  if (!bytes) return missing;
  const auto j = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
  std::fill(bytes->begin(), bytes->end(), std::uint8_t{0});
  std::array<std::uint8_t, crypto::kSigningSeedBytes> seed{};
  keys::UserKeys k;
  if (!j.is_object() || j.value("user", "") != user || !crypto::fromBase64Exact(j.value("signing_seed", ""), seed) ||
      !crypto::fromBase64Exact(j.value("box_secret", ""), k.box.secretKey.bytes()))
    return missing;
  k.signing = crypto::signingKeyPairFromSeed(seed);
  k.box.publicKey = crypto::x25519PublicKey(k.box.secretKey);
  std::fill(seed.begin(), seed.end(), 0);
  return k;
}

void forgetMyKeys() { std::remove(keysPath().c_str()); }

Result<ClientState> requireLogin() {
  auto state = loadClientState();
  if (!state) return state.error();
  if (!state->loggedIn()) return makeError(ErrorCode::kUnauthenticated, "log in first (limn login --server URL ...)");
  return state;
}

Status syncAuditCheckpoint(ClientState& state) {
  auto reply = apiRequest(state.server, "GET", "/api/v1/audit/checkpoint", nullptr, &state.session);
  if (!reply) return reply.error();
  auto fresh = audit::checkedCheckpoint(state.audit, reply->body);
  if (!fresh) return fresh.error();
  nlohmann::json proof;
  if (const std::string path = audit::consistencyPath(state.audit, fresh->checkpoint); !path.empty()) {
    auto proofReply = apiRequest(state.server, "GET", path, nullptr, &state.session);
    if (proofReply) proof = std::move(proofReply->body);
  }
  auto next = audit::advanceAnchor(state.audit, *fresh, proof);
  if (!next) return next.error();
  state.audit = std::move(*next);
  return saveClientState(state);
}

}  // namespace limn::cli
