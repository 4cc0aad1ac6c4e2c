#include <catch2/catch.hpp>

#include "client/core/infer/box_suppression.h"

using namespace limn::infer;

TEST_CASE("Non-maximum suppression keeps the best of overlapping boxes per class") {
  CHECK(boxIou({0, 0, 10, 10}, {5, 0, 10, 10}) == Approx(50.0 / 150));
  CHECK(boxIou({0, 0, 10, 10}, {20, 20, 5, 5}) == 0);
  const std::vector<Detection> kept = nonMaxSuppression(
      {{{0, 0, 10, 10}, 0.6, 0}, {{1, 1, 10, 10}, 0.9, 0}, {{1, 1, 10, 10}, 0.8, 1}, {{30, 30, 5, 5}, 0.7, 0}}, 0.5);
  REQUIRE(kept.size() == 3);
  CHECK(kept[0].score == 0.9);
  CHECK(kept[1].score == 0.8);  // another class overlaps freely
  CHECK(kept[2].score == 0.7);
}
