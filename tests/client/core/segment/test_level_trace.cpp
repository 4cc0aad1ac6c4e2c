#include <catch2/catch.hpp>

#include "client/core/annot/measure.h"
#include "client/core/segment/level_trace.h"
#include "segment_fixtures.h"

using namespace limn;
using namespace limn::segment;

TEST_CASE("Level tracing on a bright lesion's rim outlines the lesion exactly") {
  const GridSize s{64, 64, 1};
  VoxelMask truth;
  const std::vector<float> v = test::ballImage(s, 31.5, 33.2, 0.5, 10.4, 20.f, 90.f, 0.f, &truth);
  Result<LevelTrace> t = traceLevel({s, v}, {31, 23, 0});  // on the top rim
  REQUIRE(t);
  CHECK(t->above);
  CHECK(t->level == 90);
  CHECK(t->region == truth);
  CHECK(test::rasterise(t->outline.vertices, 64, 64) == truth);
  CHECK(annot::polygonArea(t->outline.vertices) ==
        Approx(static_cast<double>(std::accumulate(truth.begin(), truth.end(), 0))));
}

TEST_CASE("Level tracing on a dark lesion takes the region at or below the level") {
  const GridSize s{40, 40, 1};
  VoxelMask truth;
  const std::vector<float> v = test::ballImage(s, 20, 20, 0.5, 6, 50.f, -30.f, 0.f, &truth);
  Result<LevelTrace> t = traceLevel({s, v}, {20, 20, 0});
  REQUIRE(t);
  CHECK_FALSE(t->above);
  CHECK(t->region == truth);
  CHECK_FALSE(traceLevel({s, v}, {40, 1, 0}));
  CHECK_FALSE(traceLevel({{4, 4, 2}, std::vector<float>(32)}, {0, 0, 0}));
}
