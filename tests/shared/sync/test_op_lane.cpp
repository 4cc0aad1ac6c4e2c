#include "shared/sync/op_lane.h"

#include <catch2/catch.hpp>
#include <set>

using namespace limn::sync;

TEST_CASE("An op counter is its lane and its number in the lane") {
  static_assert(opLane(laneStart(5) + 1) == 5);
  static_assert(opLane(kOpsPerLane) == 0);  // ids numbered before lanes: lane 0
  CHECK(laneFull(laneStart(7) + kOpsPerLane));
  CHECK_FALSE(laneFull(laneStart(7) + kOpsPerLane - 1));
  CHECK(opLane(laneStart(7) + kOpsPerLane) == 7);
  // The largest counter is exact as a JavaScript number.
  CHECK(laneStart(kMaxOpLane) + kOpsPerLane == (std::uint64_t{1} << 53) - 1);
}

TEST_CASE("Sessions draw lanes at random, never lane 0") {
  std::set<std::uint64_t> lanes;
  bool high = false;
  for (int i = 0; i < 200; ++i) {
    const std::uint64_t lane = drawOpLane();
    CHECK(lane >= 1);
    CHECK(lane <= kMaxOpLane);
    high = high || lane > (kMaxOpLane >> 1);
    lanes.insert(lane);
  }
  CHECK(lanes.size() == 200);  // a repeat in 200 draws of 2^33: about 1 in 430,000
  CHECK(high);                  // the top bit is drawn too
}
