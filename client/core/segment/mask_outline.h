// The outline of a mask region as a polygon along pixel edges, so the
// polygon covers exactly the region's pixel centres (holes filled): the
// boundary is pixel-exact, not smoothed. Vertices sit at pixel corners, in
// image coordinates (geometry.h), only where the outline turns.
#pragma once

#include "client/core/annot/geometry.h"
#include "client/core/segment/voxel_grid.h"

namespace limn::segment {

// The outer boundary of the face-connected region containing `start`
// (a foreground pixel of a single slice), traced clockwise on screen.
// Empty when `start` is background.
annot::Polygon outlineOf(const GridSize& size, const VoxelMask& mask, const Voxel& start);

// Every face-connected region's outer boundary, largest region first.
std::vector<annot::Polygon> outlines(const GridSize& size, const VoxelMask& mask);

}  // namespace limn::segment
