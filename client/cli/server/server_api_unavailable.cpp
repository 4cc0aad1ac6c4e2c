#include "client/cli/server/server_api.h"

namespace limn::cli {

Result<ApiReply> apiRequest(const ServerEndpoint&, const std::string&, const std::string&, const nlohmann::json&,
                            const SessionCredentials*) {
  return makeError(ErrorCode::kUnavailable,
                   "talking to a server needs the native limn (this build runs under Node without sockets)");
}

}  // namespace limn::cli
