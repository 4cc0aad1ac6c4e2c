#include "client/core/annot/shape_edit.h"

#include <algorithm>
#include <cmath>

namespace limn::annot {

double distance(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

double distanceToSegment(Point p, Point a, Point b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  if (len2 == 0) return distance(p, a);
  const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0);
  return distance(p, {a.x + t * dx, a.y + t * dy});
}

bool insidePolygon(const std::vector<Point>& v, Point p) {
  bool inside = false;
  for (std::size_t i = 0, j = v.size() - 1; i < v.size(); j = i++) {
    if ((v[i].y > p.y) != (v[j].y > p.y) && p.x < (v[j].x - v[i].x) * (p.y - v[i].y) / (v[j].y - v[i].y) + v[i].x)
      inside = !inside;
  }
  return inside;
}

std::optional<std::size_t> nearestVertex(const std::vector<Point>& vertices, Point p, double tolerance) {
  std::optional<std::size_t> best;
  double bestDistance = tolerance;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const double d = distance(vertices[i], p);
    if (d <= bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}

std::optional<std::size_t> nearestEdge(const std::vector<Point>& vertices, bool closed, Point p, double tolerance) {
  std::optional<std::size_t> best;
  double bestDistance = tolerance;
  const std::size_t edges = vertices.size() < 2 ? 0 : (closed ? vertices.size() : vertices.size() - 1);
  for (std::size_t i = 0; i < edges; ++i) {
    const double d = distanceToSegment(p, vertices[i], vertices[(i + 1) % vertices.size()]);
    if (d <= bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}

bool hitShape(const Shape& s, Point p, double tolerance) {
  if (const auto* b = std::get_if<Box>(&s))
    return p.x >= b->x - tolerance && p.y >= b->y - tolerance && p.x <= b->x + b->width + tolerance &&
           p.y <= b->y + b->height + tolerance;
  if (const auto* poly = std::get_if<Polygon>(&s))
    return !poly->vertices.empty() &&
           (insidePolygon(poly->vertices, p) || nearestEdge(poly->vertices, true, p, tolerance).has_value());
  if (const auto* line = std::get_if<Polyline>(&s))
    return nearestEdge(line->vertices, false, p, tolerance).has_value() || nearestVertex(line->vertices, p, tolerance);
  if (const auto* pts = std::get_if<Points>(&s)) return nearestVertex(pts->points, p, tolerance).has_value();
  if (const auto* m = std::get_if<Mask>(&s)) {
    if (p.x < 0 || p.y < 0 || p.x >= m->width || p.y >= m->height) return false;
    const std::uint64_t target = static_cast<std::uint64_t>(p.y) * m->width + static_cast<std::uint64_t>(p.x);
    std::uint64_t at = 0;
    for (std::size_t i = 0; i < m->runs.size(); ++i) {
      at += m->runs[i];
      if (target < at) return i % 2 == 1;
    }
    return false;
  }
  return false;
}

std::vector<Point> editableVertices(const Shape& s) {
  if (const auto* b = std::get_if<Box>(&s))
    return {{b->x, b->y}, {b->x + b->width, b->y}, {b->x + b->width, b->y + b->height}, {b->x, b->y + b->height}};
  if (const auto* poly = std::get_if<Polygon>(&s)) return poly->vertices;
  if (const auto* line = std::get_if<Polyline>(&s)) return line->vertices;
  if (const auto* pts = std::get_if<Points>(&s)) return pts->points;
  return {};
}

Shape withVertices(const Shape& s, std::vector<Point> v) {
  if (std::holds_alternative<Box>(s) && !v.empty()) {
    const auto [minX, maxX] = std::minmax_element(v.begin(), v.end(), [](Point a, Point b) { return a.x < b.x; });
    const auto [minY, maxY] = std::minmax_element(v.begin(), v.end(), [](Point a, Point b) { return a.y < b.y; });
    return Box{minX->x, minY->y, maxX->x - minX->x, maxY->y - minY->y};
  }
  if (std::holds_alternative<Polygon>(s)) return Polygon{std::move(v)};
  if (std::holds_alternative<Polyline>(s)) return Polyline{std::move(v)};
  if (std::holds_alternative<Points>(s)) return Points{std::move(v)};
  return s;
}

namespace {

void keepFarthest(const std::vector<Point>& path, std::size_t first, std::size_t last, double tolerance,
                  std::vector<bool>& keep) {
  // Iterative: a long freehand stroke must not recurse thousands deep.
  std::vector<std::pair<std::size_t, std::size_t>> spans{{first, last}};
  while (!spans.empty()) {
    const auto [a, b] = spans.back();
    spans.pop_back();
    double worst = -1;
    std::size_t at = a;
    for (std::size_t i = a + 1; i < b; ++i) {
      const double d = distanceToSegment(path[i], path[a], path[b]);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (worst > tolerance) {
      keep[at] = true;
      spans.push_back({a, at});
      spans.push_back({at, b});
    }
  }
}

}  // namespace

std::vector<Point> simplifyPath(const std::vector<Point>& path, double tolerance) {
  if (path.size() < 3) return path;
  std::vector<bool> keep(path.size(), false);
  keep.front() = keep.back() = true;
  keepFarthest(path, 0, path.size() - 1, tolerance, keep);
  std::vector<Point> out;
  for (std::size_t i = 0; i < path.size(); ++i)
    if (keep[i]) out.push_back(path[i]);
  return out;
}

Shape translated(const Shape& s, double dx, double dy) {
  if (dx == 0 && dy == 0) return s;
  if (const auto* m = std::get_if<Mask>(&s)) {
    const long sx = std::lround(dx), sy = std::lround(dy);
    const std::vector<std::uint8_t> bits = maskBits(*m);
    std::vector<std::uint8_t> moved(bits.size(), 0);
    for (long y = 0; y < static_cast<long>(m->height); ++y)
      for (long x = 0; x < static_cast<long>(m->width); ++x) {
        const long tx = x + sx, ty = y + sy;
        if (bits[static_cast<std::size_t>(y) * m->width + x] && tx >= 0 && ty >= 0 &&
            tx < static_cast<long>(m->width) && ty < static_cast<long>(m->height))
          moved[static_cast<std::size_t>(ty) * m->width + tx] = 1;
      }
    return maskFromBits(m->width, m->height, moved);
  }
  std::vector<Point> v = editableVertices(s);
  if (v.empty()) return s;
  for (Point& p : v) {
    p.x += dx;
    p.y += dy;
  }
  return withVertices(s, std::move(v));
}

}  // namespace limn::annot
