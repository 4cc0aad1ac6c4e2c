#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

#include "shared/audit/audit_export.h"
#include "sync-server/audit/audit_log.h"

using namespace limn::server;
namespace audit = limn::audit;

namespace {
std::string freshDir(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / ("limn-audit-test-" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}
audit::AuditEvent event(int i) {
  return audit::AuditEvent{auditTimeNow(), "alice", "task.read", "task:" + std::to_string(i), "127.0.0.1", "ok", {}};
}
}  // namespace

TEST_CASE("appends are numbered, signed and provable; the key survives a restart") {
  const std::string dir = freshDir("log");
  limn::crypto::SigningPublicKey key{};
  audit::Checkpoint early;
  {
    auto db = openDatabase("sqlite", dir).value();
    auto log = AuditLog::open(*db, dir + "/keys/audit.key").value();
    key = log->publicKey();
    for (int i = 0; i < 5; ++i) CHECK(log->appendAlone(event(i)).value() == static_cast<std::uint64_t>(i));
    early = log->checkpoint().value();
    CHECK(early.size == 5);
    CHECK(audit::verifyCheckpoint(early, key));
  }
  CHECK((std::filesystem::status(dir + "/keys/audit.key").permissions() & std::filesystem::perms::others_read) ==
        std::filesystem::perms::none);
  auto db = openDatabase("sqlite", dir).value();
  auto log = AuditLog::open(*db, dir + "/keys/audit.key").value();
  CHECK(log->publicKey() == key);
  for (int i = 5; i < 13; ++i) REQUIRE(log->appendAlone(event(i)).ok());
  const auto now = log->checkpoint().value();
  CHECK(now.size == 13);
  const auto proof = log->consistencyProof(early.size, now.size).value();
  CHECK(audit::verifyConsistency(early.size, now.size, early.root, now.root, proof));
  const auto entries = log->entries(0, 100).value();
  REQUIRE(entries.size() == 13);
  const std::string& e7 = entries[7].entry;
  const auto leaf = audit::leafHash({reinterpret_cast<const std::uint8_t*>(e7.data()), e7.size()});
  CHECK(audit::verifyInclusion(leaf, 7, now.size, log->inclusionProof(7, now.size).value(), now.root));
  CHECK_FALSE(log->inclusionProof(13, 13).ok());
  // The export of these entries verifies against the pinned key.
  const auto doc = audit::makeExport("https://x", key, now, entries);
  CHECK(audit::verifyExport(doc, {key, early}).ok());
}

TEST_CASE("an entry appended inside a failed change is not kept") {
  const std::string dir = freshDir("rollback");
  auto db = openDatabase("sqlite", dir).value();
  auto log = AuditLog::open(*db, dir + "/k").value();
  REQUIRE(log->appendAlone(event(0)).ok());
  auto s = db->transaction([&](Database& tx) -> limn::Status {
    REQUIRE(log->append(tx, event(1)).ok());
    return limn::makeError(limn::ErrorCode::kConflict, "the change failed");
  });
  CHECK_FALSE(s.ok());
  CHECK(log->checkpoint().value().size == 1);
  CHECK(log->appendAlone(event(2)).value() == 1);  // no gap
}
