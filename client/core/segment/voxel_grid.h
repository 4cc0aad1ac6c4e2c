// The grid the classical segmentation tools work on: a slice (depth 1) or a
// volume of modality values (HU for CT), row-major, slice after slice, and
// the masks they return (one byte per voxel, 0 or 1, same layout).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace limn::segment {

struct GridSize {
  std::uint32_t width = 0, height = 0, depth = 1;
  std::size_t count() const { return std::size_t{width} * height * depth; }
  std::size_t index(std::uint32_t x, std::uint32_t y, std::uint32_t z = 0) const {
    return (std::size_t{z} * height + y) * width + x;
  }
  bool contains(std::int64_t x, std::int64_t y, std::int64_t z = 0) const {
    return x >= 0 && y >= 0 && z >= 0 && x < width && y < height && z < depth;
  }
};

struct Voxel {
  std::uint32_t x = 0, y = 0, z = 0;
  bool operator==(const Voxel&) const = default;
};

// Which neighbours touch: faces only (4 in a slice, 6 in a volume) or also
// edges and corners (8 in a slice, 26 in a volume).
enum class Connectivity : std::uint8_t { kFaces, kFacesEdgesCorners };

// The offsets (dx, dy, dz) of a voxel's neighbours on `size` (a single
// slice never steps in z).
std::vector<std::array<int, 3>> neighbourOffsets(const GridSize& size, Connectivity c);

// Calls visit(n) with the index of each neighbour of voxel `index` that
// lies inside the grid (offsets from neighbourOffsets).
template <typename Visit>
void forEachNeighbour(const GridSize& s, const std::vector<std::array<int, 3>>& offsets, std::size_t index,
                      Visit&& visit) {
  const std::size_t plane = std::size_t{s.width} * s.height;
  const auto z = static_cast<std::int64_t>(index / plane);
  const auto y = static_cast<std::int64_t>((index % plane) / s.width);
  const auto x = static_cast<std::int64_t>(index % s.width);
  for (const auto& d : offsets) {
    const std::int64_t nx = x + d[0], ny = y + d[1], nz = z + d[2];
    if (s.contains(nx, ny, nz))
      visit(s.index(static_cast<std::uint32_t>(nx), static_cast<std::uint32_t>(ny), static_cast<std::uint32_t>(nz)));
  }
}

// Values the tools read: one block (slice after slice) or one span per
// slice, as a volume's slices are held, so a volume is never copied.
class ValueGrid {
 public:
  ValueGrid() = default;
  ValueGrid(GridSize size, std::span<const float> values);
  ValueGrid(GridSize size, std::vector<std::span<const float>> slices);

  const GridSize& size() const { return m_size; }
  bool valid() const { return m_valid; }
  float operator[](std::size_t index) const { return m_slices[index / m_plane][index % m_plane]; }
  float at(const Voxel& v) const { return m_slices[v.z][std::size_t{v.y} * m_size.width + v.x]; }

 private:
  GridSize m_size;
  std::size_t m_plane = 1;
  std::vector<std::span<const float>> m_slices;
  bool m_valid = false;
};

using VoxelMask = std::vector<std::uint8_t>;

}  // namespace limn::segment
