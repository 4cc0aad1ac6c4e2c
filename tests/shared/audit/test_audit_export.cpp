#include <catch2/catch.hpp>

#include "shared/audit/audit_export.h"

using namespace limn::audit;
namespace crypto = limn::crypto;

namespace {

struct SignedLog {
  crypto::SigningKeyPair keys = crypto::generateSigningKeyPair();
  std::vector<ExportedEntry> entries;
  Checkpoint checkpoint;
};

SignedLog makeLog(int n) {
  SignedLog log;
  std::vector<Hash> leaves;
  for (int i = 0; i < n; ++i) {
    AuditEvent e{"2026-11-27T10:00:00.000Z", "alice", "task.read", "task:" + std::to_string(i), "127.0.0.1", "ok", {}};
    ExportedEntry x;
    x.seq = static_cast<std::uint64_t>(i);
    x.entry = encodeEntry(x.seq, e);
    leaves.push_back(leafHash({reinterpret_cast<const std::uint8_t*>(x.entry.data()), x.entry.size()}));
    x.signature = crypto::sign(log.keys.secretKey, entrySigningMessage(x.seq, leaves.back()));
    log.entries.push_back(x);
  }
  log.checkpoint.size = static_cast<std::uint64_t>(n);
  log.checkpoint.root = treeRoot(leaves);
  log.checkpoint.time = "2026-11-27T10:00:01.000Z";
  log.checkpoint.signature = crypto::sign(log.keys.secretKey, checkpointSigningMessage(log.checkpoint.size, log.checkpoint.root, log.checkpoint.time));
  return log;
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
  CHECK(kinds(verifyExport(doc, {})).front().first == "modified");
}
