#include <catch2/catch.hpp>

#include <filesystem>
#include <thread>
#include <unistd.h>

#include "shared/sync/op_lane.h"
#include "sync-server/store/op_records.h"
#include "sync-server/store/project_records.h"
#include "sync-server/store/task_records.h"
#include "sync-server/store/user_records.h"

using namespace limn::server;
using limn::ErrorCode;

namespace {

struct OpLogFixture {
  std::unique_ptr<Database> db;
  std::int64_t alice = 0, bob = 0, task = 0;

  explicit OpLogFixture(const char* name) {
    auto dir = std::filesystem::temp_directory_path() / ("limn-oplog-test-" + std::to_string(::getpid())) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = openDatabase("sqlite", dir.string());
    REQUIRE(opened.ok());
    db = std::move(*opened);
    alice = insertUser(*db, NewUser{"alice", Blob(16, 1), "$argon2id$x", Blob(20, 2), false}).value();
    bob = insertUser(*db, NewUser{"bob", Blob(16, 1), "$argon2id$x", Blob(20, 2), false}).value();
    ProjectRecord p;
    p.name = "Study";
    p.schemaSha256 = std::string(64, 'a');
    p.sampleSeed = Blob(32, 1);
    REQUIRE(insertProject(*db, p, alice, 0).ok());
    TaskRecord t;
    t.projectId = p.id;
    t.imageId = "1.2.3";
    task = insertTask(*db, t, 0).value();
  }

  StoredOp op(const std::string& id, std::int64_t author) const {
    return {0, id, 1, author, id.substr(0, id.find('#')), Blob(32, 3), Blob(60, static_cast<std::uint8_t>(id.size())), Blob(64, 4), 0};
  }
  limn::Result<std::vector<OpAck>> append(const std::vector<StoredOp>& ops) {
    std::vector<OpAck> acks;
    limn::Status s = db->transaction([&](Database& tx) -> limn::Status {
      auto r = appendOps(tx, task, ops, 100);
      if (!r) return r.error();
      acks = *r;
      return limn::okStatus();
    });
    if (!s) return s.error();
    return acks;
  }
};

}  // namespace

TEST_CASE("ops get gap-free sequence numbers; the same op pushed again keeps its first") {
  OpLogFixture f("seq");
  auto first = f.append({f.op("alice#1", f.alice), f.op("alice#2", f.alice)});
  REQUIRE(first.ok());
  CHECK(first->at(0).seq == 1);
  CHECK(first->at(1).seq == 2);
  auto again = f.append({f.op("alice#2", f.alice), f.op("alice#3", f.alice)});
  REQUIRE(again.ok());
  CHECK(again->at(0).seq == 2);
  CHECK(again->at(0).duplicate);
  CHECK(again->at(1).seq == 3);
  CHECK_FALSE(again->at(1).duplicate);
  auto ops = opsAfter(*f.db, f.task, 1, 10).value();
  REQUIRE(ops.size() == 2);
  CHECK(ops[0].seq == 2);
  CHECK(ops[0].authorName == "alice");
  CHECK(ops[1].opId == "alice#3");
  CHECK(opsAfter(*f.db, f.task, 0, 2).value().size() == 2);  // the limit holds
  CHECK(lastOpSeq(*f.db, f.task).value() == 3);
}

TEST_CASE("an op id taken by another author refuses the whole batch") {
  OpLogFixture f("conflict");
  REQUIRE(f.append({f.op("alice#1", f.alice)}).ok());
  auto r = f.append({f.op("bob#1", f.bob), f.op("alice#1", f.bob)});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kConflict);
  CHECK(lastOpSeq(*f.db, f.task).value() == 1);  // bob#1 was not kept either
}

TEST_CASE("each author's ops enter the log in the order they were made") {
  OpLogFixture f("order");
  REQUIRE(f.append({f.op("alice#1", f.alice), f.op("alice#3", f.alice), f.op("bob#7", f.bob)}).ok());
  auto behind = f.append({f.op("alice#2", f.alice)});
  REQUIRE_FALSE(behind.ok());
  CHECK(behind.error().code == ErrorCode::kConflict);
  CHECK(behind.error().message == "op alice#2 comes after alice's op #3 (the same editing session) in this task's log: "
                                  "push each session's ops in the order made");
  auto swapped = f.append({f.op("alice#5", f.alice), f.op("alice#4", f.alice)});
  REQUIRE_FALSE(swapped.ok());
  CHECK(lastOpSeq(*f.db, f.task).value() == 3);  // alice#5 was not kept either
  // A re-push of what is there is still acknowledged; others' counters are their own.
  auto again = f.append({f.op("alice#1", f.alice), f.op("alice#3", f.alice), f.op("alice#4", f.alice), f.op("bob#8", f.bob)});
  REQUIRE(again.ok());
  CHECK(again->at(0).duplicate);
  CHECK(again->at(2).seq == 4);
  CHECK(again->at(3).seq == 5);
}

TEST_CASE("one author's editing sessions (lanes) interleave; each keeps its own order") {
  OpLogFixture f("lanes");
  const auto id = [](std::uint64_t lane, std::uint64_t n) {
    return "alice#" + std::to_string(limn::sync::laneStart(lane) + n);
  };
  // Her laptop (lane 5) and her tablet (lane 3) push as they go.
  REQUIRE(f.append({f.op(id(5, 1), f.alice), f.op(id(5, 3), f.alice)}).ok());
  REQUIRE(f.append({f.op(id(3, 1), f.alice)}).ok());  // a lower counter, another session: taken
  REQUIRE(f.append({f.op(id(5, 4), f.alice), f.op(id(3, 2), f.alice), f.op("alice#1", f.alice)}).ok());
  CHECK(lastOpSeq(*f.db, f.task).value() == 6);
  // Within a session the order still holds.
  auto behind = f.append({f.op(id(5, 2), f.alice)});
  REQUIRE_FALSE(behind.ok());
  CHECK(behind.error().code == ErrorCode::kConflict);
  CHECK(behind.error().message.find("comes after alice's op #" + id(5, 4).substr(6)) != std::string::npos);
  // A session's retry is acknowledged with its first sequence number.
  auto retry = f.append({f.op(id(3, 2), f.alice)});
  REQUIRE(retry.ok());
  CHECK(retry->at(0).duplicate);
  CHECK(retry->at(0).seq == 5);
}

TEST_CASE("pushes from many threads at once share one gap-free sequence") {
  OpLogFixture f("threads");
  std::vector<std::int64_t> people;
  for (int t = 0; t < 8; ++t)
    people.push_back(insertUser(*f.db, NewUser{"t" + std::to_string(t), Blob(16, 1), "$argon2id$x", Blob(20, 2), false}).value());
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&f, &people, t] {
      for (int i = 1; i <= 25; ++i)
        REQUIRE(f.append({f.op("t" + std::to_string(t) + "#" + std::to_string(i), people[t])}).ok());
    });
  for (auto& t : threads) t.join();
  auto ops = opsAfter(*f.db, f.task, 0, 1000).value();
  REQUIRE(ops.size() == 200);
  for (std::size_t i = 0; i < ops.size(); ++i) CHECK(ops[i].seq == static_cast<std::int64_t>(i + 1));
}
