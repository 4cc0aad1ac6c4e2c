#include "client/app/gl/image_renderer.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "client/app/gl/gl_util.h"

namespace limn::app {

namespace {

// A full-screen triangle; the fragment shader reads texels directly.
constexpr const char* kVertexShader = R"(#version 300 es
void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
})";

// A VOI LUT table's levels lie in rows of this many texels.
constexpr int kTableRow = 4096;

// DICOM PS3.3 C.11.2.1.1-3 VOI functions on modality values, as
// imaging::applyWindow computes them: 0 LINEAR, 1 LINEAR_EXACT, 2 SIGMOID,
// 3 the file's table (levels already divided by 2^bits - 1). One program
// per function (VOI_FUNCTION is defined before this text), without
// branches: a CPU rasteriser (SwiftShader) ran every side of the branch for
// every pixel, and scrolling there was measurably slower for it.
constexpr const char* kFragmentShader = R"(
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
out vec4 o_color;
void main() {
  float stored = texelFetch(u_values, ivec2(gl_FragCoord.xy), 0).r;
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
  if (t.values) glDeleteTextures(1, &t.values);
  if (t.display) glDeleteTextures(1, &t.display);
  if (t.fbo) glDeleteFramebuffers(1, &t.fbo);
  t.values = t.display = t.fbo = 0;
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

Result<unsigned> ImageRenderer::ensureProgram(int function) {
  unsigned& program = m_programs[static_cast<std::size_t>(function)];
  if (program) return program;
  const std::string source = "#version 300 es\n#define VOI_FUNCTION " + std::to_string(function) + "\n" + kFragmentShader;
  auto made = makeProgram(kVertexShader, source.c_str(), "window shader " + std::to_string(function));
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
      t.display = makeTexture(t.width, t.height, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE);
      if (monochrome) {
        t.values = makeTexture(t.width, t.height, GL_R32F, GL_RED, GL_FLOAT);
        glGenFramebuffers(1, &t.fbo);
        glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.display, 0);
        const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        if (!complete) {
          releaseTile(t);
          clear();
          return makeError(ErrorCode::kInternal, "cannot render to an RGBA8 texture");
        }
      }
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
  for (const ImageTile& t : m_tiles) uploadTile(t.values, t, w, GL_RED, GL_FLOAT, values.data());
  m_lut = lut;
  m_dirty = true;
  return okStatus();
}

Status ImageRenderer::uploadRgba(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> rgba) {
  const int w = static_cast<int>(width), h = static_cast<int>(height);
  if (rgba.size() != std::size_t(w) * std::size_t(h) * 4)
    return makeError(ErrorCode::kInternal, "colour frame size does not match its pixels");
  if (auto s = layoutTiles(w, h, false); !s) return s;
  for (const ImageTile& t : m_tiles) uploadTile(t.display, t, w, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  return okStatus();
}

Status ImageRenderer::prepare() {
  const float value = 0;
  if (auto s = uploadValues(1, 1, std::span<const float>(&value, 1), {}); !s) return s;
  render({0, 1}, false);
  glFinish();
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

void ImageRenderer::render(const imaging::Window& window, bool invert) {
  if (!m_monochrome || m_tiles.empty()) return;
  const bool table = window.function == imaging::VoiFunction::kTable && window.table && !window.table->entries.empty();
  if (!m_dirty && window.center == m_lastCenter && window.width == m_lastWidth &&
      window.function == m_lastFunction && invert == m_lastInvert && (!table || window.table == m_lastTable))
    return;
  m_dirty = false;
  m_lastCenter = window.center;
  m_lastWidth = window.width;
  m_lastFunction = window.function;
  m_lastInvert = invert;
  if (table) uploadTable(window.table);
  // A table window without its table shows as the linear window it spans.
  const int function = table || window.function != imaging::VoiFunction::kTable ? static_cast<int>(window.function) : 0;
  auto program = ensureProgram(function);
  if (!program) {
    std::fprintf(stderr, "limn: %s\n", program.error().message.c_str());
    return;
  }
  const unsigned p = *program;
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glUseProgram(p);
  glActiveTexture(GL_TEXTURE0);
  glUniform1i(glGetUniformLocation(p, "u_values"), 0);
  glUniform1f(glGetUniformLocation(p, "u_slope"), static_cast<float>(m_lut.slope));
  glUniform1f(glGetUniformLocation(p, "u_intercept"), static_cast<float>(m_lut.intercept));
  glUniform1f(glGetUniformLocation(p, "u_center"), static_cast<float>(window.center));
  glUniform1f(glGetUniformLocation(p, "u_width"), static_cast<float>(window.width));
  glUniform1f(glGetUniformLocation(p, "u_flip"), invert ? 1.0f : 0.0f);
  if (table) {
    glUniform1i(glGetUniformLocation(p, "u_table"), 1);
    glUniform1i(glGetUniformLocation(p, "u_tableFirst"), window.table->firstMapped);
    glUniform1i(glGetUniformLocation(p, "u_tableCount"), static_cast<int>(window.table->entries.size()));
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, m_table);
    glActiveTexture(GL_TEXTURE0);
  }
  glBindVertexArray(m_vao);
  for (const ImageTile& t : m_tiles) {
    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
    glViewport(0, 0, t.width, t.height);
    glBindTexture(GL_TEXTURE_2D, t.values);
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }
  glBindVertexArray(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace limn::app
