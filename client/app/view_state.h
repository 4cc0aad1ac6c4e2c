// View state: how the open series is looked at. Zoom, pan, window and the
// crosshair are per-session choices, not part of the document.
#pragma once

#include <array>

#include "client/core/imaging/reslice.h"
#include "client/core/imaging/window_level.h"

namespace limn::app {

inline constexpr float kMaxZoom = 32.0f;   // screen pixels per image pixel
inline constexpr float kMinZoom = 1.0f / 64.0f;

enum class Layout { kSingle, kMpr };

struct Viewport {
  imaging::SlicePlane plane = imaging::SlicePlane::kXY;
  float zoom = 1.0f;
  float panX = 0.0f;  // image-pixel offset of the view centre from the image centre
  float panY = 0.0f;
  bool fitPending = true;
};

// A rectangle drawn on the image (left-drag while the tool is on), in image
// pixels of the single view: what de-identification blanks in images of the
// same device and size.
struct RedactionDraft {
  bool tool = false;      // left-drag draws instead of panning
  bool dragging = false;
  bool valid = false;
  float startX = 0, startY = 0;
  std::array<int, 4> box{0, 0, 0, 0};  // x, y, width, height
};

// What the mouse is over, refreshed each frame by the viewer panel.
struct CursorReadout {
  bool inImage = false;
  int viewport = 0;
  imaging::Voxel voxel{0, 0, 0};
};

struct ViewState {
  Layout layout = Layout::kSingle;
  std::array<Viewport, 3> viewports{Viewport{imaging::SlicePlane::kXY}, Viewport{imaging::SlicePlane::kXZ},
                                    Viewport{imaging::SlicePlane::kYZ}};
  int activeViewport = 0;
  // The linked point of all views (voxel indices). Each view shows the
  // plane through it; in a stack, crosshair[2] is the slice (or frame).
  imaging::Voxel crosshair{0, 0, 0};
  bool showCrosshair = true;
  imaging::Window window;
  bool invert = false;  // MONOCHROME1 starts inverted
  bool showHelp = false;
  bool showAnnotations = true;  // the annotation panel
  CursorReadout cursor;
  RedactionDraft redaction;

  int visibleViewports() const { return layout == Layout::kMpr ? 3 : 1; }
};

}  // namespace limn::app
