#include <catch2/catch.hpp>

#include <cmath>

#include "client/core/annot/mask_canvas.h"

using namespace limn::annot;

TEST_CASE("A brush dab sets exactly the pixels whose centres lie in the disk") {
  MaskCanvas c(40, 30);
  const Point centre{10.3, 12.8};
  const double r = 4.2;
  const PixelRect touched = c.dab(centre, r, true);
  std::uint64_t expected = 0;
  for (std::uint32_t y = 0; y < 30; ++y)
    for (std::uint32_t x = 0; x < 40; ++x) {
      const bool inside = std::hypot(x + 0.5 - centre.x, y + 0.5 - centre.y) <= r;
      expected += inside;
      INFO(x << "," << y);
      CHECK(c.bits()[y * 40 + x] == (inside ? 1 : 0));
      if (inside) CHECK((x >= touched.x0 && x < touched.x1 && y >= touched.y0 && y < touched.y1));
    }
  CHECK(maskArea(c.toMask()) == expected);
  // The eraser clears what the brush set; a dab off the image touches nothing.
  c.dab(centre, r, false);
  CHECK(c.empty());
  CHECK(c.dab({-10, -10}, 3, true).empty());
  CHECK(c.empty());
  // Clipped at the edges.
  const PixelRect edge = c.dab({0, 0}, 2.0, true);
  CHECK(edge.x0 == 0);
  CHECK(edge.y0 == 0);
  CHECK(maskArea(c.toMask()) == 3);  // (0,0), (1,0), (0,1): centres within 2 of the corner
}

TEST_CASE("The intensity-constrained brush paints only inside the value range") {
  std::vector<float> values(20 * 20);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i % 20);  // value = column
  // stored * 2 - 10 in [0, 10] -> stored 5..10.
  const IntensityGate gate{values, 2.0, -10.0, 0.0, 10.0};
  MaskCanvas c(20, 20);
  c.dab({10, 10}, 9, true, &gate);
  for (std::uint32_t y = 0; y < 20; ++y)
    for (std::uint32_t x = 0; x < 20; ++x)
      if (c.bits()[y * 20 + x]) CHECK((x >= 5 && x <= 10));
  CHECK(c.bits()[10 * 20 + 7] == 1);
  CHECK(c.bits()[10 * 20 + 11] == 0);
  CHECK(c.bits()[10 * 20 + 4] == 0);
  // Round trip through runs.
  CHECK(MaskCanvas::fromMask(c.toMask()).bits() == c.bits());
}

TEST_CASE("A spherical 3D brush shrinks with distance from its centre slice") {
  CHECK(sphereSectionRadius(5, 0, 1) == 5);
  CHECK(sphereSectionRadius(5, 3, 1) == Approx(4));
  CHECK(sphereSectionRadius(5, 2, 2.5) == 0);  // 5 mm away at 2.5 mm slices
  CHECK(sphereSectionRadius(5, -1, 2.5) == Approx(std::sqrt(25 - 6.25)));
}
