// What every server command shares: one-line failures ("limn task assign:
// forbidden: ..."), --json output, and calls made as the logged-in user
// that also re-verify the audit log's consistency.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "client/cli/server/client_state.h"

namespace limn::cli {

// Prints "limn <command>: <message>" and returns the exit status (1).
int commandFailed(const std::string& command, const Error& error);
int commandUsage(const std::string& command, const std::string& usage);
// An option's value that is not what it must be ("--deadline must be a whole number ..."): exit 2.
int commandBadArgument(const std::string& command, const Error& error);

// --json: the server's JSON on one line; otherwise `human` (if not empty).
int commandDone(bool json, const nlohmann::json& result, const std::string& human);

// A request as the logged-in user; the first of a command also checks the
// audit log's consistency with the last checkpoint seen.
Result<nlohmann::json> callAsUser(ClientState& state, const std::string& method, const std::string& path,
                                  const nlohmann::json& body = nullptr);

// Path segments are sent percent-encoded.
std::string urlSegment(const std::string& text);

}  // namespace limn::cli
