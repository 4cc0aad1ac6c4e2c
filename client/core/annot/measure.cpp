#include "client/core/annot/measure.h"

#include <cmath>

namespace limn::annot {

double lengthMm(const std::vector<Point>& v, PixelSpacingMm s) {
  double total = 0;
  for (std::size_t i = 1; i < v.size(); ++i)
    total += std::hypot((v[i].x - v[i - 1].x) * s.column, (v[i].y - v[i - 1].y) * s.row);
  return total;
}

double polygonArea(const std::vector<Point>& v) {
  double twice = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const Point& a = v[i];
    const Point& b = v[(i + 1) % v.size()];
    twice += a.x * b.y - b.x * a.y;
  }
  return std::abs(twice) / 2;
}

double areaMm2(const Polygon& p, PixelSpacingMm s) { return polygonArea(p.vertices) * s.row * s.column; }

double areaMm2(const Mask& m, PixelSpacingMm s) { return static_cast<double>(maskArea(m)) * s.row * s.column; }

std::optional<double> angleDegrees(const std::vector<Point>& p, PixelSpacingMm s) {
  if (p.size() != 3) return std::nullopt;
  const double ax = (p[0].x - p[1].x) * s.column, ay = (p[0].y - p[1].y) * s.row;
  const double bx = (p[2].x - p[1].x) * s.column, by = (p[2].y - p[1].y) * s.row;
  if ((ax == 0 && ay == 0) || (bx == 0 && by == 0)) return std::nullopt;
  return std::atan2(std::abs(ax * by - ay * bx), ax * bx + ay * by) * 180.0 / 3.14159265358979323846;
}

}  // namespace limn::annot
