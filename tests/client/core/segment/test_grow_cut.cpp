#include <catch2/catch.hpp>

#include <algorithm>

#include "client/core/segment/grow_cut.h"
#include "segment_fixtures.h"

using namespace limn;
using namespace limn::segment;

TEST_CASE("Grow-cut from one stroke per label splits a noisy disc from its background") {
  const GridSize s{80, 80, 1};
  VoxelMask truth;
  const std::vector<float> v = test::ballImage(s, 40.3, 38.9, 0.5, 17.2, 10.f, 80.f, 12.f, &truth);
  std::vector<std::uint8_t> seeds(s.count(), 0);
  for (std::uint32_t x = 35; x < 46; ++x) seeds[s.index(x, 39)] = 2;  // a short stroke in the disc
  // Background: a ring stroke around the disc, as users draw it.
  for (double a = 0; a < 6.3; a += 0.01)
    seeds[s.index(std::uint32_t(40.3 + 26 * std::cos(a)), std::uint32_t(38.9 + 26 * std::sin(a)))] = 1;
  Result<std::vector<std::uint8_t>> labels = growCut({s, v}, seeds);
  REQUIRE(labels);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) wrong += (labels.value()[i] == 2) != (truth[i] == 1);
  // Noise of +-12 on an edge of 70 leaves a rim pixel or two ambiguous.
  CHECK(wrong <= 10);
  CHECK(labels.value()[s.index(2, 2)] == 1);
}

TEST_CASE("Grow-cut works on volumes and needs a seed") {
  const GridSize s{20, 20, 10};
  VoxelMask truth;
  const std::vector<float> v = test::ballImage(s, 10, 10, 5, 4.5, 0.f, 100.f, 5.f, &truth);
  std::vector<std::uint8_t> seeds(s.count(), 0);
  seeds[s.index(10, 10, 5)] = 1;
  seeds[s.index(0, 0, 0)] = 2;
  Result<std::vector<std::uint8_t>> labels = growCut({s, v}, seeds);
  REQUIRE(labels);
  for (std::size_t i = 0; i < truth.size(); ++i) CHECK((labels.value()[i] == 1) == (truth[i] == 1));
  CHECK_FALSE(growCut({s, v}, std::vector<std::uint8_t>(s.count(), 0)));
  CHECK_FALSE(growCut({s, v}, std::vector<std::uint8_t>(3, 1)));
}

TEST_CASE("A label's grown region is shared among its strokes: lesions painted apart stay apart") {
  const GridSize s{12, 4, 1};
  // Two parts of one label: columns 0-3 and 7-11, row 1.
  VoxelMask region(s.count(), 0);
  for (std::uint32_t x = 0; x < 12; ++x)
    if (x < 4 || x > 6) region[s.index(x, 1)] = 1;
  auto stroke = [&](std::uint32_t x) {
    VoxelMask m(s.count(), 0);
    m[s.index(x, 1)] = 1;
    return m;
  };
  // One stroke in each part: each keeps its own.
  auto apart = splitAmongSeedOwners(s, region, {stroke(1), stroke(9)});
  REQUIRE(apart.size() == 2);
  CHECK(apart[0][s.index(0, 1)] == 1);
  CHECK(apart[0][s.index(8, 1)] == 0);
  CHECK(apart[1][s.index(11, 1)] == 1);
  CHECK(apart[1][s.index(3, 1)] == 0);
  // Two strokes in one part: the first takes it, the second is left empty.
  auto together = splitAmongSeedOwners(s, region, {stroke(2), stroke(0)});
  CHECK(together[0][s.index(3, 1)] == 1);
  CHECK(std::count(together[1].begin(), together[1].end(), 1) == 0);
  // A part no stroke touches goes to nobody.
  CHECK(std::count(together[0].begin(), together[0].end(), 1) == 4);
}
