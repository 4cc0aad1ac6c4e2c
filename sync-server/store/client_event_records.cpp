#include "sync-server/store/client_event_records.h"

namespace limn::server {

Result<bool> recordClientEventId(Database& tx, std::int64_t userId, const std::string& eventId, std::int64_t now) {
  auto r = tx.query(
      "INSERT INTO client_events(user_id, event_id, received_at) VALUES (?, ?, ?)"
      " ON CONFLICT DO NOTHING RETURNING event_id",
      {userId, eventId, now});
  if (!r) return r.error();
  return !r->empty();
}

}  // namespace limn::server
