// Connected components of a binary slice mask: each foreground pixel gets
// the 1-based number of its component, with each component's area and
// bounds, so a model's probability map becomes separate findings.
#pragma once

#include <cstdint>
#include <vector>

#include "client/core/segment/voxel_grid.h"

namespace limn::segment {

struct Component {
  std::uint32_t id = 0;  // 1-based, in raster order of each component's first pixel
  std::uint64_t area = 0;
  std::uint32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // bounds, half-open
  Voxel first;  // its first pixel in raster order (top row, leftmost)
};

struct ComponentLabels {
  GridSize size;
  std::vector<std::uint32_t> labels;  // 0: background
  std::vector<Component> components;  // components[id - 1]
};

// Two-pass labelling with union-find over one slice (depth must be 1).
ComponentLabels connectedComponents(const GridSize& size, const VoxelMask& mask,
                                    Connectivity connectivity = Connectivity::kFaces);

// The pixels of one component as a mask.
VoxelMask componentMask(const ComponentLabels& labels, std::uint32_t id);

}  // namespace limn::segment
