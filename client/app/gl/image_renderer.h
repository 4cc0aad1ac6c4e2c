// Puts one plane image on the GPU and draws it where the image lies on
// screen. Monochrome images keep their stored values in float textures:
// the modality LUT and VOI window are applied per screen pixel as the
// image is drawn, at full float precision (16-bit data is never squeezed
// to 8 bits before windowing). Colour images are RGBA8 textures shown as
// they are. Pixels are fetched, never filtered, so zoomed pixels stay
// pixel-exact, and they fall where the annotation masks' do (image_quad.h).
//
// Images larger than the GPU's texture limit (or a smaller limit set for
// testing) are split into tiles. Re-uploading an image of the same size
// reuses the tiles, which keeps slice scrolling cheap.
#pragma once

#include <imgui.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "client/app/gl/image_quad.h"
#include "client/core/imaging/stored_values.h"
#include "client/core/imaging/window_level.h"
#include "shared/error/result.h"

namespace limn::app {

struct ImageTile {
  int x = 0, y = 0;           // top-left image pixel
  int width = 0, height = 0;  // in image pixels
  unsigned texture = 0;       // R32F stored values (monochrome) or RGBA8 (colour)
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
  // Compiles the default window's program and draws with it once, off
  // screen, now rather than at the first real image: drivers finish
  // compiling on first use, which takes tens of milliseconds on software GL.
  Status prepare();
  // The window (and MONOCHROME1 inversion) the next draws apply.
  void setWindow(const imaging::Window& window, bool invert);
  // Adds the image to `dl` at `placement`, inside dl's current clip
  // rectangle (a drawing callback: opaque, drawn without blending).
  void draw(ImDrawList* dl, const ImagePlacement& placement);
  void clear();

  // Largest tile edge; 0 means the GPU's own limit.
  void setTileLimit(int pixels);
  const std::vector<ImageTile>& tiles() const { return m_tiles; }
  bool ready() const { return !m_tiles.empty(); }
  int width() const { return m_width; }
  int height() const { return m_height; }

 private:
  // Program 0-3: the window program for that VOI function; 4: colour.
  static constexpr int kColourProgram = 4;
  Result<unsigned> ensureProgram(int which);
  Status layoutTiles(int width, int height, bool monochrome);
  // Puts a VOI LUT table's levels in m_table unless it is already there.
  void uploadTable(const std::shared_ptr<const dicom::VoiTable>& table);
  static void drawCallback(const ImDrawList* list, const ImDrawCmd* cmd);
  void render(const ImDrawCmd* cmd);
  // Draws the tiles with `program`, its own uniforms already set.
  void drawTiles(unsigned program, const ImagePlacement& placement, float displayWidth, float displayHeight);

  std::array<unsigned, 5> m_programs{};
  unsigned m_vao = 0;
  std::vector<ImageTile> m_tiles;
  int m_width = 0;
  int m_height = 0;
  int m_tileLimit = 0;
  bool m_monochrome = false;
  imaging::ModalityLut m_lut;
  imaging::Window m_window{0, 1};
  bool m_invert = false;
  ImagePlacement m_placement;
  unsigned m_table = 0;  // R32F levels of m_lastTable, kTableRow to a row
  std::shared_ptr<const dicom::VoiTable> m_lastTable;
};

}  // namespace limn::app
