#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

#include "client/core/annot/annotation_document.h"
#include "tests/client/core/annot/annotation_fixtures.h"

using namespace limn::annot;
using limn::test::boxOn;

namespace {

std::int64_t fixedClock() { return 1795000000000; }

}  // namespace

TEST_CASE("The document is the same fold whatever order the ops arrive in") {
  Editor alice("alice", "g1"), bob("bob", "g1");
  alice.setClock(&fixedClock);
  bob.setClock(&fixedClock);
  alice.create(boxOn("a", 1));
  bob.receive(alice.document().ops());
  bob.editGeometry("a", Box{5, 5, 5, 5});
  alice.setLabel("a", "cyst");  // concurrent with bob's edit
  bob.comment("a", "looks benign");
  alice.receive(bob.document().ops());
  bob.receive(alice.document().ops());
  REQUIRE(alice.document().annotations() == bob.document().annotations());
  std::vector<Op> ops = alice.document().ops();
  std::mt19937 rng(7);
  for (int i = 0; i < 20; ++i) {
    std::shuffle(ops.begin(), ops.end(), rng);
    std::vector<Op> withDuplicates = ops;
    withDuplicates.push_back(ops.front());
    CHECK(AnnotationDocument::fold(withDuplicates).annotations() == alice.document().annotations());
  }
  const Annotation& a = alice.document().annotations().at("a");
  CHECK(a.label == "cyst");
  CHECK(std::get<Box>(a.shape) == Box{5, 5, 5, 5});
  REQUIRE(a.comments.size() == 1);
  CHECK(a.comments[0].author == "bob");
  CHECK(a.author == "alice");
  CHECK(a.guidelineVersion == "g1");
}

TEST_CASE("Undo and redo are ops, and only undo the author's own work") {
  Editor alice("alice", "g1");
  alice.create(boxOn("a", 1));
  alice.editGeometry("a", Box{9, 9, 9, 9});
  Editor bob("bob", "g2", alice.document().ops());
  bob.setLabel("a", "metastasis");
  alice.receive(bob.document().ops());
  REQUIRE(alice.undo());  // the geometry edit, not bob's label
  CHECK(std::get<Box>(alice.document().annotations().at("a").shape).x == 1);
  CHECK(alice.document().annotations().at("a").label == "metastasis");
  REQUIRE(alice.undo());  // the create: gone
  CHECK(alice.document().annotations().empty());
  CHECK_FALSE(alice.undo());
  REQUIRE(alice.redo());
  REQUIRE(alice.redo());
  CHECK(std::get<Box>(alice.document().annotations().at("a").shape).x == 9);
  CHECK_FALSE(alice.redo());
  // The undo/redo ops travel: another replica folds to the same state.
  CHECK(AnnotationDocument::fold(alice.document().ops()).annotations() == alice.document().annotations());
  // A new edit clears the redo stack.
  alice.undo();
  alice.setLabel("a", "cyst");
  CHECK_FALSE(alice.redo());
}

TEST_CASE("A step of several ops (a stroke across slices) is undone and redone as one") {
  Editor alice("alice", "g1");
  alice.create(boxOn("before", 1));
  alice.beginGroup();
  alice.create(boxOn("s1", 2));
  alice.create(boxOn("s2", 3));
  alice.editGeometry("before", Box{7, 7, 7, 7});
  alice.endGroup();
  alice.create(boxOn("after", 4));
  REQUIRE(alice.undo());  // "after" alone
  CHECK(alice.document().annotations().size() == 3);
  REQUIRE(alice.undo());  // the whole step
  CHECK(alice.document().annotations().size() == 1);
  CHECK(std::get<Box>(alice.document().annotations().at("before").shape).x == 1);
  REQUIRE(alice.redo());
  CHECK(alice.document().annotations().size() == 3);
  CHECK(std::get<Box>(alice.document().annotations().at("before").shape).x == 7);
  // Folded elsewhere from the ops alone, the same.
  CHECK(AnnotationDocument::fold(alice.document().ops()).annotations() == alice.document().annotations());
}

TEST_CASE("Locked annotations change only by unlocking; delete removes; first create wins") {
  Editor e("alice", "g1");
  e.create(boxOn("a", 1));
  e.setStatus("a", "submitted", false, true);
  e.editGeometry("a", Box{7, 7, 7, 7});
  CHECK(std::get<Box>(e.document().annotations().at("a").shape).x == 1);
  e.setStatus("a", "submitted", false, false);
  e.editGeometry("a", Box{7, 7, 7, 7});
  CHECK(std::get<Box>(e.document().annotations().at("a").shape).x == 7);
  e.create(boxOn("a", 100));
  CHECK(std::get<Box>(e.document().annotations().at("a").shape).x == 7);
  e.remove("a");
  CHECK(e.document().annotations().empty());
  Editor again("alice", "g1", e.document().ops());
  const OpId made = again.create(boxOn("b", 1)).id;
  for (const Op& op : e.document().ops()) CHECK_FALSE(op.id == made);
}

TEST_CASE("Ops survive JSON to the last bit, and bad JSON is a clear error") {
  Editor e("alice", "g7");
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> coord(-1e4, 1e4);
  Annotation a = boxOn("p", 0);
  Polygon p;
  for (int i = 0; i < 50; ++i) p.vertices.push_back({coord(rng), coord(rng) / 3});
  a.shape = p;
  a.attributes = {{"malignancy", "benign"}};
  const Op& op = e.create(a);
  auto back = opFromJson(opToJson(op));
  REQUIRE(back.ok());
  CHECK(back->created->shape == a.shape);
  CHECK(back->created->attributes == a.attributes);
  CHECK(back->id == op.id);
  CHECK(back->lamport == op.lamport);
  CHECK(back->guidelineVersion == "g7");
  // A newer Limn's op says so (readers stop for it rather than skip it).
  auto newer = opFromJson("{\"v\":2}");
  REQUIRE_FALSE(newer.ok());
  CHECK(newer.error().code == limn::ErrorCode::kUnsupportedEncoding);
  CHECK(newer.error().message == "op format version 2 is not supported: a newer Limn made it; update this one to read it");
  auto newKind = opFromJson(R"({"v":1,"id":{"author":"a","counter":1},"lamport":1,"kind":"explode"})");
  REQUIRE_FALSE(newKind.ok());
  CHECK(newKind.error().code == limn::ErrorCode::kUnsupportedEncoding);
  // A clock no integer holds (a float beyond its range was undefined behaviour to convert).
  auto hugeClock = opFromJson(R"({"v":1,"id":{"author":"a","counter":1},"lamport":1e300,"kind":"delete","target_annotation":"x"})");
  REQUIRE_FALSE(hugeClock.ok());
  CHECK(hugeClock.error().code == limn::ErrorCode::kInvalidArgument);
  CHECK(hugeClock.error().message.find("lamport must be a whole number") != std::string::npos);
  CHECK_FALSE(opFromJson("not json").ok());
  CHECK_FALSE(opFromJson(R"({"v":1,"id":{"author":"a","counter":1},"lamport":1,"kind":"create",
    "annotation":{"id":"x","image":"i","label":"l","shape":{"type":"mask","width":2,"height":2,"runs":[1,1]}}})").ok());
  // A mask larger than any image, whose runs add up in 64 bits but whose
  // size wraps in 32 (a browser's): refused, whoever sent it.
  auto huge = opFromJson(R"({"v":1,"id":{"author":"a","counter":1},"lamport":1,"kind":"create",
    "annotation":{"id":"x","image":"i","label":"l","shape":{"type":"mask","width":262144,"height":16385,
    "runs":[0,300000,4294929440]}}})");
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.error().message.find("larger than any image") != std::string::npos);
  // A clock so high that the next local op's would wrap to 0.
  auto late = opFromJson(R"({"v":1,"id":{"author":"a","counter":1},"lamport":18446744073709551615,"kind":"delete",
    "target_annotation":"x"})");
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().message.find("beyond 2^53") != std::string::npos);
}

TEST_CASE("Two sessions of one author never make the same op id, whatever each has seen") {
  // Two devices of alice's, neither having seen the other's edits.
  Editor laptop("alice", "g1"), tablet("alice", "g1");
  std::set<std::uint64_t> counters;
  for (int i = 0; i < 5; ++i) {
    CHECK(counters.insert(laptop.create(boxOn("l" + std::to_string(i), i)).id.counter).second);
    CHECK(counters.insert(tablet.create(boxOn("t" + std::to_string(i), i)).id.counter).second);
  }
  // Each session counts 1, 2, ... in its own lane, below 2^53.
  const std::vector<Op> ops = laptop.document().ops();  // a copy: receive() refolds the document
  const std::uint64_t lane = limn::sync::opLane(ops.front().id.counter);
  CHECK(lane != 0);
  CHECK(lane != limn::sync::opLane(tablet.document().ops().front().id.counter));
  for (std::size_t i = 0; i < ops.size(); ++i)
    CHECK(ops[i].id.counter == limn::sync::laneStart(lane) + i + 1);
  CHECK(ops.back().id.counter < (std::uint64_t{1} << 53));
  // Once they sync, both show the same ten annotations.
  laptop.receive(tablet.document().ops());
  tablet.receive(ops);
  CHECK(laptop.document().annotations().size() == 10);
  CHECK(laptop.document().annotations() == tablet.document().annotations());
  // A session in a given lane numbers from its start.
  Editor fixed("alice", "g1", {}, 9);
  CHECK(fixed.create(boxOn("f", 1)).id == OpId{"alice", limn::sync::laneStart(9) + 1});
}
