#include "client/core/segment/region_grow.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace limn::segment {
namespace {

Status checkSeed(const ValueGrid& grid, const Voxel& seed) {
  if (!grid.valid()) return makeError(ErrorCode::kInvalidArgument, "no image to segment");
  if (!grid.size().contains(seed.x, seed.y, seed.z))
    return makeError(ErrorCode::kInvalidArgument, "the seed lies outside the image");
  return okStatus();
}

// Breadth-first flood from `seed` over voxels `admits` accepts. The queue is
// the output order, so memory is one byte per voxel plus the region itself.
template <typename Admits>
Result<VoxelMask> flood(const ValueGrid& grid, const Voxel& seed, Connectivity connectivity,
                        std::size_t maxVoxels, Admits admits) {
  const GridSize& s = grid.size();
  VoxelMask mask(s.count(), 0);
  const std::size_t start = s.index(seed.x, seed.y, seed.z);
  if (!admits(grid[start])) return mask;
  const auto offsets = neighbourOffsets(s, connectivity);
  std::vector<std::uint32_t> queue;
  queue.reserve(4096);
  mask[start] = 1;
  queue.push_back(static_cast<std::uint32_t>(start));
  for (std::size_t head = 0; head < queue.size(); ++head) {
    if (maxVoxels != 0 && queue.size() > maxVoxels)
      return makeError(ErrorCode::kTooLarge, "the region grew past " + std::to_string(maxVoxels) +
                                                 " voxels: lower the tolerance");
    forEachNeighbour(s, offsets, queue[head], [&](std::size_t n) {
      if (mask[n] || !admits(grid[n])) return;
      mask[n] = 1;
      queue.push_back(static_cast<std::uint32_t>(n));
    });
  }
  return mask;
}

}  // namespace

double seedReference(const ValueGrid& grid, const Voxel& seed, std::uint32_t radius) {
  const auto r = static_cast<std::int64_t>(radius);
  double sum = 0;
  std::size_t n = 0;
  for (std::int64_t dy = -r; dy <= r; ++dy)
    for (std::int64_t dx = -r; dx <= r; ++dx) {
      const std::int64_t x = seed.x + dx, y = seed.y + dy;
      if (!grid.size().contains(x, y, seed.z)) continue;
      sum += grid[grid.size().index(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y), seed.z)];
      ++n;
    }
  return n ? sum / static_cast<double>(n) : grid.at(seed);
}

Result<VoxelMask> regionGrow(const ValueGrid& grid, const Voxel& seed, const GrowCriteria& criteria) {
  if (Status s = checkSeed(grid, seed); !s) return s.error();
  if (!(criteria.tolerance >= 0)) return makeError(ErrorCode::kInvalidArgument, "the tolerance must be 0 or more");
  const double reference = seedReference(grid, seed, criteria.seedRadius);
  const double low = reference - criteria.tolerance, high = reference + criteria.tolerance;
  // The seed is always in: a noisy seed voxel must not leave the user with nothing.
  Result<VoxelMask> mask = flood(grid, seed, criteria.connectivity, criteria.maxVoxels, [&](float v) {
    return v >= low && v <= high;
  });
  if (mask) mask.value()[grid.size().index(seed.x, seed.y, seed.z)] = 1;
  return mask;
}

Result<VoxelMask> thresholdRegion(const ValueGrid& grid, const Voxel& seed, double low, double high,
                                  Connectivity connectivity) {
  if (Status s = checkSeed(grid, seed); !s) return s.error();
  if (!(low <= high)) return makeError(ErrorCode::kInvalidArgument, "the threshold's low end is above its high end");
  const float v = grid.at(seed);
  if (!(v >= low && v <= high))
    return makeError(ErrorCode::kInvalidArgument, "the clicked value " + std::to_string(v) +
                                                      " is outside the threshold range");
  return flood(grid, seed, connectivity, 0, [&](float x) { return x >= low && x <= high; });
}

VoxelMask thresholdAll(const ValueGrid& grid, double low, double high) {
  VoxelMask mask(grid.valid() ? grid.size().count() : 0, 0);
  for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = grid[i] >= low && grid[i] <= high;
  return mask;
}

}  // namespace limn::segment
