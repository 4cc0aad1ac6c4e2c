#include <catch2/catch.hpp>

#include <numeric>

#include "client/core/segment/region_grow.h"
#include "segment_fixtures.h"

using namespace limn;
using namespace limn::segment;

TEST_CASE("Region growing from a seed in a noisy disc takes exactly the disc") {
  const GridSize s{64, 48, 1};
  VoxelMask truth;
  const std::vector<float> v = test::ballImage(s, 30.2, 20.7, 0.5, 9.3, 0.f, 100.f, 8.f, &truth);
  const ValueGrid grid{s, v};
  Result<VoxelMask> m = regionGrow(grid, {30, 20, 0}, {.tolerance = 30});
  REQUIRE(m);
  CHECK(m.value() == truth);
  // A seed on the background grows the background, not the disc.
  Result<VoxelMask> outside = regionGrow(grid, {2, 2, 0}, {.tolerance = 30});
  REQUIRE(outside);
  for (std::size_t i = 0; i < truth.size(); ++i) CHECK(outside.value()[i] == !truth[i]);
}

TEST_CASE("Region growing works on volumes and stops at a voxel limit") {
  const GridSize s{24, 24, 16};
  VoxelMask truth;
  const std::vector<float> v = test::ballImage(s, 12, 12, 8, 6.5, -50.f, 60.f, 5.f, &truth);
  const ValueGrid grid{s, v};
  Result<VoxelMask> m = regionGrow(grid, {12, 12, 8}, {.tolerance = 40});
  REQUIRE(m);
  CHECK(m.value() == truth);
  Result<VoxelMask> limited = regionGrow(grid, {12, 12, 8}, {.tolerance = 40, .maxVoxels = 100});
  REQUIRE_FALSE(limited);
  CHECK(limited.error().code == ErrorCode::kTooLarge);
}

TEST_CASE("Region growing refuses seeds outside the image and an empty grid") {
  const GridSize s{8, 8, 1};
  const std::vector<float> v(s.count(), 1.f);
  CHECK_FALSE(regionGrow({s, v}, {8, 0, 0}, {}));
  CHECK_FALSE(regionGrow(ValueGrid(s, std::span<const float>{}), {0, 0, 0}, {}));
  CHECK_FALSE(regionGrow({s, v}, {0, 0, 0}, {.tolerance = -1}));
}

TEST_CASE("The threshold tool takes the connected region in range; thresholdAll takes all of it") {
  const GridSize s{20, 10, 1};
  std::vector<float> v(s.count(), 0.f);
  for (std::uint32_t y = 2; y < 6; ++y)
    for (std::uint32_t x = 2; x < 6; ++x) v[s.index(x, y)] = 50, v[s.index(x + 10, y)] = 60;
  const ValueGrid grid{s, v};
  Result<VoxelMask> left = thresholdRegion(grid, {3, 3, 0}, 40, 70);
  REQUIRE(left);
  std::size_t count = 0;
  for (std::uint32_t y = 0; y < 10; ++y)
    for (std::uint32_t x = 0; x < 20; ++x) {
      count += left.value()[s.index(x, y)];
      if (left.value()[s.index(x, y)]) CHECK(x < 10);
    }
  CHECK(count == 16);
  const VoxelMask all = thresholdAll(grid, 40, 70);
  CHECK(std::accumulate(all.begin(), all.end(), 0) == 32);
  Result<VoxelMask> miss = thresholdRegion(grid, {0, 0, 0}, 40, 70);
  REQUIRE_FALSE(miss);
  CHECK(miss.error().message.find("outside the threshold range") != std::string::npos);
}
