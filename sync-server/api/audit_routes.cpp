// The audit log's API: signed checkpoints and proofs for every client,
// entries and the monthly review for server administrators, client-side
// events (what only the browser sees), and /metrics for the host's monitor.
// Nothing here deletes or edits an entry.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "shared/audit/client_event.h"
#include "shared/cli/args.h"
#include "sync-server/api/api_routes.h"
#include "sync-server/api/published_keys_of.h"
#include "sync-server/store/client_event_records.h"
#include "sync-server/store/migrations.h"

namespace limn::server {

namespace {

constexpr std::uint64_t kMaxEntriesPerPage = 10000;
constexpr int kBulkReadThreshold = 50;  // reads by one person in one hour that get flagged

Result<std::uint64_t> queryNumber(const Call& call, const char* name, std::optional<std::uint64_t> fallback = {}) {
  if (!call.req.has_param(name)) {
    if (fallback) return *fallback;
    return makeError(ErrorCode::kInvalidArgument, std::string("missing query parameter ") + name);
  }
  auto v = parseInteger(call.req.get_param_value(name), name, 0, INT64_MAX);
  if (!v) return v.error();
  return static_cast<std::uint64_t>(*v);
}

nlohmann::json hashList(const std::vector<audit::Hash>& hashes) {
  nlohmann::json out = nlohmann::json::array();
  for (const audit::Hash& h : hashes) out.push_back(crypto::toHex(h));
  return out;
}

Result<nlohmann::json> checkpoint(Call& call) {
  call.event.resource = "audit";
  auto c = call.ctx.audit.checkpoint();
  if (!c) return c.error();
  return nlohmann::json{{"public_key", crypto::toHex(call.ctx.audit.publicKey())},
                        {"checkpoint", audit::checkpointToJson(*c)}};
}

Result<nlohmann::json> consistency(Call& call) {
  call.event.resource = "audit";
  auto oldSize = queryNumber(call, "old");
  auto newSize = queryNumber(call, "new");
  if (!oldSize) return oldSize.error();
  if (!newSize) return newSize.error();
  auto proof = call.ctx.audit.consistencyProof(*oldSize, *newSize);
  if (!proof) return proof.error();
  return nlohmann::json{{"old", *oldSize}, {"new", *newSize}, {"proof", hashList(*proof)}};
}

Result<nlohmann::json> inclusion(Call& call) {
  call.event.resource = "audit";
  auto index = queryNumber(call, "index");
  auto size = queryNumber(call, "size");
  if (!index) return index.error();
  if (!size) return size.error();
  auto proof = call.ctx.audit.inclusionProof(*index, *size);
  if (!proof) return proof.error();
  return nlohmann::json{{"index", *index}, {"size", *size}, {"proof", hashList(*proof)}};
}

Result<nlohmann::json> entries(Call& call) {
  call.event.resource = "audit";
  auto from = queryNumber(call, "from", 0);
  if (!from) return from.error();
  auto to = queryNumber(call, "to", *from + kMaxEntriesPerPage);
  if (!to) return to.error();
  if (*to < *from || *to - *from > kMaxEntriesPerPage)
    return makeError(ErrorCode::kInvalidArgument, "at most 10000 entries per page, from <= to");
  auto list = call.ctx.audit.entries(*from, *to);
  if (!list) return list.error();
  nlohmann::json out = nlohmann::json::array();
  for (const audit::ExportedEntry& e : *list)
    out.push_back({{"seq", e.seq}, {"entry", e.entry}, {"signature", crypto::toHex(e.signature)}});
  call.event.detail = {{"from", *from}, {"count", list->size()}};
  return nlohmann::json{{"entries", out}};
}

// The monthly access review: the month's entries with the ones worth a
// human look flagged (denied, exports, lockouts, odd hours, bulk reads).
Result<nlohmann::json> review(Call& call) {
  call.event.resource = "audit";
  const std::string month = call.req.has_param("month") ? call.req.get_param_value("month") : auditTimeNow().substr(0, 7);
  // A month that does not exist would read as a month without entries.
  const auto digits = [&](std::size_t from, std::size_t n) {
    return std::all_of(month.begin() + from, month.begin() + from + n, [](char c) { return c >= '0' && c <= '9'; });
  };
  if (month.size() != 7 || month[4] != '-' || !digits(0, 4) || !digits(5, 2) || month.substr(5) < "01" ||
      month.substr(5) > "12")
    return makeError(ErrorCode::kInvalidArgument, "month is YYYY-MM, a month that exists (01 to 12), not '" + month + "'");
  auto all = call.ctx.audit.entries(0, ~std::uint64_t{0} >> 1);
  if (!all) return all.error();
  nlohmann::json flagged = nlohmann::json::array();
  std::map<std::string, int> readsPerHour;
  std::map<std::string, int> byAction;
  std::uint64_t total = 0;
  for (const audit::ExportedEntry& e : *all) {
    const auto j = nlohmann::json::parse(e.entry, nullptr, false);
    if (!j.is_object() || j.value("time", "").rfind(month, 0) != 0) continue;
    ++total;
    const std::string action = j.value("action", ""), outcome = j.value("outcome", ""), time = j.value("time", "");
    byAction[action]++;
    std::vector<std::string> flags;
    if (outcome == "denied") flags.push_back("denied");
    if (action.find("export") != std::string::npos) flags.push_back("export");
    if (action == "auth.lockout") flags.push_back("lockout");
    const int hour = time.size() >= 13 ? std::atoi(time.substr(11, 2).c_str()) : 12;
    if (hour < 6 || hour >= 22) flags.push_back("odd_hours");
    if (call.ctx.readActions.count(action)) {
      const std::string key = j.value("actor", "") + "@" + time.substr(0, 13);
      if (++readsPerHour[key] == kBulkReadThreshold) flags.push_back("bulk_read");
    }
    if (!flags.empty()) flagged.push_back({{"seq", e.seq}, {"entry", j}, {"flags", flags}});
  }
  return nlohmann::json{{"month", month}, {"entries", total}, {"by_action", byAction}, {"flagged", flagged}};
}

// Events only the client sees (opened an image, ran de-identification,
// saved a file, ran a model), each signed by the caller's own key
// (shared/audit/client_event.h): recorded as signed, or none of the batch.
Result<nlohmann::json> clientEvents(Call& call) {
  call.event.resource = "audit";
  if (!call.body.contains("events") || !call.body["events"].is_array() || call.body["events"].empty() ||
      call.body["events"].size() > audit::kMaxClientEventsPerRequest)
    return makeError(ErrorCode::kInvalidArgument, "events is a list of 1-100 signed events");
  auto mine = keysOf(call.ctx.db, call.user().userId);
  if (!mine) return mine.error();
  std::vector<audit::ClientEvent> signedEvents;
  for (const auto& j : call.body["events"]) {
    auto e = audit::clientEventFromJson(j);
    if (!e) return e.error();
    if (e->user != call.user().name || e->key != mine->signingPublic)
      return makeError(ErrorCode::kForbidden, "event " + e->id + ": forbidden: stated by someone else");
    if (!audit::clientEventSignatureHolds(*e))
      return makeError(ErrorCode::kCryptoFailure, "event " + e->id + ": the signature does not verify");
    signedEvents.push_back(std::move(*e));
  }
  std::vector<std::uint64_t> seqs;
  call.event.detail = {{"events", signedEvents.size()}};
  Status s = call.change([&](Database& tx) -> Status {
    for (const auto& e : signedEvents) {
      auto fresh = recordClientEventId(tx, call.user().userId, e.id, call.now);
      if (!fresh) return fresh.error();
      if (!*fresh) return makeError(ErrorCode::kConflict, "event " + e.id + " is already in the audit log (a replay)");
      audit::AuditEvent ev{auditTimeNow(), call.user().name, audit::kClientActionPrefix + e.action, e.resource,
                           call.address,   "ok",              {{"event", audit::clientEventToJson(e)}}};
      auto seq = call.ctx.audit.append(tx, ev);
      if (!seq) return seq.error();
      seqs.push_back(*seq);
    }
    return okStatus();
  });
  if (!s) return s.error();
  return nlohmann::json{{"seqs", seqs}};
}

Result<nlohmann::json> metrics(Call& call) {
  const Metrics& m = call.ctx.metrics;
  auto line = [](const char* name, const char* help, const char* type, std::uint64_t v) {
    return std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
           std::to_string(v) + "\n";
  };
  std::string text;
  text += line("limn_http_requests_total", "API requests handled.", "counter", m.requests.load());
  text += line("limn_http_denied_total", "API requests answered 401 or 403.", "counter", m.denied.load());
  text += line("limn_http_failed_total", "API requests answered with another error.", "counter", m.failed.load());
  text += line("limn_logins_total", "Successful logins.", "counter", m.logins.load());
  text += line("limn_login_failures_total", "Failed login attempts.", "counter", m.loginFailures.load());
  text += line("limn_lockouts_total", "Accounts or addresses locked out.", "counter", m.lockouts.load());
  text += line("limn_audit_appends_total", "Audit entries written by this process.", "counter", call.ctx.audit.appended());
  auto c = call.ctx.audit.checkpoint();
  if (c) text += line("limn_audit_log_size", "Entries in the audit log.", "gauge", c->size);
  call.plainText = std::move(text);
  return nlohmann::json::object();
}

Result<nlohmann::json> health(Call& call) {
  auto schema = currentSchemaVersion(call.ctx.db);
  const bool ok = schema.ok();
  if (!ok) return makeError(ErrorCode::kUnavailable, "database unavailable");
  return nlohmann::json{{"status", "ok"},
                        {"version", LIMN_VERSION},
                        {"protocol", 1},
                        {"db", {{"kind", call.ctx.db.dialect() == Dialect::kPostgres ? "postgres" : "sqlite"},
                                {"ok", ok},
                                {"schema", *schema}}}};
}

}  // namespace

void addAuditRoutes(Router& r) {
  r.add({"GET", "/api/v1/health", Access::kPublic, "", "anyone", health});
  r.add({"GET", "/metrics", Access::kLoopback, "", "the server's own machine", metrics});
  // Checkpoints and proofs are hashes about the log, asked on every sync:
  // not data reads, so not entries of their own (the log would mostly be
  // records of people checking it).
  r.add({"GET", "/api/v1/audit/checkpoint", Access::kSession, "", "any logged-in person", checkpoint});
  r.add({"GET", "/api/v1/audit/consistency", Access::kSession, "", "any logged-in person", consistency});
  r.add({"GET", "/api/v1/audit/inclusion", Access::kSession, "", "any logged-in person", inclusion});
  r.add({"GET", "/api/v1/audit/entries", Access::kServerAdmin, "audit.read", "server administrators", entries});
  r.add({"GET", "/api/v1/audit/review", Access::kServerAdmin, "audit.review", "server administrators", review});
  r.add({"POST", "/api/v1/audit/events", Access::kSession, "audit.client_events", "any logged-in person, as themselves",
         clientEvents});
}

}  // namespace limn::server
