// ImGui's display coordinates in framebuffer pixels, computed exactly as
// Dear ImGui's OpenGL3 backend computes them (imgui_impl_opengl3.cpp):
// code that draws inside a command's clip itself (draw callbacks) or
// narrows clips to draw part of a frame (UiDamage) then covers exactly the
// pixels the backend's own commands would.
#pragma once

#include <imgui.h>

#include <cstddef>

namespace limn::app {

// Framebuffer pixels, x right and y down from the top-left corner; x1 and
// y1 exclusive.
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  long long area() const { return static_cast<long long>(x1 - x0) * (y1 - y0); }
};

// Framebuffer pixels as glScissor takes them: rows from the bottom.
struct GlRect {
  int x = 0, y = 0, width = 0, height = 0;
};

struct FramebufferSpace {
  ImVec2 origin{0, 0}, scale{1, 1};
  int width = 0, height = 0;

  static FramebufferSpace of(const ImDrawData& data);
  bool operator==(const FramebufferSpace& o) const {
    return origin.x == o.origin.x && origin.y == o.origin.y && scale.x == o.scale.x && scale.y == o.scale.y &&
           width == o.width && height == o.height;
  }

  // The scissor the backend sets for a command clipped to `clip`.
  GlRect scissorOf(const ImVec4& clip) const;
  GlRect toGl(const PixelRect& r) const { return {r.x0, height - r.y1, r.x1 - r.x0, r.y1 - r.y0}; }
  // The pixels covering display rectangle (x0, y0)-(x1, y1), one more on
  // every side for anti-aliasing fringes and rounding, within the canvas.
  PixelRect cover(float x0, float y0, float x1, float y1) const;
  // Where `count` vertices can draw inside `clip`.
  PixelRect coverVertices(const ImDrawVert* v, std::size_t count, const ImVec4& clip) const;
};

}  // namespace limn::app
