#include "client/core/segment/grow_cut.h"

#include <cmath>
#include <limits>
#include <queue>

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

}  // namespace limn::segment
