#include "client/core/annot/geometry.h"

#include <algorithm>
#include <limits>

namespace limn::annot {

namespace {

constexpr std::string_view kKindNames[] = {"box", "polygon", "polyline", "points", "mask", "classification"};

Box boxOfPoints(const std::vector<Point>& pts) {
  if (pts.empty()) return {};
  double x0 = std::numeric_limits<double>::max(), y0 = x0, x1 = -x0, y1 = -x0;
  for (const Point& p : pts) {
    x0 = std::min(x0, p.x);
    y0 = std::min(y0, p.y);
    x1 = std::max(x1, p.x);
    y1 = std::max(y1, p.y);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

}  // namespace

ShapeKind kindOf(const Shape& s) { return static_cast<ShapeKind>(s.index()); }

std::string_view shapeKindName(ShapeKind k) { return kKindNames[static_cast<std::size_t>(k)]; }

bool parseShapeKind(std::string_view name, ShapeKind& out) {
  for (std::size_t i = 0; i < std::size(kKindNames); ++i)
    if (kKindNames[i] == name) {
      out = static_cast<ShapeKind>(i);
      return true;
    }
  return false;
}

Box boundingBox(const Shape& s) {
  if (const Box* b = std::get_if<Box>(&s)) return *b;
  if (const Polygon* p = std::get_if<Polygon>(&s)) return boxOfPoints(p->vertices);
  if (const Polyline* p = std::get_if<Polyline>(&s)) return boxOfPoints(p->vertices);
  if (const Points* p = std::get_if<Points>(&s)) return boxOfPoints(p->points);
  if (const Mask* m = std::get_if<Mask>(&s)) {
    if (m->width == 0) return {};
    std::uint64_t x0 = m->width, y0 = m->height, x1 = 0, y1 = 0, pos = 0;
    bool fg = false;
    for (std::uint32_t run : m->runs) {
      if (fg && run > 0) {  // one run spans rows first..last
        const std::uint64_t first = pos / m->width, last = (pos + run - 1) / m->width;
        const std::uint64_t left = first == last ? pos % m->width : 0;
        const std::uint64_t right = first == last ? (pos + run - 1) % m->width : m->width - 1;
        x0 = std::min(x0, left);
        x1 = std::max(x1, right + 1);
        y0 = std::min(y0, first);
        y1 = std::max(y1, last + 1);
      }
      pos += run;
      fg = !fg;
    }
    if (x1 == 0) return {};
    return {double(x0), double(y0), double(x1 - x0), double(y1 - y0)};
  }
  return {};
}

Mask maskFromBits(std::uint32_t width, std::uint32_t height, const std::vector<std::uint8_t>& bits) {
  Mask m{width, height, {}};
  std::uint8_t current = 0;
  std::uint32_t run = 0;
  const std::size_t n = std::min<std::size_t>(bits.size(), std::size_t{width} * height);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t b = bits[i] ? 1 : 0;
    if (b != current) {
      m.runs.push_back(run);
      run = 0;
      current = b;
    }
    ++run;
  }
  m.runs.push_back(run);
  return m;
}

std::vector<std::uint8_t> maskBits(const Mask& m) {
  std::vector<std::uint8_t> bits(std::size_t{m.width} * m.height, 0);
  std::size_t pos = 0;
  bool fg = false;
  for (std::uint32_t run : m.runs) {
    const std::size_t end = std::min(bits.size(), pos + run);
    if (fg) std::fill(bits.begin() + static_cast<std::ptrdiff_t>(pos), bits.begin() + static_cast<std::ptrdiff_t>(end), 1);
    pos = end;
    fg = !fg;
  }
  return bits;
}

std::uint64_t maskArea(const Mask& m) {
  std::uint64_t area = 0;
  for (std::size_t i = 1; i < m.runs.size(); i += 2) area += m.runs[i];
  return area;
}

}  // namespace limn::annot
