#include "client/app/gl/framebuffer_space.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace limn::app {

FramebufferSpace FramebufferSpace::of(const ImDrawData& data) {
  // Truncated, as the backend sizes its viewport.
  return {data.DisplayPos, data.FramebufferScale, static_cast<int>(data.DisplaySize.x * data.FramebufferScale.x),
          static_cast<int>(data.DisplaySize.y * data.FramebufferScale.y)};
}

GlRect FramebufferSpace::scissorOf(const ImVec4& clip) const {
  const ImVec2 min((clip.x - origin.x) * scale.x, (clip.y - origin.y) * scale.y);
  const ImVec2 max((clip.z - origin.x) * scale.x, (clip.w - origin.y) * scale.y);
  return {static_cast<int>(min.x), static_cast<int>(static_cast<float>(height) - max.y),
          static_cast<int>(max.x - min.x), static_cast<int>(max.y - min.y)};
}

PixelRect FramebufferSpace::cover(float x0, float y0, float x1, float y1) const {
  PixelRect r;
  r.x0 = std::max(0, static_cast<int>(std::floor((x0 - origin.x) * scale.x)) - 1);
  r.y0 = std::max(0, static_cast<int>(std::floor((y0 - origin.y) * scale.y)) - 1);
  r.x1 = std::min(width, static_cast<int>(std::ceil((x1 - origin.x) * scale.x)) + 1);
  r.y1 = std::min(height, static_cast<int>(std::ceil((y1 - origin.y) * scale.y)) + 1);
  if (r.x1 <= r.x0 || r.y1 <= r.y0) return {};
  return r;
}

PixelRect FramebufferSpace::coverVertices(const ImDrawVert* v, std::size_t count, const ImVec4& clip) const {
  if (count == 0) return {};
  float x0 = FLT_MAX, y0 = FLT_MAX, x1 = -FLT_MAX, y1 = -FLT_MAX;
  for (std::size_t i = 0; i < count; ++i) {
    x0 = std::min(x0, v[i].pos.x);
    y0 = std::min(y0, v[i].pos.y);
    x1 = std::max(x1, v[i].pos.x);
    y1 = std::max(y1, v[i].pos.y);
  }
  x0 = std::max(x0, clip.x);
  y0 = std::max(y0, clip.y);
  x1 = std::min(x1, clip.z);
  y1 = std::min(y1, clip.w);
  if (x1 <= x0 || y1 <= y0) return {};
  return cover(x0, y0, x1, y1);
}

}  // namespace limn::app
