// `limn audit export --out FILE`, `limn audit verify FILE`, `limn audit review`,
// `limn audit record --action ACTION`.
//
// Verification needs no server: it checks every entry's signature and the
// signed checkpoint's Merkle root against the server key this client pinned
// at first contact (or --public-key), and the newest checkpoint it saw.
#include <cstdio>
#include <fstream>

#include "client/cli/command.h"
#include "client/cli/server/client_state.h"
#include "client/cli/server/server_command.h"
#include "shared/io/file_bytes.h"
#include "shared/audit/client_event.h"
#include "shared/cli/args.h"
#include "shared/encoding/hex.h"

namespace limn::cli {

namespace {
constexpr std::uint64_t kPage = 10000;  // the server's page limit
constexpr long kMaxEventsPerRun = 1000000;
}  // namespace

int runAuditExport(const std::vector<std::string>& words) {
  const std::string cmd = "audit export";
  auto args = Args::parse(words, {"json"}, {"out"});
  if (!args || !args->value("out")) return commandUsage(cmd, "--out FILE [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  // The checkpoint first: the export holds exactly the entries it covers.
  auto cp = callAsUser(*state, "GET", "/api/v1/audit/checkpoint");
  if (!cp) return commandFailed(cmd, cp.error());
  audit::Checkpoint checkpoint;
  crypto::SigningPublicKey key{};
  if (!audit::checkpointFromJson((*cp)["checkpoint"], checkpoint) || !hexToBytes(cp->value("public_key", ""), key))
    return commandFailed(cmd, makeError(ErrorCode::kCryptoFailure, "the server's checkpoint is malformed"));
  std::vector<audit::ExportedEntry> entries;
  for (std::uint64_t from = 0; from < checkpoint.size; from += kPage) {
    const std::uint64_t to = std::min(checkpoint.size, from + kPage);
    auto page = callAsUser(*state, "GET", "/api/v1/audit/entries?from=" + std::to_string(from) + "&to=" + std::to_string(to));
    if (!page) return commandFailed(cmd, page.error());
    for (const auto& e : (*page)["entries"]) {
      audit::ExportedEntry x;
      x.seq = e.value("seq", std::uint64_t{0});
      x.entry = e.value("entry", "");
      if (!hexToBytes(e.value("signature", ""), x.signature))
        return commandFailed(cmd, makeError(ErrorCode::kCryptoFailure, "entry " + std::to_string(x.seq) + " has no signature"));
      entries.push_back(std::move(x));
    }
  }
  const nlohmann::json doc = audit::makeExport(state->server.url, key, checkpoint, entries);
  std::ofstream out(*args->value("out"), std::ios::binary | std::ios::trunc);
  out << doc.dump(1) << "\n";
  if (!out) return commandFailed(cmd, makeError(ErrorCode::kIoError, "cannot write " + *args->value("out")));
  return commandDone(args->has("json"), {{"out", *args->value("out")}, {"entries", entries.size()}},
                     "Exported " + std::to_string(entries.size()) + " audit entries (signed checkpoint of " +
                         std::to_string(checkpoint.size) + ") to " + *args->value("out") + ".");
}

int runAuditVerify(const std::vector<std::string>& words) {
  const std::string cmd = "audit verify";
  const std::string usage = "FILE [--public-key HEX] [--older-export] [--json]";
  auto args = Args::parse(words, {"json", "older-export"}, {"public-key"});
  if (!args || args->positional().size() != 1) return commandUsage(cmd, usage);
  const std::string path = args->positional()[0];
  auto bytes = io::readFileBytes(path);
  if (!bytes) return commandFailed(cmd, bytes.error());
  const auto doc = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
  // The key this client pinned, whatever server the file says it came from:
  // that field is not signed. --public-key names another server's key; the
  // newest checkpoint seen belongs to the pinned server's log only.
  audit::TrustAnchor anchor;
  if (auto state = loadClientState()) anchor = state->audit;
  if (auto k = args->value("public-key")) {
    crypto::SigningPublicKey key{};
    if (!hexToBytes(*k, key)) return commandUsage(cmd, "FILE [--public-key HEX (64 hex digits)] [--older-export] [--json]");
    if (anchor.serverKey != key) anchor.lastSeen.reset();
    anchor.serverKey = key;
  }
  const audit::VerifyReport report = audit::verifyExport(
      doc, anchor, args->has("older-export") ? audit::OlderExport::kCheckOnItsOwn : audit::OlderExport::kRefuse);
  if (args->has("json")) {
    std::printf("%s\n", report.toJson().dump().c_str());
  } else if (report.ok()) {
    std::printf("%s: %llu entries verified; the signed checkpoint covers %llu and is signed by the %s.\n", path.c_str(),
                static_cast<unsigned long long>(report.entries), static_cast<unsigned long long>(report.checkpointSize),
                args->value("public-key") ? "key given" : "pinned server key");
  } else {
    for (const audit::Finding& f : report.findings) std::fprintf(stderr, "%s: %s\n", f.kind.c_str(), f.message.c_str());
    std::fprintf(stderr, "limn audit verify: %s: %zu problems\n", path.c_str(), report.findings.size());
  }
  return report.ok() ? kExitOk : kExitFailed;
}

int runAuditReview(const std::vector<std::string>& words) {
  const std::string cmd = "audit review";
  auto args = Args::parse(words, {"json"}, {"month"});
  if (!args) return commandUsage(cmd, "[--month YYYY-MM] [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  std::string path = "/api/v1/audit/review";
  if (auto m = args->value("month")) path += "?month=" + urlSegment(*m);
  auto reply = callAsUser(*state, "GET", path);
  if (!reply) return commandFailed(cmd, reply.error());
  std::string human = "Audit review " + reply->value("month", "") + ": " + std::to_string(reply->value("entries", 0)) +
                      " entries, " + std::to_string((*reply)["flagged"].size()) + " flagged";
  for (const auto& f : (*reply)["flagged"]) {
    std::string flags;
    for (const auto& x : f["flags"]) flags += (flags.empty() ? "" : ",") + x.get<std::string>();
    const auto& e = f["entry"];
    human += "\n  #" + std::to_string(f.value("seq", 0)) + " " + e.value("time", "") + " " + e.value("actor", "") + " " +
             e.value("action", "") + " " + e.value("resource", "") + " " + e.value("outcome", "") + "  [" + flags + "]";
  }
  return commandDone(args->has("json"), *reply, human);
}

// What only this client saw (it de-identified, exported, opened), stated
// and signed with this person's key, then sent; --print-only prints the
// signed request bodies instead, one per line, for sending later (load
// generators, tests), and sends nothing.
int runAuditRecord(const std::vector<std::string>& words) {
  const std::string cmd = "audit record";
  const std::string usage = "--action ACTION [--resource R] [--detail JSON] [--count N] [--print-only] [--json]";
  auto args = Args::parse(words, {"json", "print-only"}, {"action", "resource", "detail", "count"});
  if (!args || !args->value("action")) return commandUsage(cmd, usage);
  const long count = std::atol(args->value("count").value_or("1").c_str());
  if (count < 1 || count > kMaxEventsPerRun) return commandUsage(cmd, usage);
  const auto detail = nlohmann::json::parse(args->value("detail").value_or("{}"), nullptr, false);
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  auto mine = loadMyKeys(state->user);
  if (!mine) return commandFailed(cmd, mine.error());
  std::vector<nlohmann::json> events;
  for (long i = 0; i < count; ++i) {
    auto e = audit::signClientEvent(state->user, *args->value("action"), args->value("resource").value_or("local"),
                                    detail, audit::auditTimeNow(), mine->signing);
    if (!e) return commandFailed(cmd, e.error());
    events.push_back(audit::clientEventToJson(*e));
  }
  if (args->has("print-only")) {
    for (const auto& e : events) std::printf("%s\n", nlohmann::json{{"events", {e}}}.dump().c_str());
    return kExitOk;
  }
  nlohmann::json seqs = nlohmann::json::array();
  for (std::size_t from = 0; from < events.size(); from += audit::kMaxClientEventsPerRequest) {
    const auto to = std::min(events.size(), from + audit::kMaxClientEventsPerRequest);
    auto reply = callAsUser(*state, "POST", "/api/v1/audit/events",
                            {{"events", std::vector<nlohmann::json>(events.begin() + from, events.begin() + to)}});
    if (!reply) return commandFailed(cmd, reply.error());
    for (const auto& seq : (*reply)["seqs"]) seqs.push_back(seq);
  }
  return commandDone(args->has("json"), {{"seqs", seqs}},
                     "Recorded " + std::to_string(seqs.size()) + " signed event(s) in the site's audit log.");
}

}  // namespace limn::cli
