#include <catch2/catch.hpp>

#include <cmath>

#include "client/core/annot/slice_interpolation.h"

using namespace limn::annot;

namespace {

Mask disk(std::uint32_t w, std::uint32_t h, double cx, double cy, double r) {
  std::vector<std::uint8_t> bits(std::size_t{w} * h);
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x) bits[y * w + x] = std::hypot(x + 0.5 - cx, y + 0.5 - cy) <= r;
  return maskFromBits(w, h, bits);
}

double iou(const Mask& a, const Mask& b) {
  const auto x = maskBits(a), y = maskBits(b);
  std::uint64_t both = 0, either = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    both += x[i] && y[i];
    either += x[i] || y[i];
  }
  return either ? static_cast<double>(both) / either : 1.0;
}

}  // namespace

TEST_CASE("Signed distances are exact Euclidean distances to the boundary") {
  std::vector<std::uint8_t> bits(9 * 9, 0);
  bits[4 * 9 + 4] = 1;  // one pixel in the middle
  const auto d = signedDistance(maskFromBits(9, 9, bits));
  CHECK(d[4 * 9 + 4] == Approx(-0.5));
  CHECK(d[4 * 9 + 5] == Approx(0.5));               // neighbour: 1 away, minus half a pixel
  CHECK(d[0] == Approx(std::sqrt(32.0) - 0.5));     // corner: (4, 4) away
  CHECK(d[4 * 9 + 0] == Approx(3.5));
}

TEST_CASE("Fill between slices: a mask with itself gives itself; growing disks grow") {
  const Mask a = disk(64, 48, 20, 20, 6);
  auto same = interpolateMasks(a, a, 3);
  REQUIRE(same);
  for (const Mask& m : *same) CHECK(m == a);
  // A disk of radius 6 then one of radius 14 at the same centre: the middle
  // slice is close to radius 10, and every step contains the one before.
  const Mask b = disk(64, 48, 20, 20, 14);
  auto grown = interpolateMasks(a, b, 3);
  REQUIRE(grown);
  REQUIRE(grown->size() == 3);
  CHECK(iou((*grown)[1], disk(64, 48, 20, 20, 10)) > 0.95);
  std::uint64_t last = maskArea(a);
  for (const Mask& m : *grown) {
    CHECK(maskArea(m) > last);
    last = maskArea(m);
  }
  CHECK(last < maskArea(b));
  // A disk that moves (overlapping itself, as a structure does between
  // neighbouring slices) is followed, not smeared.
  auto moved = interpolateMasks(disk(64, 48, 24, 24, 8), disk(64, 48, 36, 24, 8), 1);
  REQUIRE(moved);
  CHECK(iou(moved->front(), disk(64, 48, 30, 24, 8)) > 0.9);
  CHECK_FALSE(interpolateMasks(a, disk(32, 48, 10, 10, 4), 2));
}
