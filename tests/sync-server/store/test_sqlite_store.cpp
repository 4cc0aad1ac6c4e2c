#include <catch2/catch.hpp>

#include <filesystem>
#include <sqlite3.h>

#include "sync-server/store/sqlite_store.h"

using namespace limn::server;

namespace {
std::string tempDb(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / ("limn-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::filesystem::remove(path);
  return path.string();
}
}  // namespace

TEST_CASE("a new database is migrated, in WAL mode, and answers pings") {
  const std::string path = tempDb("new.sqlite3");
  auto store = SqliteStore::open(path);
  REQUIRE(store.ok());
  CHECK((*store)->schemaVersion() >= 1);
  CHECK((*store)->ping().ok());
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_CASE("reopening does not re-run migrations") {
  const std::string path = tempDb("reopen.sqlite3");
  int version = 0;
  {
    auto a = SqliteStore::open(path);
    REQUIRE(a.ok());
    version = (*a)->schemaVersion();
  }
  auto b = SqliteStore::open(path);
  REQUIRE(b.ok());
  CHECK((*b)->schemaVersion() == version);
}

TEST_CASE("a database from a newer server is refused, not damaged") {
  const std::string path = tempDb("newer.sqlite3");
  { REQUIRE(SqliteStore::open(path).ok()); }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "INSERT INTO schema_migrations(version) VALUES (9999)", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(db);
  auto again = SqliteStore::open(path);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message.find("newer") != std::string::npos);
}

TEST_CASE("an unwritable path is a clear error") {
  auto r = SqliteStore::open("/nonexistent-dir/limn.sqlite3");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("cannot open database") != std::string::npos);
}

TEST_CASE("user names are unique, case-insensitively") {
  auto store = SqliteStore::open(tempDb("users.sqlite3"));
  REQUIRE(store.ok());
  NewUser alice{"alice", std::vector<std::uint8_t>(16, 1), "$argon2id$x", std::vector<std::uint8_t>(20, 2), true};
  REQUIRE((*store)->createUser(alice).ok());
  alice.name = "ALICE";
  auto again = (*store)->createUser(alice);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == limn::ErrorCode::kAlreadyExists);
}
