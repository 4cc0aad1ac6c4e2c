// Puts the open frame on the GPU and applies the modality LUT and VOI window
// in a shader at full float precision (16-bit data is never squeezed to
// 8 bits before windowing). Produces an RGBA8 texture for ImGui to show with
// nearest-neighbour sampling, so zoomed pixels stay pixel-exact.
#pragma once

#include <cstdint>
#include <string>

#include "client/app/document.h"
#include "shared/error/result.h"

namespace limn::app {

class ImageRenderer {
 public:
  ImageRenderer() = default;
  ~ImageRenderer();
  ImageRenderer(const ImageRenderer&) = delete;
  ImageRenderer& operator=(const ImageRenderer&) = delete;

  // Uploads the frame of `image` shown by the document (new file or frame).
  Status upload(const OpenImage& image);
  // Re-runs the window shader if the window changed since the last call.
  void render(const imaging::Window& window, bool invert);
  // The displayable texture (0 until an upload succeeded).
  std::uintptr_t texture() const { return m_display; }
  int width() const { return m_width; }
  int height() const { return m_height; }

 private:
  Status ensureProgram();
  void release();

  unsigned m_program = 0;
  unsigned m_values = 0;   // R32F stored values (monochrome)
  unsigned m_display = 0;  // RGBA8 shown by ImGui
  unsigned m_fbo = 0;
  unsigned m_vao = 0;
  int m_width = 0;
  int m_height = 0;
  bool m_monochrome = false;
  imaging::ModalityLut m_lut;
  // Last rendered parameters; render() is a no-op when nothing changed.
  double m_lastCenter = 0, m_lastWidth = -1;
  bool m_lastInvert = false;
  bool m_dirty = true;
};

}  // namespace limn::app
