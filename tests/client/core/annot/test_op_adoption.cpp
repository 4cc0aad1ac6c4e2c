#include "client/core/annot/op_adoption.h"

#include <catch2/catch.hpp>

#include "client/core/annot/annotation_document.h"
#include "tests/client/core/annot/annotation_fixtures.h"

using namespace limn::annot;
using limn::test::boxOn;

TEST_CASE("adopted ops are the same edits under the adopter's name, undo following its target") {
  Editor importer("import", "g1", {}, 4);
  importer.create(boxOn("a", 1));
  importer.create(boxOn("b", 2));
  importer.undo();  // takes b back
  const std::vector<Op>& made = importer.document().ops();
  const auto adopted = adoptOps(made, "ana", 7);
  REQUIRE(adopted.size() == 3);
  for (std::size_t i = 0; i < adopted.size(); ++i) {
    CHECK(adopted[i].id == OpId{"ana", limn::sync::laneStart(7) + i + 1});
    CHECK(adopted[i].lamport == made[i].lamport);
    CHECK(adopted[i].kind == made[i].kind);
  }
  CHECK(adopted[2].targetOp == adopted[1].id);
  // The same annotations (now made by ana).
  const auto& theirs = importer.document().annotations();
  const AnnotationDocument folded = AnnotationDocument::fold(adopted);
  const auto& hers = folded.annotations();
  REQUIRE(hers.size() == 1);
  REQUIRE(theirs.size() == 1);
  CHECK(hers.begin()->first == theirs.begin()->first);
  CHECK(hers.begin()->second.shape == theirs.begin()->second.shape);
}

TEST_CASE("adopting the same ops again takes the same lane; other ops or another scope, another") {
  Editor importer("import", "g1", {}, 4);
  importer.create(boxOn("a", 1));
  const std::vector<Op> ops = importer.document().ops();
  const auto lane = adoptionLane("7\nana", ops);
  CHECK(lane >= 1);
  CHECK(lane <= limn::sync::kMaxOpLane);
  CHECK(adoptionLane("7\nana", ops) == lane);
  CHECK(adoptionLane("8\nana", ops) != lane);
  importer.create(boxOn("b", 2));
  CHECK(adoptionLane("7\nana", importer.document().ops()) != lane);
}
