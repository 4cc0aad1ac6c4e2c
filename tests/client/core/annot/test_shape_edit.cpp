#include <catch2/catch.hpp>

#include <cmath>

#include "client/core/annot/shape_edit.h"

using namespace limn::annot;

TEST_CASE("Hit testing picks shapes under the cursor") {
  const Polygon tri{{{0, 0}, {10, 0}, {0, 10}}};
  CHECK(hitShape(tri, {2, 2}, 0.5));
  CHECK_FALSE(hitShape(tri, {8, 8}, 0.5));
  CHECK(hitShape(tri, {5.3, 5.3}, 0.5));  // near the hypotenuse
  CHECK(hitShape(Box{1, 1, 4, 2}, {4.9, 2.9}, 0));
  CHECK_FALSE(hitShape(Box{1, 1, 4, 2}, {5.5, 2}, 0.25));
  CHECK(hitShape(Polyline{{{0, 0}, {10, 0}}}, {5, 0.4}, 0.5));
  CHECK_FALSE(hitShape(Polyline{{{0, 0}, {10, 0}}}, {5, 1}, 0.5));
  CHECK(hitShape(Points{{{3, 3}}}, {3.2, 3.1}, 0.5));
  std::vector<std::uint8_t> bits(4 * 3, 0);
  bits[1 * 4 + 2] = 1;
  const Mask m = maskFromBits(4, 3, bits);
  CHECK(hitShape(m, {2.5, 1.5}, 0));
  CHECK_FALSE(hitShape(m, {1.5, 1.5}, 0));
  CHECK_FALSE(hitShape(m, {9, 1}, 0));
}

TEST_CASE("Vertices and edges are found within tolerance; boxes resize from a corner") {
  const std::vector<Point> v{{0, 0}, {10, 0}, {10, 10}, {0, 10}};
  CHECK(nearestVertex(v, {9.6, 0.2}, 1) == 1u);
  CHECK_FALSE(nearestVertex(v, {5, 5}, 1));
  CHECK(nearestEdge(v, true, {0.3, 5}, 1) == 3u);   // the closing edge
  CHECK_FALSE(nearestEdge(v, false, {0.3, 5}, 1));  // open path: no closing edge
  Shape box = Box{2, 3, 4, 5};
  auto corners = editableVertices(box);
  REQUIRE(corners.size() == 4);
  corners[2] = {10, 12};  // drag the bottom-right corner
  CHECK(std::get<Box>(withVertices(box, corners)) == Box{2, 3, 8, 9});
  CHECK(editableVertices(Shape{Classification{}}).empty());
}

TEST_CASE("Freehand paths keep the vertices that shape them") {
  std::vector<Point> path;
  for (int i = 0; i <= 100; ++i) path.push_back({i * 0.1, 0.001 * ((i % 2) ? 1 : -1)});  // a jittery line
  for (int i = 1; i <= 100; ++i) path.push_back({10, i * 0.1});
  const auto simple = simplifyPath(path, 0.05);
  REQUIRE(simple.size() == 3);
  CHECK(simple[1].x == Approx(10));
  CHECK(simple[1].y == Approx(0).margin(0.01));
  // A circle keeps enough vertices to stay within tolerance everywhere.
  std::vector<Point> circle;
  for (int i = 0; i < 1000; ++i) circle.push_back({50 + 20 * std::cos(i * 0.00628), 50 + 20 * std::sin(i * 0.00628)});
  const auto kept = simplifyPath(circle, 0.1);
  CHECK(kept.size() < 100);
  for (const Point& p : circle) {
    double best = 1e9;
    for (std::size_t i = 0; i + 1 < kept.size(); ++i) best = std::min(best, distanceToSegment(p, kept[i], kept[i + 1]));
    CHECK(best <= 0.1 + 1e-9);
  }
}

TEST_CASE("Translating shapes: vertices exactly, masks by whole pixels, clipped") {
  CHECK(std::get<Polygon>(translated(Polygon{{{1.25, 2}, {3, 4}}}, 1, -1)) == Polygon{{{2.25, 1}, {4, 3}}});
  const Shape box = Box{0.1, 0.2, 0.3, 0.7};
  CHECK(translated(box, 0, 0) == box);
  std::vector<std::uint8_t> bits(3 * 3, 0);
  bits[0] = bits[8] = 1;
  const auto moved = maskBits(std::get<Mask>(translated(maskFromBits(3, 3, bits), 1, 0)));
  CHECK(moved == std::vector<std::uint8_t>{0, 1, 0, 0, 0, 0, 0, 0, 0});
}
