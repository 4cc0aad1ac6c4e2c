// Level tracing: the outline of the region at the clicked intensity. The
// clicked pixel's value is the level; the region is the face-connected set
// of pixels on the click's side of it (at or above, or at or below,
// whichever region is smaller: a click on a bright lesion's rim outlines the
// lesion, not the darker body around it). The outline is pixel-exact.
#pragma once

#include "client/core/annot/geometry.h"
#include "client/core/segment/voxel_grid.h"
#include "shared/error/result.h"

namespace limn::segment {

struct LevelTrace {
  double level = 0;
  bool above = true;  // the region is at or above the level (else at or below)
  VoxelMask region;
  annot::Polygon outline;
};

// `slice` must have depth 1.
Result<LevelTrace> traceLevel(const ValueGrid& slice, const Voxel& click);

}  // namespace limn::segment
