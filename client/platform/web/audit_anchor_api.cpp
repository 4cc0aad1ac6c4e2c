// The page's check of the site's audit log (web/account.js): the browser
// keeps what it last verified (shared/audit/trust_anchor.h, as JSON in
// localStorage) and, on each sign-in and task opened, checks the server's
// new checkpoint against it with the same code the CLI runs.
#include <emscripten/emscripten.h>

#include <nlohmann/json.hpp>
#include <string>

#include "client/platform/web/page_json.h"
#include "shared/audit/trust_anchor.h"

namespace {

using limn::web::fromPage;

std::string g_out;
const char* answer(const nlohmann::json& j) { return limn::web::answer(g_out, j); }

}  // namespace

extern "C" {

// {"proof_path": "..." or ""} for the checkpoint reply, or {"error"}.
EMSCRIPTEN_KEEPALIVE const char* limn_audit_proof_path(const char* anchor, const char* checkpointReply) {
  const auto seen = limn::audit::anchorFromJson(fromPage(anchor));
  auto fresh = limn::audit::checkedCheckpoint(seen, fromPage(checkpointReply));
  if (!fresh) return answer({{"error", fresh.error().message}});
  return answer({{"proof_path", limn::audit::consistencyPath(seen, fresh->checkpoint)}});
}

// {"anchor", "size"}: what to remember once the checkpoint reply is shown,
// by the consistency proof reply, to extend what was seen; or {"error"}.
EMSCRIPTEN_KEEPALIVE const char* limn_audit_advance(const char* anchor, const char* checkpointReply,
                                                    const char* proofReply) {
  const auto seen = limn::audit::anchorFromJson(fromPage(anchor));
  auto fresh = limn::audit::checkedCheckpoint(seen, fromPage(checkpointReply));
  if (!fresh) return answer({{"error", fresh.error().message}});
  auto next = limn::audit::advanceAnchor(seen, *fresh, fromPage(proofReply));
  if (!next) return answer({{"error", next.error().message}});
  return answer({{"anchor", limn::audit::anchorToJson(*next)}, {"size", next->lastSeen->size}});
}

}  // extern "C"
