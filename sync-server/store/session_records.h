// Login sessions. Only a hash of the session token is stored, so a copy of
// the database does not log anyone in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sync-server/store/database.h"

namespace limn::server {

struct SessionRecord {
  Blob tokenHash;
  std::int64_t userId = 0;
  std::string csrfToken;
  std::int64_t createdAt = 0;
  std::int64_t lastSeen = 0;
  bool mfa = false;
  std::string address;
};

Status insertSession(Database& db, const SessionRecord& session);
Result<std::optional<SessionRecord>> findSession(Database& db, const Blob& tokenHash);
Status touchSession(Database& db, const Blob& tokenHash, std::int64_t now);
Status deleteSession(Database& db, const Blob& tokenHash);
// Returns how many sessions ended.
Result<std::int64_t> deleteSessionsOf(Database& db, std::int64_t userId);

}  // namespace limn::server
