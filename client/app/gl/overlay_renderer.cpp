#include "client/app/gl/overlay_renderer.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>

#include "client/app/gl/gl_util.h"

namespace limn::app {

namespace {

// Image pixels to clip space through the placement and the display size.
constexpr const char* kLineVertex = R"(#version 300 es
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_color;
uniform vec2 u_origin;
uniform vec2 u_scale;
uniform vec2 u_display;
out vec4 v_color;
void main() {
  vec2 s = u_origin + a_pos * u_scale;
  gl_Position = vec4(s.x / u_display.x * 2.0 - 1.0, 1.0 - s.y / u_display.y * 2.0, 0.0, 1.0);
  v_color = a_color;
})";

constexpr const char* kLineFragment = R"(#version 300 es
precision mediump float;
in vec4 v_color;
out vec4 o_color;
void main() { o_color = v_color; })";

// Label tiles and the outline cache are image quads (image_quad.h): a
// fragment knows its pixel, fetched without filtering (a mask's edge is a
// pixel's edge at any zoom, and the image's own).
constexpr const char* kMaskFragment = R"(#version 300 es
precision mediump float;
precision mediump usampler2D;
uniform usampler2D u_labels;
uniform sampler2D u_palette;
in vec2 v_pixel;
out vec4 o_color;
void main() {
  uint label = texelFetch(u_labels, ivec2(v_pixel), 0).r;
  if (label == 0u) discard;
  o_color = texelFetch(u_palette, ivec2(int(label) - 1, 0), 0);
})";

// The outline cache, drawn with the quad shader above at scale 1: pixel
// (x, y) of the quad is texel (x, height - 1 - y), as the cache was drawn
// with y up.
constexpr const char* kCopyFragment = R"(#version 300 es
precision mediump float;
uniform sampler2D u_cache;
in vec2 v_pixel;
out vec4 o_color;
void main() {
  ivec2 p = ivec2(v_pixel);
  o_color = texelFetch(u_cache, ivec2(p.x, textureSize(u_cache, 0).y - 1 - p.y), 0);
  if (o_color.a == 0.0) discard;
})";

// Largest outline cache edge: beyond it the segments are drawn directly.
constexpr int kMaxCacheEdge = 4096;

}  // namespace

OverlayRenderer::~OverlayRenderer() {
  clearLabels();
  if (m_lineProgram) glDeleteProgram(m_lineProgram);
  if (m_copyProgram) glDeleteProgram(m_copyProgram);
  if (m_cacheTexture) glDeleteTextures(1, &m_cacheTexture);
  if (m_cacheFbo) glDeleteFramebuffers(1, &m_cacheFbo);
  if (m_maskProgram) glDeleteProgram(m_maskProgram);
  if (m_lineVao) glDeleteVertexArrays(1, &m_lineVao);
  if (m_maskVao) glDeleteVertexArrays(1, &m_maskVao);
  if (m_lineBuffer) glDeleteBuffers(1, &m_lineBuffer);
  if (m_palette) glDeleteTextures(1, &m_palette);
}

Status OverlayRenderer::prepare() {
  if (m_lineProgram) return okStatus();
  auto lines = makeProgram(kLineVertex, kLineFragment, "outline shader");
  if (!lines) return lines.error();
  auto masks = makeProgram(kImageQuadVertexShader, kMaskFragment, "mask shader");
  if (!masks) {
    glDeleteProgram(*lines);
    return masks.error();
  }
  auto copy = makeProgram(kImageQuadVertexShader, kCopyFragment, "outline cache shader");
  if (!copy) {
    glDeleteProgram(*lines);
    glDeleteProgram(*masks);
    return copy.error();
  }
  m_lineProgram = *lines;
  m_maskProgram = *masks;
  m_copyProgram = *copy;
  glGenFramebuffers(1, &m_cacheFbo);
  glGenVertexArrays(1, &m_lineVao);
  glGenVertexArrays(1, &m_maskVao);
  glGenBuffers(1, &m_lineBuffer);
  glBindVertexArray(m_lineVao);
  glBindBuffer(GL_ARRAY_BUFFER, m_lineBuffer);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(LineVertex), nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(LineVertex),
                        reinterpret_cast<const void*>(offsetof(LineVertex, rgba)));
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  m_palette = makeTexture(256, 1, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE);
  return okStatus();
}

void OverlayRenderer::setLines(std::span<const LineVertex> segments) {
  if (!m_lineBuffer) return;
  glBindBuffer(GL_ARRAY_BUFFER, m_lineBuffer);
  const std::size_t bytes = segments.size_bytes();
  if (bytes > m_bufferBytes) {
    m_bufferBytes = std::max(bytes, m_bufferBytes * 2);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m_bufferBytes), nullptr, GL_DYNAMIC_DRAW);
  }
  if (bytes) glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(bytes), segments.data());
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  m_segmentVertices = segments.size() - segments.size() % 2;
  m_cacheValid = false;
}

void OverlayRenderer::setImageSize(int width, int height) {
  if (width == m_imageWidth && height == m_imageHeight) return;
  m_imageWidth = width;
  m_imageHeight = height;
  m_cacheValid = false;
}

// Draws every segment into the cache texture at the current zoom. False
// when the image at this zoom does not fit in a cache texture.
bool OverlayRenderer::renderLineCache(int width, int height, float sx, float sy) {
  if (width <= 0 || height <= 0 || width > kMaxCacheEdge || height > kMaxCacheEdge) return false;
  if (m_cacheValid && m_cacheSx == sx && m_cacheSy == sy && width == m_cacheWidth && height == m_cacheHeight)
    return true;
  if (width != m_cacheWidth || height != m_cacheHeight || !m_cacheTexture) {
    if (m_cacheTexture) glDeleteTextures(1, &m_cacheTexture);
    m_cacheTexture = makeTexture(width, height, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE);
    glBindFramebuffer(GL_FRAMEBUFFER, m_cacheFbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_cacheTexture, 0);
    m_cacheWidth = width;
    m_cacheHeight = height;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, m_cacheFbo);
  glViewport(0, 0, width, height);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  glUseProgram(m_lineProgram);
  glUniform2f(glGetUniformLocation(m_lineProgram, "u_origin"), 0, 0);
  glUniform2f(glGetUniformLocation(m_lineProgram, "u_scale"), sx, sy);
  glUniform2f(glGetUniformLocation(m_lineProgram, "u_display"), static_cast<float>(width), static_cast<float>(height));
  glBindVertexArray(m_lineVao);
  glDrawArrays(GL_LINES, 0, static_cast<GLsizei>(m_segmentVertices));
  glBindVertexArray(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  m_cacheSx = sx;
  m_cacheSy = sy;
  m_cacheValid = true;
  return true;
}

void OverlayRenderer::clearLabels() {
  for (Tile& t : m_tiles) glDeleteTextures(1, &t.texture);
  m_tiles.clear();
  m_labelWidth = m_labelHeight = 0;
}

void OverlayRenderer::setLabels(int width, int height, std::span<const std::uint8_t> labels, int tileLimit) {
  if (!m_maskProgram) return;
  if (width != m_labelWidth || height != m_labelHeight || m_tiles.empty()) {
    clearLabels();
    int maxSize = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxSize);
    const int edge = tileLimit > 0 ? std::min(tileLimit, maxSize) : maxSize;
    if (edge <= 0) return;
    for (int y = 0; y < height; y += edge)
      for (int x = 0; x < width; x += edge) {
        Tile t{x, y, std::min(edge, width - x), std::min(edge, height - y), 0};
        t.texture = makeTexture(t.width, t.height, GL_R8UI, GL_RED_INTEGER, GL_UNSIGNED_BYTE);
        m_tiles.push_back(t);
      }
    m_labelWidth = width;
    m_labelHeight = height;
  }
  updateLabels(0, 0, width, height, labels);
}

void OverlayRenderer::updateLabels(int x, int y, int width, int height, std::span<const std::uint8_t> labels) {
  for (const Tile& t : m_tiles) {
    const int x0 = std::max(x, t.x), y0 = std::max(y, t.y);
    const int x1 = std::min(x + width, t.x + t.width), y1 = std::min(y + height, t.y + t.height);
    if (x0 >= x1 || y0 >= y1) continue;
    uploadSubImage(t.texture, {m_labelWidth, x0, y0, x1 - x0, y1 - y0, t.x, t.y}, GL_RED_INTEGER, GL_UNSIGNED_BYTE,
                   labels.data());
  }
}

void OverlayRenderer::setPalette(std::span<const std::uint32_t> colours) {
  if (!m_palette) return;
  std::vector<std::uint32_t> full(256, 0);
  std::copy_n(colours.begin(), std::min<std::size_t>(colours.size(), 256), full.begin());
  uploadSubImage(m_palette, {256, 0, 0, 256, 1, 0, 0}, GL_RGBA, GL_UNSIGNED_BYTE, full.data());
}

void OverlayRenderer::draw(ImDrawList* dl, const ImagePlacement& placement) {
  if (m_segmentVertices == 0 && m_tiles.empty()) return;
  m_placement = placement;
  dl->AddCallback(&OverlayRenderer::drawCallback, this);
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void OverlayRenderer::drawCallback(const ImDrawList*, const ImDrawCmd* cmd) {
  static_cast<OverlayRenderer*>(cmd->UserCallbackData)->render(cmd);
}

void OverlayRenderer::render(const ImDrawCmd* cmd) {
  // Placement and clip rectangles are in display (CSS) pixels; the
  // framebuffer has `scale` of its pixels to each (HiDPI screens).
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  scissorToCommand(*cmd);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  if (!m_tiles.empty()) {
    glUseProgram(m_maskProgram);
    setPlacementUniforms(m_maskProgram, m_placement, display.x, display.y);
    glUniform1i(glGetUniformLocation(m_maskProgram, "u_labels"), 0);
    glUniform1i(glGetUniformLocation(m_maskProgram, "u_palette"), 1);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, m_palette);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(m_maskVao);
    for (const Tile& t : m_tiles) {
      glBindTexture(GL_TEXTURE_2D, t.texture);
      drawImageQuad(m_maskProgram, t.x, t.y, t.width, t.height);
    }
  }
  if (m_segmentVertices) {
    // The cache holds the outlines in framebuffer pixels at this zoom.
    const float sx = m_placement.sx * scale.x, sy = m_placement.sy * scale.y;
    const int cacheW = static_cast<int>(std::ceil(static_cast<float>(m_imageWidth) * sx));
    const int cacheH = static_cast<int>(std::ceil(static_cast<float>(m_imageHeight) * sy));
    if (renderLineCache(cacheW, cacheH, sx, sy)) {
      glViewport(0, 0, static_cast<int>(display.x * scale.x), static_cast<int>(display.y * scale.y));
      glEnable(GL_SCISSOR_TEST);
      glUseProgram(m_copyProgram);
      // Whole framebuffer pixels, as the cache was drawn on them.
      setPlacementUniforms(m_copyProgram,
                           {std::round(m_placement.x0 * scale.x) / scale.x, std::round(m_placement.y0 * scale.y) / scale.y,
                            1 / scale.x, 1 / scale.y},
                           display.x, display.y);
      glUniform1i(glGetUniformLocation(m_copyProgram, "u_cache"), 0);
      glActiveTexture(GL_TEXTURE0);
      glBindTexture(GL_TEXTURE_2D, m_cacheTexture);
      glBindVertexArray(m_maskVao);
      drawImageQuad(m_copyProgram, 0, 0, cacheW, cacheH);
    } else {
      glUseProgram(m_lineProgram);
      setPlacementUniforms(m_lineProgram, m_placement, display.x, display.y);
      glBindVertexArray(m_lineVao);
      glDrawArrays(GL_LINES, 0, static_cast<GLsizei>(m_segmentVertices));
    }
  }
  glBindVertexArray(0);
}

}  // namespace limn::app
