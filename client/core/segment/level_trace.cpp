#include "client/core/segment/level_trace.h"

#include <limits>
#include <numeric>

#include "client/core/segment/mask_outline.h"
#include "client/core/segment/region_grow.h"

namespace limn::segment {

Result<LevelTrace> traceLevel(const ValueGrid& slice, const Voxel& click) {
  if (slice.size().depth != 1) return makeError(ErrorCode::kInvalidArgument, "level tracing works on one slice");
  if (!slice.valid() || !slice.size().contains(click.x, click.y))
    return makeError(ErrorCode::kInvalidArgument, "the click lies outside the image");
  LevelTrace out;
  out.level = slice.at(click);
  const double inf = std::numeric_limits<double>::infinity();
  Result<VoxelMask> up = thresholdRegion(slice, click, out.level, inf);
  Result<VoxelMask> down = thresholdRegion(slice, click, -inf, out.level);
  if (!up) return up.error();
  if (!down) return down.error();
  const auto area = [](const VoxelMask& m) { return std::accumulate(m.begin(), m.end(), std::size_t{0}); };
  out.above = area(up.value()) <= area(down.value());
  out.region = std::move(out.above ? up.value() : down.value());
  out.outline = outlineOf(slice.size(), out.region, click);
  return out;
}

}  // namespace limn::segment
