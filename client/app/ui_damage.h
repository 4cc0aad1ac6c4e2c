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
// than the font atlas and drawing callbacks (the image, the annotation
// overlay), each within its own rectangle. ImGui's reset callback only
// sets GL state and draws nothing, but if it moves the whole list is drawn
// again. Anything else (another size or scale, windows added, removed or
// reordered) draws the whole frame.
#pragma once

#include <imgui.h>

#include <vector>

#include "client/app/gl/framebuffer_space.h"

namespace limn::app {

struct RedrawPlan {
  bool full = true;
  std::vector<PixelRect> rects;  // when not full: may overlap; none when nothing changed
};

class UiDamage {
 public:
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

  Command commandOf(const ImDrawList& list, const ImDrawCmd& c) const;
  // Adds to `damage` where `now` differs from `last` (the same window).
  void compare(const List& last, const List& now, ImTextureID fontAtlas, std::vector<PixelRect>& damage) const;

  std::vector<List> m_last;
  FramebufferSpace m_space;  // this frame's, once plan() has compared it with the last's
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
