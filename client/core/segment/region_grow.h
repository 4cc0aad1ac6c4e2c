// Region growing and threshold regions: the voxels connected to a seed whose
// modality value passes a test. Scanline-free breadth-first flood over the
// grid, so a 512x512 slice takes a few milliseconds and a volume works too.
#pragma once

#include <cstddef>

#include "client/core/segment/voxel_grid.h"
#include "shared/error/result.h"

namespace limn::segment {

struct GrowCriteria {
  double tolerance = 50;   // admitted: |value - reference| <= tolerance
  std::uint32_t seedRadius = 1;  // reference = mean of the (2r+1)^2 in-slice square around the seed
  Connectivity connectivity = Connectivity::kFaces;
  std::size_t maxVoxels = 0;  // 0: no limit; otherwise growing stops with kTooLarge
};

// The region connected to `seed` whose values lie within the tolerance of
// the seed's reference value.
Result<VoxelMask> regionGrow(const ValueGrid& grid, const Voxel& seed, const GrowCriteria& criteria);

// The region connected to `seed` whose values lie in [low, high] (the
// threshold tool); the seed itself must pass.
Result<VoxelMask> thresholdRegion(const ValueGrid& grid, const Voxel& seed, double low, double high,
                                  Connectivity connectivity = Connectivity::kFaces);

// Every voxel in [low, high], connected or not.
VoxelMask thresholdAll(const ValueGrid& grid, double low, double high);

// The reference value regionGrow compares against.
double seedReference(const ValueGrid& grid, const Voxel& seed, std::uint32_t radius);

}  // namespace limn::segment
