#include "sync-server/api/published_keys_of.h"

#include <nlohmann/json.hpp>

#include "sync-server/store/user_records.h"

namespace limn::server {

Result<protocol::PublishedUserKeys> keysOf(Database& db, std::int64_t userId) {
  auto user = findUserById(db, userId);
  if (!user) return user.error();
  if (!*user) return makeError(ErrorCode::kNotFound, "no such user");
  auto keys = protocol::publishedFromJson(nlohmann::json::parse((*user)->publishedKeys, nullptr, false));
  if (!keys) return makeError(ErrorCode::kConflict, (*user)->name + " has not published keys");
  return *keys;
}

}  // namespace limn::server
