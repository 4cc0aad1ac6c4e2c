// Which parts of the canvas a frame must draw again.
//
// The canvas keeps its pixels from one frame to the next
// (preserveDrawingBuffer), and on a CPU rasteriser (SwiftShader, any
// browser without a usable GPU) every pixel drawn costs: while a physician
// scrolls, only the image and a few numbers change, yet a whole frame
// redraws the panels and the margins too. So each frame is compared with the last, draw list by draw list
// (one per window, in z order), and only the rectangles where a list
// changed are cleared and drawn again, every list clipped to them, so
// that each pixel drawn is what a full redraw would give it.
//
// Within a list, command by command (a texture, a clip rectangle, or a
// callback each), only what differs is drawn again: for UI drawn from the
// font atlas, the triangles between the unchanged ones at its start and at
// its end (a slice number in a label, not the window around it). What can
// change behind identical commands is always drawn again: a texture other
// than the font atlas (the image) and drawing callbacks (the annotation
// overlay), each within its own rectangle. Callbacks that only set GL
// state (ImGui's reset, blending off) draw nothing, but if they move the
// whole list is drawn again. Anything else (another size or scale,
// windows added, removed or reordered) draws the whole frame.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <vector>

namespace limn::app {

// Framebuffer pixels, x right and y down from the top-left corner; x1 and
// y1 exclusive.
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  long long area() const { return static_cast<long long>(x1 - x0) * (y1 - y0); }
};

// The display (ImGui's coordinates) in framebuffer pixels.
struct FramebufferSpace {
  ImVec2 origin{0, 0}, scale{1, 1};
  int width = 0, height = 0;

  static FramebufferSpace of(const ImDrawData& data);
  // The pixels covering display rectangle (x0, y0)-(x1, y1), one more on
  // every side for anti-aliasing fringes and rounding, within the canvas.
  PixelRect cover(float x0, float y0, float x1, float y1) const;
  // Where `count` vertices can draw inside `clip`.
  PixelRect coverVertices(const ImDrawVert* v, std::size_t count, const ImVec4& clip) const;
};

struct RedrawPlan {
  bool full = true;
  std::vector<PixelRect> rects;  // when not full: may overlap; none when nothing changed
};

class UiDamage {
 public:
  // `stateOnly`: callbacks that set GL state and draw nothing, besides
  // ImGui's ImDrawCallback_ResetRenderState.
  explicit UiDamage(std::vector<ImDrawCallback> stateOnly = {}) : m_stateOnly(std::move(stateOnly)) {}

  // Compares `data` with the last frame planned and remembers it.
  RedrawPlan plan(const ImDrawData& data, ImTextureID fontAtlas);
  // The next plan draws everything (the canvas was resized or lost its
  // context, or a check wants a reference frame).
  void invalidate() { m_valid = false; }

 private:
  struct Command {
    ImVec4 clip{};
    ImTextureID texture = nullptr;
    ImDrawCallback callback = nullptr;
    void* callbackData = nullptr;
    std::vector<ImDrawVert> triangles;  // three vertices each, in drawing order
    PixelRect bounds;                   // where it can draw
  };
  struct List {
    const char* owner = nullptr;
    std::vector<Command> commands;
    PixelRect bounds;
  };

  bool stateOnly(ImDrawCallback callback) const;
  Command commandOf(const ImDrawList& list, const ImDrawCmd& c) const;
  // Adds to `damage` where `now` differs from `last` (the same window).
  void compare(const List& last, const List& now, ImTextureID fontAtlas, std::vector<PixelRect>& damage) const;

  std::vector<ImDrawCallback> m_stateOnly;
  std::vector<List> m_last;
  FramebufferSpace m_space;
  ImVec2 m_size{0, 0}, m_scale{0, 0};
  bool m_valid = false;
};

// Narrows every command's clip rectangle to `rect` while alive, so that a
// render of `data` draws inside `rect` only; restores them when destroyed.
class ClipDrawDataTo {
 public:
  ClipDrawDataTo(ImDrawData& data, const PixelRect& rect);
  ~ClipDrawDataTo();
  ClipDrawDataTo(const ClipDrawDataTo&) = delete;
  ClipDrawDataTo& operator=(const ClipDrawDataTo&) = delete;

 private:
  ImDrawData& m_data;
  std::vector<ImVec4> m_saved;
};

}  // namespace limn::app
