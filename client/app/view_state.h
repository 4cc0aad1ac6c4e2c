// View state: how the open image is looked at. Zoom, pan and window are
// per-session choices, not part of the document.
#pragma once

#include "client/core/imaging/window_level.h"

namespace limn::app {

inline constexpr float kMaxZoom = 32.0f;   // screen pixels per image pixel
inline constexpr float kMinZoom = 1.0f / 64.0f;

struct ViewState {
  float zoom = 1.0f;
  float panX = 0.0f;         // image-pixel offset of the view centre from the image centre
  float panY = 0.0f;
  bool fitPending = true;    // fit to the viewport on the next frame
  imaging::Window window;
  bool invert = false;       // MONOCHROME1 starts inverted
  bool showHelp = false;
  // Cursor readout, refreshed each frame by the viewer panel.
  bool cursorInImage = false;
  int cursorX = 0;
  int cursorY = 0;
};

}  // namespace limn::app
