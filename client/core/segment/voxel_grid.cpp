#include "client/core/segment/voxel_grid.h"

#include <algorithm>
#include <cstdlib>

namespace limn::segment {

std::vector<std::array<int, 3>> neighbourOffsets(const GridSize& size, Connectivity c) {
  std::vector<std::array<int, 3>> out;
  const int zSpan = size.depth > 1 ? 1 : 0;
  for (int dz = -zSpan; dz <= zSpan; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const int steps = std::abs(dx) + std::abs(dy) + std::abs(dz);
        if (steps == 0) continue;
        if (c == Connectivity::kFaces && steps != 1) continue;
        out.push_back({dx, dy, dz});
      }
  return out;
}

ValueGrid::ValueGrid(GridSize size, std::span<const float> values) : m_size(size) {
  m_plane = std::max<std::size_t>(1, std::size_t{size.width} * size.height);
  m_valid = size.count() > 0 && values.size() == size.count();
  if (m_valid)
    for (std::uint32_t z = 0; z < size.depth; ++z) m_slices.push_back(values.subspan(z * m_plane, m_plane));
}

ValueGrid::ValueGrid(GridSize size, std::vector<std::span<const float>> slices)
    : m_size(size), m_slices(std::move(slices)) {
  m_plane = std::max<std::size_t>(1, std::size_t{size.width} * size.height);
  m_valid = size.count() > 0 && m_slices.size() == size.depth;
  for (const auto& s : m_slices) m_valid = m_valid && s.size() == m_plane;
}

}  // namespace limn::segment
