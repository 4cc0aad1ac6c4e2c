#include <catch2/catch.hpp>

#include <cctype>
#include <random>

#include "shared/audit/audit_export.h"
#include "shared/audit/client_event.h"

using namespace limn::audit;
namespace crypto = limn::crypto;

namespace {

struct SignedLog {
  crypto::SigningKeyPair keys = crypto::generateSigningKeyPair();
  std::vector<ExportedEntry> entries;
  Checkpoint checkpoint;
};

SignedLog signLog(const std::vector<AuditEvent>& events) {
  SignedLog log;
  std::vector<Hash> leaves;
  for (const AuditEvent& e : events) {
    ExportedEntry x;
    x.seq = log.entries.size();
    x.entry = encodeEntry(x.seq, e);
    leaves.push_back(leafHash({reinterpret_cast<const std::uint8_t*>(x.entry.data()), x.entry.size()}));
    x.signature = crypto::sign(log.keys.secretKey, entrySigningMessage(x.seq, leaves.back()));
    log.entries.push_back(x);
  }
  log.checkpoint.size = log.entries.size();
  log.checkpoint.root = treeRoot(leaves);
  log.checkpoint.time = "2026-11-27T10:00:01.000Z";
  log.checkpoint.signature = crypto::sign(log.keys.secretKey, checkpointSigningMessage(log.checkpoint.size, log.checkpoint.root, log.checkpoint.time));
  return log;
}

SignedLog makeLog(int n) {
  std::vector<AuditEvent> events;
  for (int i = 0; i < n; ++i)
    events.push_back({"2026-11-27T10:00:00.000Z", "alice", "task.read", "task:" + std::to_string(i), "127.0.0.1", "ok", {}});
  return signLog(events);
}

std::vector<std::pair<std::string, std::uint64_t>> kinds(const VerifyReport& r) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const auto& f : r.findings) out.emplace_back(f.kind, f.seq.value_or(~0ull));
  return out;
}

}  // namespace

TEST_CASE("an untouched export verifies") {
  auto log = makeLog(10);
  auto doc = makeExport("https://s", log.keys.publicKey, log.checkpoint, log.entries);
  auto report = verifyExport(doc, {log.keys.publicKey, std::nullopt});
  CHECK(report.ok());
  CHECK(report.entries == 10);
}

TEST_CASE("each kind of tampering is named with its entry") {
  auto log = makeLog(10);
  const TrustAnchor anchor{log.keys.publicKey, std::nullopt};
  auto check = [&](auto mutate) {
    auto entries = log.entries;
    mutate(entries);
    return kinds(verifyExport(makeExport("https://s", log.keys.publicKey, log.checkpoint, entries), anchor));
  };
  using K = std::vector<std::pair<std::string, std::uint64_t>>;
  CHECK(check([](auto& e) { e[4].entry.replace(e[4].entry.find("alice"), 5, "mallo"); }) == K{{"modified", 4}});
  CHECK(check([](auto& e) { e.erase(e.begin() + 6); }) == K{{"deleted", 6}});
  CHECK(check([](auto& e) { e.insert(e.begin() + 3, e[2]); }) == K{{"inserted", 2}});
  CHECK(check([](auto& e) { std::swap(e[1], e[2]); }) == K{{"reordered", 1}});
  CHECK(check([](auto& e) { e.resize(7); }) == K{{"truncated", 7}});
}

TEST_CASE("a log re-signed with another key, or rewritten behind a seen checkpoint, is refused") {
  auto log = makeLog(6);
  auto forged = makeLog(6);  // same shape, another key
  auto doc = makeExport("https://s", forged.keys.publicKey, forged.checkpoint, forged.entries);
  auto report = verifyExport(doc, {log.keys.publicKey, std::nullopt});
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].kind == "key");
  // The same key, but the first entries differ from what the client saw.
  auto seen = makeLog(3);
  Checkpoint remembered = seen.checkpoint;
  remembered.root[0] ^= 1;
  auto rewritten = verifyExport(makeExport("https://s", log.keys.publicKey, log.checkpoint, log.entries),
                                {log.keys.publicKey, remembered});
  REQUIRE(rewritten.findings.size() == 1);
  CHECK(rewritten.findings[0].kind == "rewritten");
}

TEST_CASE("garbage is a format finding, not a crash") {
  CHECK(verifyExport(nlohmann::json::parse("[1,2]"), {}).findings[0].kind == "format");
  CHECK(verifyExport(nlohmann::json{{"format", "limn-audit-export"}, {"entries", 3}}, {}).findings[0].kind == "format");
  auto log = makeLog(2);
  auto doc = makeExport("https://s", log.keys.publicKey, log.checkpoint, log.entries);
  doc["entries"][0] = "nonsense";
  CHECK(kinds(verifyExport(doc, {log.keys.publicKey, std::nullopt})).front().first == "modified");
}

TEST_CASE("without a pinned key a re-signed log is not taken on its own word") {
  auto forged = makeLog(4);
  const auto report = verifyExport(makeExport("https://s", forged.keys.publicKey, forged.checkpoint, forged.entries), {});
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].kind == "key");
  // The entries are still checked against the file's key.
  auto entries = forged.entries;
  entries.erase(entries.begin() + 1);
  const auto cut = verifyExport(makeExport("https://s", forged.keys.publicKey, forged.checkpoint, entries), {});
  CHECK(kinds(cut) == std::vector<std::pair<std::string, std::uint64_t>>{{"key", ~0ull}, {"deleted", 1}});
}

TEST_CASE("an unsigned entry is inserted whether it comes before or after the genuine one, or past the end") {
  auto log = makeLog(6);
  const TrustAnchor anchor{log.keys.publicKey, std::nullopt};
  using K = std::vector<std::pair<std::string, std::uint64_t>>;
  auto forgedAt = [&](std::uint64_t seq) {
    ExportedEntry f = log.entries[seq < 6 ? seq : 5];
    f.seq = seq;
    f.entry = encodeEntry(seq, {"2026-11-27T10:00:00.000Z", "mallory", "task.read", "task:1", "127.0.0.1", "ok", {}});
    return f;
  };
  auto before = log.entries;
  before.insert(before.begin() + 2, forgedAt(2));
  CHECK(kinds(verifyExport(makeExport("https://s", log.keys.publicKey, log.checkpoint, before), anchor)) ==
        K{{"inserted", 2}});
  auto past = log.entries;
  past.push_back(forgedAt(6));
  CHECK(kinds(verifyExport(makeExport("https://s", log.keys.publicKey, log.checkpoint, past), anchor)) ==
        K{{"inserted", 6}});
}

TEST_CASE("an export older than the newest checkpoint seen is truncated, unless checked on its own") {
  auto log = makeLog(8);
  // The first 5 entries under a genuine checkpoint of 5, while the client saw 8.
  std::vector<Hash> leaves;
  for (int i = 0; i < 5; ++i)
    leaves.push_back(leafHash({reinterpret_cast<const std::uint8_t*>(log.entries[i].entry.data()), log.entries[i].entry.size()}));
  Checkpoint five{5, treeRoot(leaves), "2026-11-27T09:00:00.000Z", {}};
  five.signature = crypto::sign(log.keys.secretKey, checkpointSigningMessage(five.size, five.root, five.time));
  const std::vector<ExportedEntry> first(log.entries.begin(), log.entries.begin() + 5);
  const auto doc = makeExport("https://s", log.keys.publicKey, five, first);
  const TrustAnchor anchor{log.keys.publicKey, log.checkpoint};
  const auto refused = kinds(verifyExport(doc, anchor));
  CHECK(refused == std::vector<std::pair<std::string, std::uint64_t>>{{"truncated", 5}});
  CHECK(verifyExport(doc, anchor, OlderExport::kCheckOnItsOwn).ok());
}

TEST_CASE("client events must hold the person's signed statement, and say what it says") {
  const auto person = crypto::generateSigningKeyPair();
  auto signedEvent = [&](const std::string& user, const std::string& action, const std::string& resource) {
    auto e = signClientEvent(user, action, resource, {{"files", 3}}, "2026-11-27T09:59:00.000Z", person);
    REQUIRE(e);
    return clientEventToJson(*e);
  };
  auto entry = [](const std::string& actor, const std::string& action, const std::string& resource,
                  nlohmann::json detail) {
    return AuditEvent{"2026-11-27T10:00:00.000Z", actor, action, resource, "127.0.0.1", "ok", std::move(detail)};
  };
  nlohmann::json altered = signedEvent("ana", "image.open", "local");
  altered["detail"]["files"] = 300;  // the server changed the count and signed the entry anew
  // Made up with a fresh key by whoever holds the server's key.
  const auto forger = crypto::generateSigningKeyPair();
  auto forged = signClientEvent("ana", "image.open", "local", nlohmann::json::object(), "2026-11-27T09:59:00.000Z", forger);
  REQUIRE(forged);
  auto unregistered = signClientEvent("cy", "image.open", "local", nlohmann::json::object(), "2026-11-27T09:59:00.000Z", forger);
  REQUIRE(unregistered);
  auto log = signLog({
      entry("-", "invitation.accept", "user:ana", {{"signing_key", crypto::toHex(person.publicKey)}}),     // 0: ana's key
      entry("ana", "client.image.open", "local", {{"event", signedEvent("ana", "image.open", "local")}}),  // 1: fine
      entry("ana", "task.read", "task:1", {}),                                                             // 2: not a client event
      entry("ana", "client.deid.run", "local", {{"files", 2}}),                                            // 3: unsigned
      entry("ana", "client.image.open", "local", {{"event", altered}}),                                    // 4: altered
      entry("bob", "client.image.open", "local", {{"event", signedEvent("ana", "image.open", "local")}}),  // 5: another actor
      entry("ana", "client.file.save", "local", {{"event", signedEvent("ana", "image.open", "local")}}),   // 6: another action
      entry("ana", "client.image.open", "task:9", {{"event", signedEvent("ana", "image.open", "local")}}), // 7: another resource
      entry("ana", "client.image.open", "local", {{"event", clientEventToJson(*forged)}}),                 // 8: another key
      entry("cy", "client.image.open", "local", {{"event", clientEventToJson(*unregistered)}}),            // 9: no account
  });
  const auto report = verifyExport(makeExport("https://s", log.keys.publicKey, log.checkpoint, log.entries),
                                   {log.keys.publicKey, std::nullopt});
  using K = std::vector<std::pair<std::string, std::uint64_t>>;
  CHECK(kinds(report) == K{{"client_event", 3}, {"client_event", 4}, {"client_event", 5}, {"client_event", 6},
                           {"client_event", 7}, {"client_event", 8}, {"client_event", 9}});
  CHECK(report.clientEvents == 1);
  CHECK(report.findings[1].message.find("signature") != std::string::npos);
  CHECK(report.findings[5].message.find("not the key ana's account registered") != std::string::npos);
  CHECK(report.findings[6].message.find("no earlier entry registers") != std::string::npos);
}

TEST_CASE("a damaged export file never crashes verification nor passes with changed entries") {
  auto log = makeLog(12);
  const nlohmann::json doc = makeExport("https://s", log.keys.publicKey, log.checkpoint, log.entries);
  const std::string text = doc.dump(1);
  const TrustAnchor anchor{log.keys.publicKey, std::nullopt};
  std::mt19937 rng(20261128);
  std::size_t refused = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string damaged = text;
    for (int e = 0, n = 1 + static_cast<int>(rng() % 3); e < n && !damaged.empty(); ++e) {
      const std::size_t at = rng() % damaged.size();
      switch (rng() % 3) {
        case 0: damaged[at] = static_cast<char>(damaged[at] ^ (1 << (rng() % 7))); break;
        case 1: damaged.erase(at, 1 + rng() % 16); break;
        default: damaged.insert(at, damaged.substr(at, 1 + rng() % 16)); break;
      }
    }
    const auto parsed = nlohmann::json::parse(damaged, nullptr, false);
    const VerifyReport report = verifyExport(parsed, anchor);
    INFO("round " << round);
    if (report.ok()) {
      // Only damage outside what is signed may pass (spacing, the server's
      // name, a field nobody reads): each entry's seq, bytes and signature,
      // and the checkpoint, are as they were.
      // (Hex digits may change case: the same bytes.)
      auto same = [](const nlohmann::json& a, const nlohmann::json& b) {
        if (!a.is_string() || !b.is_string()) return a == b;
        std::string x = a.get<std::string>(), y = b.get<std::string>();
        for (std::string* t : {&x, &y})
          for (char& c : *t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return x == y;
      };
      REQUIRE(parsed["entries"].size() == doc["entries"].size());
      for (std::size_t i = 0; i < doc["entries"].size(); ++i) {
        CHECK(parsed["entries"][i]["seq"] == doc["entries"][i]["seq"]);
        CHECK(parsed["entries"][i]["entry"] == doc["entries"][i]["entry"]);
        CHECK(same(parsed["entries"][i]["signature"], doc["entries"][i]["signature"]));
      }
      for (const char* field : {"size", "root", "time", "signature"})
        CHECK(same(parsed["checkpoint"][field], doc["checkpoint"][field]));
    } else {
      ++refused;
    }
  }
  CHECK(refused > 2000);
}
