#include <catch2/catch.hpp>

#include <atomic>
#include <nlohmann/json.hpp>
#include <filesystem>
#include <thread>
#include <sqlite3.h>
#include <unistd.h>

#include "sync-server/store/migrations.h"
#include "sync-server/store/project_records.h"
#include "sync-server/store/session_records.h"
#include "sync-server/store/sqlite_database.h"
#include "sync-server/store/task_records.h"
#include "sync-server/store/user_records.h"

using namespace limn::server;
using limn::ErrorCode;

namespace {

std::string tempDir() {
  auto dir = std::filesystem::temp_directory_path() / ("limn-db-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::unique_ptr<Database> freshDb(const char* name) {
  const std::string dir = tempDir() + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto db = openDatabase("sqlite", dir);
  REQUIRE(db.ok());
  return std::move(*db);
}

NewUser someone(const std::string& name) { return NewUser{name, Blob(16, 1), "$argon2id$x", Blob(20, 2), false}; }

ProjectRecord study(Database& db, std::int64_t admin) {
  ProjectRecord p;
  p.name = "Study";
  p.schemaSha256 = std::string(64, 'a');
  p.sampleSeed = Blob(32, 1);
  REQUIRE(insertProject(db, p, admin, 0).ok());
  return p;
}

}  // namespace

TEST_CASE("a new database is migrated to the latest schema, in WAL mode with full sync") {
  auto db = freshDb("new");
  auto version = currentSchemaVersion(*db);
  REQUIRE(version.ok());
  CHECK(*version == latestSchemaVersion());
  CHECK(db->query("PRAGMA journal_mode").value()[0].text(0) == "wal");
  CHECK(db->query("PRAGMA synchronous").value()[0].integer(0) == 2);  // FULL
}

TEST_CASE("reopening does not re-run migrations; a newer database is refused, not damaged") {
  const std::string dir = tempDir() + "/reopen";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  { REQUIRE(openDatabase("sqlite", dir).ok()); }
  { REQUIRE(openDatabase("sqlite", dir).ok()); }
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open((dir + "/limn.sqlite3").c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "INSERT INTO schema_migrations(version) VALUES (9999)", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(raw);
  auto again = openDatabase("sqlite", dir);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message.find("newer") != std::string::npos);
}

TEST_CASE("an unwritable path and an unknown --db are clear errors") {
  auto r = openDatabase("sqlite", "/nonexistent-dir");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("cannot open database") != std::string::npos);
  auto other = openDatabase("mysql://x", tempDir());
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("user names are unique case-insensitively; TOTP steps only move forward") {
  auto db = freshDb("users");
  auto id = insertUser(*db, someone("alice"));
  REQUIRE(id.ok());
  auto again = insertUser(*db, someone("ALICE"));
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kAlreadyExists);
  auto found = findUserByName(*db, "Alice");
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->id == *id);
  CHECK(advanceTotpStep(*db, *id, 100).value());
  CHECK_FALSE(advanceTotpStep(*db, *id, 100).value());  // the same code again
  CHECK_FALSE(advanceTotpStep(*db, *id, 99).value());   // an older one
  CHECK(advanceTotpStep(*db, *id, 101).value());
}

TEST_CASE("a recovery code is spent once") {
  auto db = freshDb("recovery");
  const auto id = insertUser(*db, someone("bob")).value();
  NewRecoveryCodes codes = generateRecoveryCodes();
  REQUIRE(insertRecoveryCodes(*db, id, codes.stored).ok());
  CHECK(countRecoveryCodes(*db, id).value() == 10);
  CHECK(spendRecoveryCode(*db, id, codes.shown[3]).value());
  CHECK_FALSE(spendRecoveryCode(*db, id, codes.shown[3]).value());
  CHECK_FALSE(spendRecoveryCode(*db, id, "AAAA-BBBB-CCCC-DDDD").value());
  CHECK(countRecoveryCodes(*db, id).value() == 9);
}

TEST_CASE("sessions are found by token hash and end with their owner's revocation") {
  auto db = freshDb("sessions");
  const auto id = insertUser(*db, someone("carol")).value();
  const Blob a(32, 7), b(32, 8);
  REQUIRE(insertSession(*db, SessionRecord{a, id, "csrf-a", 100, 100, true, "127.0.0.1"}).ok());
  REQUIRE(insertSession(*db, SessionRecord{b, id, "csrf-b", 100, 100, true, "127.0.0.1"}).ok());
  auto s = findSession(*db, a);
  REQUIRE(s.ok());
  REQUIRE(s->has_value());
  CHECK((*s)->csrfToken == "csrf-a");
  CHECK(deleteSessionsOf(*db, id).value() == 2);
  CHECK_FALSE(findSession(*db, b).value().has_value());
}

TEST_CASE("an invitation is redeemed once and not after it expires") {
  auto db = freshDb("invitations");
  const auto admin = insertUser(*db, someone("admin")).value();
  const ProjectRecord p = study(*db, admin);
  REQUIRE(insertInvitation(*db, Blob(32, 1), InvitationRecord{p.id, Role::kReviewer, {"level:senior"}, admin, 1000}).ok());
  REQUIRE(insertInvitation(*db, Blob(32, 2), InvitationRecord{p.id, Role::kAnnotator, {}, admin, 1000}).ok());
  const auto u = insertUser(*db, someone("dan")).value();
  CHECK(findOpenInvitation(*db, Blob(32, 1), 999).value().has_value());  // looking does not use it up
  CHECK(findOpenInvitation(*db, Blob(32, 1), 999).value().has_value());
  CHECK_FALSE(findOpenInvitation(*db, Blob(32, 2), 1000).value().has_value());  // expired
  auto first = redeemInvitation(*db, Blob(32, 1), u, 999);
  REQUIRE(first.ok());
  REQUIRE(first->has_value());
  CHECK((*first)->role == Role::kReviewer);
  CHECK((*first)->qualifications == std::vector<std::string>{"level:senior"});
  CHECK_FALSE(redeemInvitation(*db, Blob(32, 1), u, 999).value().has_value());   // used
  CHECK_FALSE(findOpenInvitation(*db, Blob(32, 1), 999).value().has_value());
  CHECK_FALSE(redeemInvitation(*db, Blob(32, 2), u, 1000).value().has_value());  // expired
}

TEST_CASE("a task changes only from the state, review level and assignee its writer saw") {
  auto db = freshDb("tasks");
  const auto admin = insertUser(*db, someone("admin")).value();
  const auto ana = insertUser(*db, someone("ana")).value();
  const ProjectRecord p = study(*db, admin);
  TaskRecord t;
  t.projectId = p.id;
  t.imageId = "1.2.3";
  t.id = insertTask(*db, t, 0).value();
  CHECK_FALSE(insertTask(*db, t, 0).ok());  // one task per image and project
  const TaskRecord fresh = t;
  t.state = TaskState::kAnnotating;
  t.assignee = admin;
  CHECK(updateTask(*db, t, fresh, 1).value());
  CHECK_FALSE(updateTask(*db, t, fresh, 2).value());  // someone else already moved it
  auto back = findTask(*db, t.id).value();
  REQUIRE(back.has_value());
  CHECK(back->state == TaskState::kAnnotating);
  CHECK(back->assigneeName == "admin");
  CHECK(openTaskCount(*db, p.id, admin).value() == 1);

  // Review at level 1, then accepted there and moved on to level 2.
  TaskRecord level1 = *back;
  level1.state = TaskState::kInReview;
  level1.reviewLevel = 1;
  REQUIRE(updateTask(*db, level1, *back, 3).value());
  TaskRecord level2 = level1;
  level2.reviewLevel = 2;
  REQUIRE(updateTask(*db, level2, level1, 4).value());
  // A level-1 reviewer who read it before that: same state, another level.
  TaskRecord returned = level1;
  returned.state = TaskState::kReturned;
  returned.reviewLevel = 0;
  CHECK_FALSE(updateTask(*db, returned, level1, 5).value());
  CHECK(findTask(*db, t.id).value()->reviewLevel == 2);

  // Returned to admin, then reassigned to ana: admin's stale submit (same
  // state, another assignee) must not undo it.
  returned = level2;
  returned.state = TaskState::kReturned;
  returned.reviewLevel = 0;
  REQUIRE(updateTask(*db, returned, level2, 6).value());
  TaskRecord toAna = returned;
  toAna.assignee = ana;
  REQUIRE(updateTask(*db, toAna, returned, 7).value());
  TaskRecord staleSubmit = returned;
  staleSubmit.state = TaskState::kInReview;
  staleSubmit.reviewLevel = 1;
  CHECK_FALSE(updateTask(*db, staleSubmit, returned, 8).value());
  back = findTask(*db, t.id).value();
  CHECK(back->state == TaskState::kReturned);
  CHECK(back->assigneeName == "ana");
}

TEST_CASE("a failed transaction leaves nothing behind") {
  auto db = freshDb("rollback");
  auto s = db->transaction([](Database& tx) -> limn::Status {
    REQUIRE(insertUser(tx, someone("eve")).ok());
    return limn::makeError(ErrorCode::kConflict, "changed my mind");
  });
  CHECK_FALSE(s.ok());
  CHECK_FALSE(findUserByName(*db, "eve").value().has_value());
}

TEST_CASE("concurrent transactions commit together; a failing one takes only itself back") {
  auto db = freshDb("group-commit");
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const bool fail = i % 10 == 3;
        auto s = db->transaction([&](Database& tx) -> limn::Status {
          auto id = insertUser(tx, someone("u" + std::to_string(t) + "x" + std::to_string(i)));
          if (!id) return id.error();
          if (fail) return limn::makeError(ErrorCode::kConflict, "no");
          return limn::okStatus();
        });
        if (!s) failed++;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failed == kThreads * 4);
  auto n = db->query("SELECT COUNT(*) FROM users");
  CHECK(firstInteger(*n).value() == kThreads * (kEach - 4));
  CHECK_FALSE(findUserByName(*db, "u0x3").value().has_value());
  CHECK(findUserByName(*db, "u7x39").value().has_value());
}

TEST_CASE("a change that throws is taken back and rethrown to its caller; later changes still commit") {
  auto db = freshDb("throwing-body");
  std::atomic<int> thrown{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        try {
          auto s = db->transaction([&](Database& tx) -> limn::Status {
            auto id = insertUser(tx, someone("t" + std::to_string(t) + "x" + std::to_string(i)));
            if (!id) return id.error();
            if (i % 5 == 1) (void)nlohmann::json("text").get<int>();  // a field of the wrong type
            return limn::okStatus();
          });
          if (!s) failed++;
        } catch (const nlohmann::json::exception&) {
          thrown++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(thrown == 4 * 4);
  CHECK(failed == 0);
  CHECK_FALSE(findUserByName(*db, "t0x1").value().has_value());
  CHECK(findUserByName(*db, "t3x19").value().has_value());
  // The writer is free again: a plain change commits at once.
  CHECK(db->transaction([](Database& tx) -> limn::Status {
            auto id = insertUser(tx, someone("after"));
            if (!id) return id.error();
            return limn::okStatus();
          }).ok());
  CHECK(findUserByName(*db, "after").value().has_value());
}
