// The page's check of the site's audit log (web/account.js): the browser
// keeps what it last verified (shared/audit/trust_anchor.h, as JSON in
// localStorage) and, on each sign-in and task opened, checks the server's
// new checkpoint against it with the same code the CLI runs.
#include <emscripten/emscripten.h>

#include <nlohmann/json.hpp>
#include <string>

#include "shared/audit/trust_anchor.h"

namespace {

std::string g_out;

const char* answer(const nlohmann::json& j) {
  g_out = j.dump();
  return g_out.c_str();
}

nlohmann::json parsed(const char* text) { return nlohmann::json::parse(text ? text : "", nullptr, false); }

}  // namespace

extern "C" {

// {"proof_path": "..." or ""} for the checkpoint reply, or {"error"}.
EMSCRIPTEN_KEEPALIVE const char* limn_audit_proof_path(const char* anchor, const char* checkpointReply) {
  const auto seen = limn::audit::anchorFromJson(parsed(anchor));
  auto fresh = limn::audit::checkedCheckpoint(seen, parsed(checkpointReply));
  if (!fresh) return answer({{"error", fresh.error().message}});
  return answer({{"proof_path", limn::audit::consistencyPath(seen, fresh->checkpoint)}});
}

// {"anchor", "size"}: what to remember once the checkpoint reply is shown,
// by the consistency proof reply, to extend what was seen; or {"error"}.
EMSCRIPTEN_KEEPALIVE const char* limn_audit_advance(const char* anchor, const char* checkpointReply,
                                                    const char* proofReply) {
  const auto seen = limn::audit::anchorFromJson(parsed(anchor));
  auto fresh = limn::audit::checkedCheckpoint(seen, parsed(checkpointReply));
  if (!fresh) return answer({{"error", fresh.error().message}});
  auto next = limn::audit::advanceAnchor(seen, *fresh, parsed(proofReply));
  if (!next) return answer({{"error", next.error().message}});
  return answer({{"anchor", limn::audit::anchorToJson(*next)}, {"size", next->lastSeen->size}});
}

}  // extern "C"
