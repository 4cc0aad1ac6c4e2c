#include "client/core/segment/mask_outline.h"

#include <algorithm>

#include "client/core/segment/connected_components.h"

namespace limn::segment {
namespace {

struct Step {
  int dx, dy;
  bool operator==(const Step&) const = default;
};
Step turnRight(Step d) { return {-d.dy, d.dx}; }  // y points down
Step turnLeft(Step d) { return {d.dy, -d.dx}; }

// Crack following with the region on the right hand, from the top-left
// corner of the region's first pixel (raster order) heading east. Corners
// are integer points; the two pixels ahead of corner c heading d have
// centres c + d/2 +- r/2 (r: d turned right). The right-hand pixel decides
// first, so the walk never leaves a face-connected region.
annot::Polygon traceFrom(const GridSize& size, const VoxelMask& mask, const Voxel& first) {
  const auto fg = [&](std::int64_t x, std::int64_t y) {
    return size.contains(x, y) && mask[size.index(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y))];
  };
  const std::int64_t sx = first.x, sy = first.y;
  std::int64_t cx = sx, cy = sy;
  const Step startDir{1, 0};
  Step d = startDir;
  const auto pixelAhead = [&](Step dir, bool right) {
    const Step r = turnRight(dir);
    const std::int64_t px2 = 2 * cx + dir.dx + (right ? r.dx : -r.dx);  // odd: twice a pixel centre
    const std::int64_t py2 = 2 * cy + dir.dy + (right ? r.dy : -r.dy);
    return fg((px2 - 1) / 2, (py2 - 1) / 2);
  };
  annot::Polygon polygon;
  polygon.vertices.push_back({static_cast<double>(cx), static_cast<double>(cy)});
  const std::size_t guard = 4 * (std::size_t{size.width} + 1) * (std::size_t{size.height} + 1);
  for (std::size_t steps = 0; steps < guard; ++steps) {
    cx += d.dx, cy += d.dy;
    Step next = d;
    if (!pixelAhead(d, true)) next = turnRight(d);
    else if (pixelAhead(d, false)) next = turnLeft(d);
    if (cx == sx && cy == sy && next == startDir) break;
    if (!(next == d)) polygon.vertices.push_back({static_cast<double>(cx), static_cast<double>(cy)});
    d = next;
  }
  return polygon;
}

}  // namespace

annot::Polygon outlineOf(const GridSize& size, const VoxelMask& mask, const Voxel& start) {
  if (!size.contains(start.x, start.y) || mask.size() < size.count() || !mask[size.index(start.x, start.y)])
    return {};
  const ComponentLabels labels = connectedComponents(size, mask, Connectivity::kFaces);
  return traceFrom(size, mask, labels.components[labels.labels[size.index(start.x, start.y)] - 1].first);
}

std::vector<annot::Polygon> outlines(const GridSize& size, const VoxelMask& mask) {
  const ComponentLabels labels = connectedComponents(size, mask, Connectivity::kFaces);
  std::vector<const Component*> order;
  for (const Component& c : labels.components) order.push_back(&c);
  std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->area > b->area; });
  std::vector<annot::Polygon> out;
  for (const Component* c : order) out.push_back(traceFrom(size, mask, c->first));
  return out;
}

}  // namespace limn::segment
