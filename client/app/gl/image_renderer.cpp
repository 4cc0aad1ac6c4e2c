#include "client/app/gl/image_renderer.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "client/app/gl/gl_util.h"

namespace limn::app {

namespace {

// A VOI LUT table's levels lie in rows of this many texels.
constexpr int kTableRow = 4096;

// DICOM PS3.3 C.11.2.1.1-3 VOI functions on modality values, as
// imaging::applyWindow computes them: 0 LINEAR, 1 LINEAR_EXACT, 2 SIGMOID,
// 3 the file's table (levels already divided by 2^bits - 1), per screen
// pixel as the image quad (image_quad.h) is drawn. One program per function
// (VOI_FUNCTION is defined before this text), without branches: a CPU
// rasteriser (SwiftShader) ran every side of the branch for every pixel,
// and scrolling there was measurably slower for it.
//
// Windowing per screen pixel in the one pass that draws the image, rather
// than into an 8-bit image-sized texture first and then drawing that, saves
// a pass and a render-target switch: on SwiftShader the GPU process spent
// about 7 ms less per frame on a 512x512 slice shown 760x760 (a bare WebGL
// page), and scrolling in the app went from 45-51 to 50-53 fps.
constexpr const char* kWindowFragment = R"(
precision highp float;
precision highp int;
precision highp sampler2D;
uniform sampler2D u_values;
uniform sampler2D u_table;
uniform float u_slope;
uniform float u_intercept;
uniform float u_center;
uniform float u_width;
uniform float u_flip;  // 1: inverted (MONOCHROME1), 0: not
uniform int u_tableFirst;
uniform int u_tableCount;
in vec2 v_pixel;
out vec4 o_color;
void main() {
  // Interpolation can land a hair outside the quad's last pixel.
  float stored = texelFetch(u_values, min(ivec2(v_pixel), textureSize(u_values, 0) - 1), 0).r;
  float x = stored * u_slope + u_intercept;
#if VOI_FUNCTION == 3
  float first = float(u_tableFirst);
  int i = int(round(clamp(x, first, first + float(u_tableCount - 1)))) - u_tableFirst;
  float y = texelFetch(u_table, ivec2(i % 4096, i / 4096), 0).r;
#elif VOI_FUNCTION == 1
  float y = clamp((x - u_center) / u_width + 0.5, 0.0, 1.0);
#elif VOI_FUNCTION == 2
  float y = 1.0 / (1.0 + exp(-4.0 * (x - u_center) / u_width));
#else
  float y = clamp((x - (u_center - 0.5)) / max(u_width - 1.0, 1e-6) + 0.5, 0.0, 1.0);
#endif
  y = abs(u_flip - y);  // y or 1 - y, for y in [0, 1]
  o_color = vec4(y, y, y, 1.0);
})";

// A colour image's pixels as they are.
constexpr const char* kColourFragment = R"(#version 300 es
precision mediump float;
uniform sampler2D u_image;
in vec2 v_pixel;
out vec4 o_color;
void main() { o_color = texelFetch(u_image, min(ivec2(v_pixel), textureSize(u_image, 0) - 1), 0); })";

static_assert(static_cast<int>(imaging::VoiFunction::kLinear) == 0 &&
                  static_cast<int>(imaging::VoiFunction::kLinearExact) == 1 &&
                  static_cast<int>(imaging::VoiFunction::kSigmoid) == 2 &&
                  static_cast<int>(imaging::VoiFunction::kTable) == 3,
              "VOI_FUNCTION numbers the VOI functions as the enum does");

// Copies the tile's part of a row-major image of `imageWidth` pixels.
void uploadTile(unsigned texture, const ImageTile& t, int imageWidth, unsigned format, unsigned type,
                const void* data) {
  uploadSubImage(texture, {imageWidth, t.x, t.y, t.width, t.height, t.x, t.y}, format, type, data);
}

void releaseTile(ImageTile& t) {
  if (t.texture) glDeleteTextures(1, &t.texture);
  t.texture = 0;
}

}  // namespace

ImageRenderer::~ImageRenderer() {
  clear();
  if (m_table) glDeleteTextures(1, &m_table);
  for (unsigned program : m_programs)
    if (program) glDeleteProgram(program);
  if (m_vao) glDeleteVertexArrays(1, &m_vao);
}

void ImageRenderer::clear() {
  for (ImageTile& t : m_tiles) releaseTile(t);
  m_tiles.clear();
  m_width = m_height = 0;
}

void ImageRenderer::setTileLimit(int pixels) {
  if (pixels == m_tileLimit) return;
  m_tileLimit = std::max(0, pixels);
  clear();  // the next upload lays tiles out again
}

Result<unsigned> ImageRenderer::ensureProgram(int which) {
  unsigned& program = m_programs[static_cast<std::size_t>(which)];
  if (program) return program;
  const std::string window = "#version 300 es\n#define VOI_FUNCTION " + std::to_string(which) + "\n" + kWindowFragment;
  const bool colour = which == kColourProgram;
  auto made = makeProgram(kImageQuadVertexShader, colour ? kColourFragment : window.c_str(),
                          colour ? std::string("colour image shader") : "window shader " + std::to_string(which));
  if (!made) return made.error();
  program = *made;
  if (!m_vao) glGenVertexArrays(1, &m_vao);
  return program;
}

Status ImageRenderer::layoutTiles(int width, int height, bool monochrome) {
  if (width == m_width && height == m_height && monochrome == m_monochrome && !m_tiles.empty()) return okStatus();
  clear();
  int maxSize = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxSize);
  const int edge = m_tileLimit > 0 ? std::min(m_tileLimit, maxSize) : maxSize;
  if (edge <= 0) return makeError(ErrorCode::kInternal, "no usable texture size");
  for (int y = 0; y < height; y += edge) {
    for (int x = 0; x < width; x += edge) {
      ImageTile t;
      t.x = x;
      t.y = y;
      t.width = std::min(edge, width - x);
      t.height = std::min(edge, height - y);
      t.texture = monochrome ? makeTexture(t.width, t.height, GL_R32F, GL_RED, GL_FLOAT)
                             : makeTexture(t.width, t.height, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE);
      m_tiles.push_back(t);
    }
  }
  m_width = width;
  m_height = height;
  m_monochrome = monochrome;
  return okStatus();
}

Status ImageRenderer::uploadValues(std::uint32_t width, std::uint32_t height, std::span<const float> values,
                                   const imaging::ModalityLut& lut) {
  if (auto p = ensureProgram(0); !p) return p.error();  // the default window's, compiled before any image
  const int w = static_cast<int>(width), h = static_cast<int>(height);
  if (values.size() != std::size_t(w) * std::size_t(h))
    return makeError(ErrorCode::kInternal, "plane size does not match its values");
  if (auto s = layoutTiles(w, h, true); !s) return s;
  for (const ImageTile& t : m_tiles) uploadTile(t.texture, t, w, GL_RED, GL_FLOAT, values.data());
  m_lut = lut;
  return okStatus();
}

Status ImageRenderer::uploadRgba(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> rgba) {
  if (auto p = ensureProgram(kColourProgram); !p) return p.error();
  const int w = static_cast<int>(width), h = static_cast<int>(height);
  if (rgba.size() != std::size_t(w) * std::size_t(h) * 4)
    return makeError(ErrorCode::kInternal, "colour frame size does not match its pixels");
  if (auto s = layoutTiles(w, h, false); !s) return s;
  for (const ImageTile& t : m_tiles) uploadTile(t.texture, t, w, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  return okStatus();
}

Status ImageRenderer::prepare() {
  auto program = ensureProgram(0);
  if (!program) return program.error();
  // One pixel of a 1x1 image drawn into a 1x1 texture.
  const float value = 0;
  if (auto s = uploadValues(1, 1, std::span<const float>(&value, 1), {}); !s) return s;
  const unsigned target = makeTexture(1, 1, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE);
  unsigned fbo = 0;
  glGenFramebuffers(1, &fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target, 0);
  glViewport(0, 0, 1, 1);
  glUseProgram(*program);
  glUniform1i(glGetUniformLocation(*program, "u_values"), 0);
  glUniform1f(glGetUniformLocation(*program, "u_width"), 1.0f);
  drawTiles(*program, {}, 1, 1);
  glFinish();
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDeleteFramebuffers(1, &fbo);
  glDeleteTextures(1, &target);
  clear();
  return okStatus();
}

void ImageRenderer::uploadTable(const std::shared_ptr<const dicom::VoiTable>& table) {
  if (table == m_lastTable) return;
  m_lastTable = table;
  if (!table || table->entries.empty()) return;
  const int count = static_cast<int>(table->entries.size());
  const int rows = (count + kTableRow - 1) / kTableRow;
  const int width = std::min(count, kTableRow);
  const float top = static_cast<float>((1u << table->bitsPerEntry) - 1);
  std::vector<float> levels(std::size_t(width) * rows, 0.0f);
  for (int i = 0; i < count; ++i) levels[i] = std::min(1.0f, table->entries[i] / top);
  if (m_table) glDeleteTextures(1, &m_table);
  m_table = makeTexture(width, rows, GL_R32F, GL_RED, GL_FLOAT);
  uploadSubImage(m_table, {width, 0, 0, width, rows, 0, 0}, GL_RED, GL_FLOAT, levels.data());
}

void ImageRenderer::setWindow(const imaging::Window& window, bool invert) {
  m_window = window;
  m_invert = invert;
}

void ImageRenderer::draw(ImDrawList* dl, const ImagePlacement& placement) {
  if (m_tiles.empty()) return;
  m_placement = placement;
  dl->AddCallback(&ImageRenderer::drawCallback, this);
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void ImageRenderer::drawCallback(const ImDrawList*, const ImDrawCmd* cmd) {
  static_cast<ImageRenderer*>(cmd->UserCallbackData)->render(cmd);
}

void ImageRenderer::drawTiles(unsigned program, const ImagePlacement& placement, float displayWidth,
                              float displayHeight) {
  setPlacementUniforms(program, placement, displayWidth, displayHeight);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(m_vao);
  for (const ImageTile& t : m_tiles) {
    glBindTexture(GL_TEXTURE_2D, t.texture);
    drawImageQuad(program, t.x, t.y, t.width, t.height);
  }
  glBindVertexArray(0);
}

void ImageRenderer::render(const ImDrawCmd* cmd) {
  const imaging::Window& window = m_window;
  const bool table = window.function == imaging::VoiFunction::kTable && window.table && !window.table->entries.empty();
  // A table window without its table shows as the linear window it spans.
  const int which = !m_monochrome ? kColourProgram
                    : table || window.function != imaging::VoiFunction::kTable ? static_cast<int>(window.function)
                                                                               : 0;
  auto program = ensureProgram(which);
  if (!program) {
    std::fprintf(stderr, "limn: %s\n", program.error().message.c_str());
    return;
  }
  const unsigned p = *program;
  scissorToCommand(*cmd);
  glDisable(GL_BLEND);  // an image covers its pixels; blending them costs milliseconds on software GL
  glUseProgram(p);
  if (m_monochrome) {
    if (table) uploadTable(window.table);
    glUniform1i(glGetUniformLocation(p, "u_values"), 0);
    glUniform1f(glGetUniformLocation(p, "u_slope"), static_cast<float>(m_lut.slope));
    glUniform1f(glGetUniformLocation(p, "u_intercept"), static_cast<float>(m_lut.intercept));
    glUniform1f(glGetUniformLocation(p, "u_center"), static_cast<float>(window.center));
    glUniform1f(glGetUniformLocation(p, "u_width"), static_cast<float>(window.width));
    glUniform1f(glGetUniformLocation(p, "u_flip"), m_invert ? 1.0f : 0.0f);
    if (table) {
      glUniform1i(glGetUniformLocation(p, "u_table"), 1);
      glUniform1i(glGetUniformLocation(p, "u_tableFirst"), window.table->firstMapped);
      glUniform1i(glGetUniformLocation(p, "u_tableCount"), static_cast<int>(window.table->entries.size()));
      glActiveTexture(GL_TEXTURE1);
      glBindTexture(GL_TEXTURE_2D, m_table);
    }
  } else {
    glUniform1i(glGetUniformLocation(p, "u_image"), 0);
  }
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  drawTiles(p, m_placement, display.x, display.y);
}

}  // namespace limn::app
