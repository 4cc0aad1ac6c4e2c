#include <catch2/catch.hpp>

#include <random>

#include "client/core/annot/measure.h"
#include "client/core/segment/connected_components.h"
#include "client/core/segment/mask_outline.h"
#include "segment_fixtures.h"

using namespace limn;
using namespace limn::segment;

namespace {

// The component with its holes: everything not reachable from outside the
// image through other pixels, stepping to any of the 8 neighbours.
VoxelMask filled(const GridSize& s, const VoxelMask& component) {
  const std::uint32_t w = s.width + 2, h = s.height + 2;
  VoxelMask outside(std::size_t{w} * h, 0);
  std::vector<std::pair<int, int>> stack{{0, 0}};
  outside[0] = 1;
  while (!stack.empty()) {
    auto [x, y] = stack.back();
    stack.pop_back();
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const int nx = x + dx, ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= int(w) || ny >= int(h)) continue;
        const bool inImage = nx >= 1 && ny >= 1 && nx <= int(s.width) && ny <= int(s.height);
        if (inImage && component[s.index(nx - 1, ny - 1)]) continue;
        if (outside[std::size_t(ny) * w + nx]) continue;
        outside[std::size_t(ny) * w + nx] = 1;
        stack.push_back({nx, ny});
      }
  }
  VoxelMask out(s.count());
  for (std::uint32_t y = 0; y < s.height; ++y)
    for (std::uint32_t x = 0; x < s.width; ++x) out[s.index(x, y)] = !outside[std::size_t(y + 1) * w + x + 1];
  return out;
}

}  // namespace

TEST_CASE("A rectangle's outline is its four pixel corners, clockwise on screen") {
  const GridSize s{6, 5, 1};
  VoxelMask m(s.count(), 0);
  for (std::uint32_t y = 1; y < 4; ++y)
    for (std::uint32_t x = 2; x < 5; ++x) m[s.index(x, y)] = 1;
  const annot::Polygon p = outlineOf(s, m, {3, 2, 0});
  REQUIRE(p.vertices.size() == 4);
  CHECK(p.vertices[0] == annot::Point{2, 1});
  CHECK(p.vertices[1] == annot::Point{5, 1});
  CHECK(p.vertices[2] == annot::Point{5, 4});
  CHECK(p.vertices[3] == annot::Point{2, 4});
  CHECK(outlineOf(s, m, {0, 0, 0}).vertices.empty());
}

TEST_CASE("Outlines of random masks cover exactly each region's pixels, holes filled") {
  std::mt19937 rng(7);
  for (int round = 0; round < 40; ++round) {
    const GridSize s{1 + rng() % 24, 1 + rng() % 24, 1};
    VoxelMask m(s.count());
    const unsigned density = 30 + rng() % 50;
    for (auto& b : m) b = (rng() % 100) < density;
    const ComponentLabels labels = connectedComponents(s, m, Connectivity::kFaces);
    const std::vector<annot::Polygon> polys = outlines(s, m);
    REQUIRE(polys.size() == labels.components.size());
    for (const Component& c : labels.components) {
      const annot::Polygon p = outlineOf(s, m, c.first);
      INFO("round " << round << " component " << c.id << " size " << s.width << "x" << s.height);
      CHECK(test::rasterise(p.vertices, s.width, s.height) == filled(s, componentMask(labels, c.id)));
    }
  }
}

TEST_CASE("Outlines come largest region first; a region with a hole keeps its outer boundary") {
  const GridSize s{9, 9, 1};
  VoxelMask m(s.count(), 0);
  for (std::uint32_t y = 1; y < 6; ++y)
    for (std::uint32_t x = 1; x < 6; ++x) m[s.index(x, y)] = !(x == 3 && y == 3);
  m[s.index(8, 8)] = 1;
  const std::vector<annot::Polygon> p = outlines(s, m);
  REQUIRE(p.size() == 2);
  CHECK(annot::polygonArea(p[0].vertices) == Approx(25));
  CHECK(annot::polygonArea(p[1].vertices) == Approx(1));
}
