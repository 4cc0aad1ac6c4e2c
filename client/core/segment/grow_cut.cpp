#include "client/core/segment/grow_cut.h"

#include <cmath>
#include <limits>
#include <queue>

#include "client/core/segment/connected_components.h"

namespace limn::segment {

Result<std::vector<std::uint8_t>> growCut(const ValueGrid& grid, const std::vector<std::uint8_t>& seeds,
                                          Connectivity connectivity) {
  if (!grid.valid()) return makeError(ErrorCode::kInvalidArgument, "no image to segment");
  if (seeds.size() != grid.size().count())
    return makeError(ErrorCode::kInvalidArgument, "the seed mask's size differs from the image's");
  const GridSize& s = grid.size();
  std::vector<std::uint8_t> labels(seeds);
  std::vector<float> cost(s.count(), std::numeric_limits<float>::infinity());
  using Entry = std::pair<float, std::uint32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> open;
  bool anySeed = false;
  for (std::size_t i = 0; i < seeds.size(); ++i)
    if (seeds[i]) {
      cost[i] = 0;
      open.push({0.f, static_cast<std::uint32_t>(i)});
      anySeed = true;
    }
  if (!anySeed) return makeError(ErrorCode::kInvalidArgument, "grow-cut needs at least one seed stroke");
  const auto offsets = neighbourOffsets(s, connectivity);
  while (!open.empty()) {
    const auto [c, i] = open.top();
    open.pop();
    if (c > cost[i]) continue;  // a cheaper path already settled it
    forEachNeighbour(s, offsets, i, [&, c = c, i = i](std::size_t n) {
      const float next = c + std::fabs(grid[n] - grid[i]);
      if (next >= cost[n]) return;
      cost[n] = next;
      labels[n] = labels[i];
      open.push({next, static_cast<std::uint32_t>(n)});
    });
  }
  return labels;
}

std::vector<VoxelMask> splitAmongSeedOwners(const GridSize& size, const VoxelMask& region,
                                            const std::vector<VoxelMask>& ownerSeeds) {
  const ComponentLabels parts = connectedComponents(size, region);
  constexpr std::size_t kUnowned = ~std::size_t{0};
  std::vector<std::size_t> ownerOfPart(parts.components.size(), kUnowned);
  for (std::size_t owner = 0; owner < ownerSeeds.size(); ++owner)
    for (std::size_t i = 0; i < parts.labels.size() && i < ownerSeeds[owner].size(); ++i)
      if (ownerSeeds[owner][i] && parts.labels[i] && ownerOfPart[parts.labels[i] - 1] == kUnowned)
        ownerOfPart[parts.labels[i] - 1] = owner;
  std::vector<VoxelMask> out(ownerSeeds.size(), VoxelMask(region.size(), 0));
  for (std::size_t i = 0; i < parts.labels.size(); ++i)
    if (parts.labels[i] && ownerOfPart[parts.labels[i] - 1] != kUnowned) out[ownerOfPart[parts.labels[i] - 1]][i] = 1;
  return out;
}

}  // namespace limn::segment
