#include <catch2/catch.hpp>

#include "client/core/annot/measure.h"

using namespace limn::annot;

TEST_CASE("Lengths, areas and angles are in mm through anisotropic pixel spacing") {
  const PixelSpacingMm s{0.5, 0.25};  // rows 0.5 mm apart, columns 0.25 mm
  CHECK(lengthMm({{0, 0}, {4, 0}}, s) == Approx(1.0));   // 4 columns
  CHECK(lengthMm({{0, 0}, {0, 4}}, s) == Approx(2.0));   // 4 rows
  CHECK(lengthMm({{0, 0}, {4, 0}, {4, 4}}, s) == Approx(3.0));
  CHECK(areaMm2(Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}}, s) == Approx(12.5));
  std::vector<std::uint8_t> bits(16 * 16, 0);
  for (int i = 0; i < 20; ++i) bits[i * 3] = 1;
  CHECK(areaMm2(maskFromBits(16, 16, bits), s) == Approx(20 * 0.125));
  CHECK(*angleDegrees({{4, 0}, {0, 0}, {0, 2}}, s) == Approx(90.0));  // 1 mm right, 1 mm down
  CHECK(*angleDegrees({{4, 0}, {0, 0}, {4, 2}}, s) == Approx(45.0));
  CHECK_FALSE(angleDegrees({{0, 0}, {0, 0}, {1, 1}}, s));
  CHECK_FALSE(angleDegrees({{0, 0}, {1, 1}}, s));
}

TEST_CASE("Masks keep their pixels through run lengths, and their bounding box") {
  std::vector<std::uint8_t> bits(7 * 5, 0);
  bits[1 * 7 + 2] = bits[1 * 7 + 3] = bits[3 * 7 + 6] = 1;
  const Mask m = maskFromBits(7, 5, bits);
  CHECK(maskBits(m) == bits);
  CHECK(maskArea(m) == 3);
  CHECK(boundingBox(m) == Box{2, 1, 5, 3});
  CHECK(maskBits(maskFromBits(7, 5, std::vector<std::uint8_t>(35, 1))) == std::vector<std::uint8_t>(35, 1));
  CHECK(boundingBox(Polygon{{{1.5, 2}, {4, -1}, {3, 7.25}}}) == Box{1.5, -1, 2.5, 8.25});
}
