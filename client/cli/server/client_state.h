// What the CLI remembers between commands, under $LIMN_HOME (default
// ~/.limn), in session.json with mode 0600: the server, the session, and
// the audit trust anchor (the server's audit key, pinned at first contact,
// and the newest checkpoint this client verified), and the people's public
// keys seen on that server (client/core/sync/known_keys.h).
#pragma once

#include <optional>
#include <string>

#include "client/cli/server/server_api.h"
#include "client/core/sync/known_keys.h"
#include "shared/audit/audit_export.h"
#include "shared/keys/user_keys.h"

namespace limn::cli {

struct ClientState {
  ServerEndpoint server;
  std::string user;
  SessionCredentials session;  // empty token: logged out
  audit::TrustAnchor audit;
  sync::KnownKeys knownKeys;
  bool loggedIn() const { return !session.sessionToken.empty(); }
};

std::string limnHome();
// A missing file is an empty state, not an error.
Result<ClientState> loadClientState();
Status saveClientState(const ClientState& state);

// Fetches the server's signed checkpoint, checks it against the pinned key
// and (by a consistency proof) against the last one seen, and remembers it.
// Run on every command that talks to the server.
Status syncAuditCheckpoint(ClientState& state);

// The logged-in state, or "log in first (limn login ...)".
Result<ClientState> requireLogin();

// The person's unwrapped keys, kept beside the session while logged in
// ($LIMN_HOME/keys.json, mode 0600, like an SSH key) and removed at logout.
Status saveMyKeys(const std::string& user, const keys::UserKeys& keys);
Result<keys::UserKeys> loadMyKeys(const std::string& user);
void forgetMyKeys();

}  // namespace limn::cli
