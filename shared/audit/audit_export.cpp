#include "shared/audit/audit_export.h"

#include "shared/audit/client_event.h"
#include "shared/encoding/hex.h"
#include "shared/encoding/json_fields.h"

#include <algorithm>
#include <map>
#include <set>

namespace limn::audit {

namespace {

std::string seqText(std::uint64_t s) { return std::to_string(s); }

Hash leafOf(const std::string& entry) {
  return leafHash({reinterpret_cast<const std::uint8_t*>(entry.data()), entry.size()});
}

// Each person's public signing key as their account's creation entry
// registered it (hex), by name.
using RegisteredKeys = std::map<std::string, std::string>;

void noteRegistration(const nlohmann::json& entry, RegisteredKeys& keys) {
  if (!isAccountCreationAction(textField(entry, "action")) || textField(entry, "outcome") != "ok") return;
  const std::string resource = textField(entry, "resource");
  const nlohmann::json detail = entry.contains("detail") ? entry["detail"] : nlohmann::json();
  if (resource.rfind("user:", 0) != 0 || !detail.is_object() || !detail.contains(kSigningKeyField) ||
      !detail[kSigningKeyField].is_string())
    return;
  keys[resource.substr(5)] = detail[kSigningKeyField].get<std::string>();
}

// A client event's entry must carry the person's signed statement, signed
// with the key their account registered earlier in the log, and say what
// it says: the server can only record such events, not make them up.
std::optional<std::string> clientEventProblem(const nlohmann::json& entry, const RegisteredKeys& keys) {
  const std::string action = textField(entry, "action");
  if (!isClientEventAction(action)) return std::nullopt;
  const nlohmann::json detail = entry.contains("detail") ? entry["detail"] : nlohmann::json();
  if (!detail.is_object() || !detail.contains("event")) return "holds no signed client event";
  auto e = clientEventFromJson(detail["event"]);
  if (!e) return "holds no valid signed client event (" + e.error().message + ")";
  if (!clientEventSignatureHolds(*e)) return "the client's signature on event " + e->id + " does not verify";
  if (e->user != textField(entry, "actor") || kClientActionPrefix + e->action != action ||
      e->resource != textField(entry, "resource"))
    return "says something other than the event " + e->user + " signed";
  const auto registered = keys.find(e->user);
  if (registered == keys.end()) return "is signed by " + e->user + ", whose account's key no earlier entry registers";
  if (registered->second != crypto::toHex(e->key))
    return "is signed with key " + crypto::toHex(e->key) + ", not the key " + e->user + "'s account registered";
  return std::nullopt;
}

}  // namespace

nlohmann::json VerifyReport::toJson() const {
  nlohmann::json list = nlohmann::json::array();
  for (const Finding& f : findings) {
    nlohmann::json j = {{"kind", f.kind}, {"message", f.message}};
    if (f.seq) j["seq"] = *f.seq;
    list.push_back(j);
  }
  return {{"ok", ok()}, {"entries", entries}, {"checkpoint_size", checkpointSize}, {"client_events", clientEvents},
          {"findings", list}};
}

nlohmann::json makeExport(const std::string& server, const crypto::SigningPublicKey& key, const Checkpoint& checkpoint,
                          const std::vector<ExportedEntry>& entries) {
  nlohmann::json list = nlohmann::json::array();
  for (const ExportedEntry& e : entries)
    list.push_back({{"seq", e.seq}, {"entry", e.entry}, {"signature", crypto::toHex(e.signature)}});
  return {{"format", kExportFormat},        {"version", kExportVersion},
          {"server", server},               {"public_key", crypto::toHex(key)},
          {"checkpoint", checkpointToJson(checkpoint)}, {"entries", list}};
}

namespace {

bool wellFormed(const nlohmann::json& item) {
  return item.is_object() && item.contains("seq") && item["seq"].is_number_unsigned() && item.contains("entry") &&
         item["entry"].is_string() && item.contains("signature") && item["signature"].is_string();
}

// Whether `item` is an entry the server signed, under `key`, at the seq it states.
bool signedEntry(const nlohmann::json& item, const crypto::SigningPublicKey& key, ExportedEntry& e) {
  if (!wellFormed(item)) return false;
  e.seq = item["seq"].get<std::uint64_t>();
  e.entry = item["entry"].get<std::string>();
  if (!hexToBytes(item["signature"].get<std::string>(), e.signature)) return false;
  const auto inner = nlohmann::json::parse(e.entry, nullptr, false);
  const bool seqMatches = unsignedField(inner, "seq") == e.seq;
  return seqMatches && crypto::verifySignature(key, entrySigningMessage(e.seq, leafOf(e.entry)), e.signature);
}

}  // namespace

VerifyReport verifyExport(const nlohmann::json& doc, const TrustAnchor& anchor, OlderExport older) {
  VerifyReport report;
  auto fail = [&](std::string kind, std::optional<std::uint64_t> seq, std::string message) {
    report.findings.push_back({std::move(kind), seq, std::move(message)});
  };
  if (!doc.is_object() || textField(doc, "format") != kExportFormat || !doc.contains("entries") ||
      !doc["entries"].is_array()) {
    fail("format", std::nullopt, "not a Limn audit export");
    return report;
  }
  crypto::SigningPublicKey key{};
  if (!doc.contains("public_key") || !doc["public_key"].is_string() ||
      !hexToBytes(doc["public_key"].get<std::string>(), key)) {
    fail("format", std::nullopt, "the export has no valid server public key");
    return report;
  }
  if (!anchor.serverKey) {
    fail("key", std::nullopt,
         "no trusted server key: this client has pinned none, so key " + crypto::toHex(key) +
             " named by the file proves nothing (log in to the server once, or pass --public-key HEX as the site "
             "publishes it)");
  } else if (*anchor.serverKey != key) {
    fail("key", std::nullopt,
         "the export is signed by key " + crypto::toHex(key) + ", not the server key this client trusts (" +
             crypto::toHex(*anchor.serverKey) + "; another server's export: pass --public-key HEX)");
    return report;
  }
  Checkpoint checkpoint;
  if (!doc.contains("checkpoint") || !checkpointFromJson(doc["checkpoint"], checkpoint)) {
    fail("format", std::nullopt, "the export has no readable checkpoint");
    return report;
  }
  report.checkpointSize = checkpoint.size;
  if (!verifyCheckpoint(checkpoint, key)) fail("checkpoint", std::nullopt, "the checkpoint's signature is not valid");

  // Seqs the file holds a genuine entry for, wherever it stands: an
  // unsigned entry beside one of them, or past the checkpoint, was added;
  // one in place of a missing genuine entry was changed.
  // Each signature is checked once, here.
  struct Checked {
    ExportedEntry entry;
    bool isSigned = false;
  };
  std::vector<Checked> checked;
  std::set<std::uint64_t> genuine;
  for (const auto& item : doc["entries"]) {
    Checked c;
    c.isSigned = signedEntry(item, key, c.entry);
    if (c.isSigned) genuine.insert(c.entry.seq);
    checked.push_back(std::move(c));
  }
  std::map<std::uint64_t, Hash> valid;  // seq -> leaf, entries whose signature holds
  std::set<std::uint64_t> modified;      // seqs already reported changed, not to be reported deleted too
  RegisteredKeys registered;
  std::uint64_t highest = 0;
  bool any = false;
  std::uint64_t position = 0;
  for (const auto& item : doc["entries"]) {
    ++report.entries;
    const std::uint64_t at = position++;
    const ExportedEntry& e = checked[at].entry;
    if (!checked[at].isSigned) {
      if (!wellFormed(item)) {
        fail("modified", std::nullopt, "entry at position " + seqText(at) + " is malformed");
      } else if (genuine.count(e.seq) || e.seq >= checkpoint.size) {
        fail("inserted", e.seq, "position " + seqText(at) + " holds an entry the server never signed (seq " +
                                    seqText(e.seq) + (genuine.count(e.seq) ? " is present elsewhere)" : " is past the checkpoint)"));
      } else {
        fail("modified", e.seq, "entry seq " + seqText(e.seq) + " (position " + seqText(at) +
                                    ") does not match the server's signature");
        modified.insert(e.seq);
      }
      continue;
    }
    const Hash leaf = leafOf(e.entry);
    const auto inner = nlohmann::json::parse(e.entry, nullptr, false);
    if (valid.count(e.seq)) {
      fail("inserted", e.seq, "entry seq " + seqText(e.seq) + " appears twice (position " + seqText(at) + ")");
      continue;
    }
    if (any && e.seq < highest)
      fail("reordered", e.seq, "entry seq " + seqText(e.seq) + " comes after seq " + seqText(highest) + " (position " +
                                   seqText(at) + ")");
    noteRegistration(inner, registered);
    if (auto problem = clientEventProblem(inner, registered)) {
      fail("client_event", e.seq, "entry seq " + seqText(e.seq) + " " + *problem);
    } else if (isClientEventAction(textField(inner, "action"))) {
      ++report.clientEvents;
    }
    valid.emplace(e.seq, leaf);
    highest = std::max(highest, e.seq);
    any = true;
  }
  // Gaps inside the signed range are deletions; a missing tail is truncation.
  const std::uint64_t covered = any ? std::max(highest + 1, checkpoint.size) : checkpoint.size;
  std::uint64_t lastPresent = any ? highest : 0;
  for (std::uint64_t s = 0; s < covered; ++s) {
    if (valid.count(s)) continue;
    if (!any || s > lastPresent) {
      fail("truncated", s, "the export ends before seq " + seqText(s) + "; the signed checkpoint covers " +
                               seqText(checkpoint.size) + " entries");
      break;
    }
    if (!modified.count(s)) fail("deleted", s, "entry seq " + seqText(s) + " is missing");
  }
  // The signed root over the first checkpoint.size entries.
  std::vector<Hash> leaves;
  for (std::uint64_t s = 0; s < checkpoint.size && valid.count(s); ++s) leaves.push_back(valid[s]);
  if (leaves.size() == checkpoint.size && treeRoot(leaves) != checkpoint.root)
    fail("checkpoint", std::nullopt, "the entries do not hash to the signed checkpoint root");
  if (anchor.lastSeen) {
    const Checkpoint& seen = *anchor.lastSeen;
    if (seen.size > checkpoint.size && older == OlderExport::kRefuse) {
      fail("truncated", checkpoint.size,
           "the export's signed checkpoint covers " + seqText(checkpoint.size) + " entries, fewer than the " +
               seqText(seen.size) + " this client saw at " + seen.time +
               " (an older export? --older-export checks it against its own checkpoint only)");
    } else if (seen.size <= checkpoint.size && seen.size <= leaves.size() &&
               treeRoot(std::span<const Hash>(leaves.data(), seen.size)) != seen.root) {
      fail("rewritten", std::nullopt,
           "the first " + seqText(seen.size) + " entries differ from the log this client saw at " + seen.time);
    }
  }
  return report;
}

}  // namespace limn::audit
