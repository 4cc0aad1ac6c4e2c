// Puts one plane image on the GPU and applies the modality LUT and VOI
// window in a shader at full float precision (16-bit data is never squeezed
// to 8 bits before windowing). Produces RGBA8 textures for ImGui to show
// with nearest-neighbour sampling, so zoomed pixels stay pixel-exact.
//
// Images larger than the GPU's texture limit (or a smaller limit set for
// testing) are split into tiles; each tile is a values texture, a display
// texture and a framebuffer. Re-uploading an image of the same size reuses
// the tiles, which keeps slice scrolling cheap.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "client/core/imaging/stored_values.h"
#include "client/core/imaging/window_level.h"
#include "shared/error/result.h"

namespace limn::app {

struct ImageTile {
  int x = 0, y = 0;           // top-left image pixel
  int width = 0, height = 0;  // in image pixels
  unsigned values = 0;        // R32F stored values (monochrome only)
  unsigned display = 0;       // RGBA8 shown by ImGui
  unsigned fbo = 0;           // renders into `display`
};

class ImageRenderer {
 public:
  ImageRenderer() = default;
  ~ImageRenderer();
  ImageRenderer(const ImageRenderer&) = delete;
  ImageRenderer& operator=(const ImageRenderer&) = delete;

  // Monochrome: width*height stored values (row-major) and the LUT that
  // makes them modality values.
  Status uploadValues(std::uint32_t width, std::uint32_t height, std::span<const float> values,
                      const imaging::ModalityLut& lut);
  // Colour: 8-bit RGBA, shown as is.
  Status uploadRgba(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> rgba);
  // Compiles the window shader and runs it once on a 1x1 image now rather
  // than at the first real image: drivers finish compiling on first use,
  // which takes tens of milliseconds on software GL.
  Status prepare();
  // Re-runs the window shader if anything changed since the last call.
  void render(const imaging::Window& window, bool invert);
  void clear();

  // Largest tile edge; 0 means the GPU's own limit.
  void setTileLimit(int pixels);
  const std::vector<ImageTile>& tiles() const { return m_tiles; }
  bool ready() const { return !m_tiles.empty(); }
  int width() const { return m_width; }
  int height() const { return m_height; }

 private:
  // The window program for VOI function `function` (0-3), compiled once.
  Result<unsigned> ensureProgram(int function);
  Status layoutTiles(int width, int height, bool monochrome);
  // Puts a VOI LUT table's levels in m_table unless it is already there.
  void uploadTable(const std::shared_ptr<const dicom::VoiTable>& table);

  std::array<unsigned, 4> m_programs{};  // by VOI function
  unsigned m_vao = 0;
  std::vector<ImageTile> m_tiles;
  int m_width = 0;
  int m_height = 0;
  int m_tileLimit = 0;
  bool m_monochrome = false;
  imaging::ModalityLut m_lut;
  // Last rendered parameters; render() is a no-op when nothing changed.
  double m_lastCenter = 0, m_lastWidth = -1;
  imaging::VoiFunction m_lastFunction = imaging::VoiFunction::kLinear;
  unsigned m_table = 0;  // R32F levels of m_lastTable, kTableRow to a row
  std::shared_ptr<const dicom::VoiTable> m_lastTable;
  bool m_lastInvert = false;
  bool m_dirty = true;
};

}  // namespace limn::app
