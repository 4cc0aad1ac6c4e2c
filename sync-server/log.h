// Structured logs: one JSON object per line on stderr. Never pass PHI,
// secrets, tokens or request bodies.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace limn::server {

void logEvent(const std::string& event, nlohmann::json fields = nlohmann::json::object());

}  // namespace limn::server
