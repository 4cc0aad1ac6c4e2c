// Draws a slice's annotations over the image on the GPU: outlines as one
// vertex buffer of line segments in image pixels, masks as a label image
// (one byte per pixel: 0 none, else a palette entry). Both are uploaded
// when the slice's annotations change, never per frame; a brush dab
// re-uploads only the rectangle it touched.
//
// Outlines are rasterised once per zoom into a texture the size of the
// image on screen (when that fits in a texture) and panning moves that
// texture: 10,000 polygons cost one quad per frame, even on a software
// rasteriser. Zoomed in further, the segments are drawn directly.
#pragma once

#include <imgui.h>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "client/app/gl/image_quad.h"
#include "shared/error/result.h"

namespace limn::app {

struct LineVertex {
  float x = 0, y = 0;      // image pixels
  std::uint32_t rgba = 0;  // as ImGui's IM_COL32
};

class OverlayRenderer {
 public:
  OverlayRenderer() = default;
  ~OverlayRenderer();
  OverlayRenderer(const OverlayRenderer&) = delete;
  OverlayRenderer& operator=(const OverlayRenderer&) = delete;

  Status prepare();
  // Pairs of vertices, one segment each.
  void setLines(std::span<const LineVertex> segments);
  // The whole label image; `tileLimit` as for images (0: the GPU's limit).
  void setLabels(int width, int height, std::span<const std::uint8_t> labels, int tileLimit);
  // A changed rectangle of the same label image.
  void updateLabels(int x, int y, int width, int height, std::span<const std::uint8_t> labels);
  void clearLabels();
  // Palette entry i colours label value i + 1 (RGBA, alpha included).
  void setPalette(std::span<const std::uint32_t> colours);

  // Adds draw commands to `dl` (inside its current clip rectangle).
  void draw(ImDrawList* dl, const ImagePlacement& placement);

  std::size_t segmentCount() const { return m_segmentVertices / 2; }
  bool hasLabels() const { return !m_tiles.empty(); }

 private:
  struct Tile {
    int x = 0, y = 0, width = 0, height = 0;
    unsigned texture = 0;
  };
  static void drawCallback(const ImDrawList* list, const ImDrawCmd* cmd);
  void render(const ImDrawCmd* cmd);

  // `sx`, `sy`: framebuffer pixels per image pixel.
  bool renderLineCache(int width, int height, float sx, float sy);

  unsigned m_lineProgram = 0, m_maskProgram = 0, m_copyProgram = 0;
  // The outline cache: a texture of the image at the cached zoom.
  unsigned m_cacheTexture = 0, m_cacheFbo = 0;
  int m_cacheWidth = 0, m_cacheHeight = 0;
  float m_cacheSx = 0, m_cacheSy = 0;
  bool m_cacheValid = false;
  unsigned m_lineVao = 0, m_lineBuffer = 0, m_maskVao = 0, m_palette = 0;
  std::size_t m_segmentVertices = 0, m_bufferBytes = 0;
  std::vector<Tile> m_tiles;
  int m_labelWidth = 0, m_labelHeight = 0;
  ImagePlacement m_placement;
  int m_imageWidth = 0, m_imageHeight = 0;

 public:
  // The image size, for the outline cache (set with the lines).
  void setImageSize(int width, int height);
  bool outlinesCached() const { return m_cacheValid; }
};

}  // namespace limn::app
