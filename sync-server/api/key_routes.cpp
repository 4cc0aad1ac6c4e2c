// Project keys: a member makes a new key epoch (the first one, or after
// someone leaves) with wraps for the members, and key holders wrap the
// current epoch for members who joined since (confirm-members). The server
// only checks that each wrap is signed by the caller for that member's
// published key, and hands each member their own wraps.
#include <nlohmann/json.hpp>

#include "shared/crypto/base64.h"
#include "shared/keys/epoch_key_wrap.h"
#include "shared/protocol/published_keys.h"
#include "sync-server/api/api_routes.h"
#include "sync-server/api/project_access.h"
#include "sync-server/api/published_keys_of.h"
#include "sync-server/store/key_records.h"
#include "sync-server/store/user_records.h"

namespace limn::server {

namespace {

constexpr std::size_t kMaxWraps = 1000;

// The body's wraps, each for a member of the project, for `epoch`, signed
// by the caller for the recipient's published key.
Result<std::vector<StoredWrap>> checkedWraps(Call& call, const ProjectAccess& access, std::int64_t epoch) {
  if (!call.body.contains("wraps") || !call.body["wraps"].is_array() || call.body["wraps"].empty() ||
      call.body["wraps"].size() > kMaxWraps)
    return makeError(ErrorCode::kInvalidArgument, "wraps is a list of 1-1000 key wraps");
  auto mine = keysOf(call.ctx.db, call.user().userId);
  if (!mine) return mine.error();
  auto members = membersOf(call.ctx.db, access.project.id);
  if (!members) return members.error();
  std::vector<StoredWrap> out;
  for (const auto& j : call.body["wraps"]) {
    auto wrap = keys::wrapFromJson(j);
    if (!wrap) return wrap.error();
    if (wrap->project != access.project.name || wrap->epoch != epoch)
      return makeError(ErrorCode::kInvalidArgument, "a wrap is for another project or epoch");
    auto member = std::find_if(members->begin(), members->end(),
                               [&](const MemberRecord& m) { return m.userName == wrap->recipient; });
    if (member == members->end())
      return makeError(ErrorCode::kInvalidArgument, wrap->recipient + " is not a member of this project");
    auto theirs = keysOf(call.ctx.db, member->userId);
    if (!theirs) return theirs.error();
    if (!keys::epochKeyWrapSignedBy(*wrap, theirs->boxPublic, mine->signingPublic))
      return makeError(ErrorCode::kCryptoFailure, "the wrap for " + wrap->recipient + " is not signed by your key");
    out.push_back({epoch, member->userId, call.user().userId, call.user().name,
                   Blob(wrap->sealed.begin(), wrap->sealed.end()), Blob(wrap->signature.begin(), wrap->signature.end())});
  }
  return out;
}

// The body's "epoch" (what `means` says it is, for the error).
Result<std::int64_t> bodyEpoch(const Call& call, const char* means) {
  if (!call.body.contains("epoch")) return makeError(ErrorCode::kInvalidArgument, std::string("epoch is ") + means);
  auto epoch = call.integer("epoch", 0, 0, UINT32_MAX);
  if (!epoch) return makeError(ErrorCode::kInvalidArgument, std::string("epoch is ") + means);
  return epoch;
}

Result<bool> callerHolds(Call& call, std::int64_t projectId, std::int64_t epoch) {
  auto holders = holdersOf(call.ctx.db, projectId, epoch);
  if (!holders) return holders.error();
  return holders->count(call.user().userId) > 0;
}

// Stores checked wraps (and the new epoch, when `startsEpoch`) with the
// request's audit entry, in one transaction.
Result<nlohmann::json> storeWraps(Call& call, const ProjectAccess& access, std::int64_t epoch,
                                  const std::vector<StoredWrap>& wraps, bool startsEpoch) {
  call.event.detail = {{"epoch", epoch}, {"wraps", wraps.size()}};
  Status s = call.change([&](Database& tx) -> Status {
    if (startsEpoch)
      if (auto r = insertEpoch(tx, access.project.id, epoch, call.user().userId, call.now); !r) return r;
    for (const StoredWrap& w : wraps)
      if (auto r = insertWrap(tx, access.project.id, w, call.now); !r) return r;
    return okStatus();
  });
  if (!s) return s.error();
  return nlohmann::json{{"project", access.project.name}, {"epoch", epoch}, {"wraps", wraps.size()}};
}

Result<nlohmann::json> newEpoch(Call& call) {
  auto access = projectAccess(call, call.params.at(0), ProjectNeed::kMember);
  if (!access) return access.error();
  auto epoch = bodyEpoch(call, "the new epoch's number");
  if (!epoch) return epoch.error();
  auto current = currentEpoch(call.ctx.db, access->project.id);
  if (!current) return current.error();
  if (*epoch != *current + 1)
    return makeError(ErrorCode::kConflict, "the next epoch is " + std::to_string(*current + 1));
  if (*current == 0 && !access->manages())
    return makeError(ErrorCode::kForbidden, "forbidden: project administrators make a project's first key");
  if (*current > 0) {
    auto held = callerHolds(call, access->project.id, *current);
    if (!held) return held.error();
    if (!*held) return makeError(ErrorCode::kForbidden, "forbidden: only holders of the current key start a new epoch");
  }
  auto wraps = checkedWraps(call, *access, *epoch);
  if (!wraps) return wraps.error();
  if (std::none_of(wraps->begin(), wraps->end(), [&](const StoredWrap& w) { return w.recipientId == call.user().userId; }))
    return makeError(ErrorCode::kInvalidArgument, "a new epoch needs a wrap for its maker too");
  return storeWraps(call, *access, *epoch, *wraps, true);
}

Result<nlohmann::json> addWraps(Call& call) {
  auto access = projectAccess(call, call.params.at(0), ProjectNeed::kMember);
  if (!access) return access.error();
  auto epoch = bodyEpoch(call, "the epoch the wraps are for");
  if (!epoch) return epoch.error();
  auto held = callerHolds(call, access->project.id, *epoch);
  if (!held) return held.error();
  if (!*held) return makeError(ErrorCode::kForbidden, "forbidden: only holders of a key wrap it for others");
  auto wraps = checkedWraps(call, *access, *epoch);
  if (!wraps) return wraps.error();
  return storeWraps(call, *access, *epoch, *wraps, false);
}

// The caller's wraps, who wrapped them (with that member's signing key),
// and every member's public keys and whether they hold the current epoch.
Result<nlohmann::json> keyStatus(Call& call) {
  auto access = projectAccess(call, call.params.at(0), ProjectNeed::kMember);
  if (!access) return access.error();
  auto current = currentEpoch(call.ctx.db, access->project.id);
  if (!current) return current.error();
  auto wraps = wrapsFor(call.ctx.db, access->project.id, call.user().userId);
  if (!wraps) return wraps.error();
  nlohmann::json mine = nlohmann::json::array();
  for (const StoredWrap& w : *wraps) {
    auto wrapper = keysOf(call.ctx.db, w.wrappedById);
    if (!wrapper) return wrapper.error();
    mine.push_back({{"epoch", w.epoch},
                    {"wrapped_by", w.wrappedBy},
                    {"wrapped_by_signing_public", crypto::toBase64(wrapper->signingPublic)},
                    {"sealed", crypto::toBase64(w.sealed)},
                    {"signature", crypto::toBase64(w.signature)}});
  }
  auto holders = holdersOf(call.ctx.db, access->project.id, *current);
  if (!holders) return holders.error();
  auto members = membersOf(call.ctx.db, access->project.id);
  if (!members) return members.error();
  nlohmann::json people = nlohmann::json::object();
  for (const MemberRecord& m : *members) {
    if (people.contains(m.userName)) continue;
    auto keys = keysOf(call.ctx.db, m.userId);
    nlohmann::json p = {{"holds_current", holders->count(m.userId) > 0}};
    if (keys) {
      p["signing_public"] = crypto::toBase64(keys->signingPublic);
      p["box_public"] = crypto::toBase64(keys->boxPublic);
    }
    people[m.userName] = p;
  }
  auto former = formerMembersOf(call.ctx.db, access->project.id);
  if (!former) return former.error();
  nlohmann::json formerPeople = nlohmann::json::object();
  for (const MemberRecord& m : *former)
    if (auto keys = keysOf(call.ctx.db, m.userId))
      formerPeople[m.userName] = {{"signing_public", crypto::toBase64(keys->signingPublic)}};
  auto stale = epochIsStale(call.ctx.db, access->project.id, *current);
  if (!stale) return stale.error();
  return nlohmann::json{{"project", access->project.name}, {"current_epoch", *current},
                        {"current_epoch_stale", *stale}, {"my_wraps", mine},
                        {"members", people}, {"former_members", formerPeople}};
}

}  // namespace

void addKeyRoutes(Router& r) {
  r.add({"POST", "/api/v1/projects/{name}/key-epochs", Access::kSession, "project.key_epoch",
         "project admins (first key), holders of the current key (later ones)", newEpoch});
  r.add({"POST", "/api/v1/projects/{name}/key-wraps", Access::kSession, "project.key_wrap",
         "holders of the epoch's key", addWraps});
  r.add({"GET", "/api/v1/projects/{name}/keys", Access::kSession, "project.keys",
         "project members (their own wraps only)", keyStatus});
}

}  // namespace limn::server
