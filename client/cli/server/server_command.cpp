#include "client/cli/server/server_command.h"

#include <cstdio>

#include "client/cli/command.h"

namespace limn::cli {

int commandFailed(const std::string& command, const Error& error) {
  std::fprintf(stderr, "limn %s: %s\n", command.c_str(), error.message.c_str());
  return kExitFailed;
}

int commandUsage(const std::string& command, const std::string& usage) {
  std::fprintf(stderr, "usage: limn %s %s\n", command.c_str(), usage.c_str());
  return kExitUsage;
}

int commandBadArgument(const std::string& command, const Error& error) {
  std::fprintf(stderr, "limn %s: %s\n", command.c_str(), error.message.c_str());
  return kExitUsage;
}

int commandDone(bool json, const nlohmann::json& result, const std::string& human) {
  if (json) std::printf("%s\n", result.dump().c_str());
  else if (!human.empty()) std::printf("%s\n", human.c_str());
  return kExitOk;
}

Result<nlohmann::json> callAsUser(ClientState& state, const std::string& method, const std::string& path,
                                  const nlohmann::json& body) {
  auto reply = apiRequest(state.server, method, path, body, &state.session);
  if (!reply) {
    if (reply.error().code == ErrorCode::kUnauthenticated) {
      state.session = {};
      (void)saveClientState(state);
      return makeError(ErrorCode::kUnauthenticated, reply.error().message + " (the session ended; log in again)");
    }
    return reply.error();
  }
  // Once per command: a command of many calls (a task list over several
  // projects, an audit export in pages) checks the log once, after its first.
  static bool auditChecked = false;
  if (!auditChecked) {
    if (auto s = syncAuditCheckpoint(state); !s) return s.error();
    auditChecked = true;
  }
  return reply->body;
}

std::string urlSegment(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace limn::cli
