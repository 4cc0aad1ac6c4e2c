#include "client/core/segment/connected_components.h"

#include <algorithm>
#include <numeric>

namespace limn::segment {
namespace {

struct DisjointSets {
  std::vector<std::uint32_t> parent{0};
  std::uint32_t make() {
    parent.push_back(static_cast<std::uint32_t>(parent.size()));
    return parent.back();
  }
  std::uint32_t find(std::uint32_t a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  }
  void join(std::uint32_t a, std::uint32_t b) {
    a = find(a), b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

ComponentLabels connectedComponents(const GridSize& size, const VoxelMask& mask, Connectivity connectivity) {
  ComponentLabels out;
  out.size = {size.width, size.height, 1};
  const std::size_t n = out.size.count();
  out.labels.assign(n, 0);
  if (mask.size() < n) return out;
  DisjointSets sets;
  const bool diagonals = connectivity == Connectivity::kFacesEdgesCorners;
  const std::uint32_t w = size.width;
  for (std::uint32_t y = 0; y < size.height; ++y)
    for (std::uint32_t x = 0; x < w; ++x) {
      const std::size_t i = std::size_t{y} * w + x;
      if (!mask[i]) continue;
      // Already-labelled neighbours: left, up, and with diagonals up-left and up-right.
      std::uint32_t found[4];
      int count = 0;
      if (x > 0 && out.labels[i - 1]) found[count++] = out.labels[i - 1];
      if (y > 0 && out.labels[i - w]) found[count++] = out.labels[i - w];
      if (diagonals && y > 0 && x > 0 && out.labels[i - w - 1]) found[count++] = out.labels[i - w - 1];
      if (diagonals && y > 0 && x + 1 < w && out.labels[i - w + 1]) found[count++] = out.labels[i - w + 1];
      if (count == 0) {
        out.labels[i] = sets.make();
        continue;
      }
      std::uint32_t label = found[0];
      for (int k = 1; k < count; ++k) label = std::min(label, found[k]);
      out.labels[i] = label;
      for (int k = 0; k < count; ++k) sets.join(label, found[k]);
    }
  // Second pass: roots to consecutive ids in raster order of first pixels.
  std::vector<std::uint32_t> idOfRoot(sets.parent.size(), 0);
  for (std::uint32_t y = 0; y < size.height; ++y)
    for (std::uint32_t x = 0; x < w; ++x) {
      std::uint32_t& l = out.labels[std::size_t{y} * w + x];
      if (!l) continue;
      const std::uint32_t root = sets.find(l);
      if (!idOfRoot[root]) {
        idOfRoot[root] = static_cast<std::uint32_t>(out.components.size() + 1);
        out.components.push_back({idOfRoot[root], 0, x, y, x + 1, y + 1, {x, y, 0}});
      }
      l = idOfRoot[root];
      Component& c = out.components[l - 1];
      ++c.area;
      c.x0 = std::min(c.x0, x), c.y0 = std::min(c.y0, y);
      c.x1 = std::max(c.x1, x + 1), c.y1 = std::max(c.y1, y + 1);
    }
  return out;
}

VoxelMask componentMask(const ComponentLabels& labels, std::uint32_t id) {
  VoxelMask m(labels.labels.size(), 0);
  std::transform(labels.labels.begin(), labels.labels.end(), m.begin(),
                 [id](std::uint32_t l) { return static_cast<std::uint8_t>(l == id); });
  return m;
}

}  // namespace limn::segment
