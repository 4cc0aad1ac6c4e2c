#include <catch2/catch.hpp>

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
