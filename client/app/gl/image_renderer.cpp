#include "client/app/gl/image_renderer.h"

#include <GLES3/gl3.h>

#include <string>

namespace limn::app {

namespace {

// A full-screen triangle; the fragment shader reads texels directly.
constexpr const char* kVertexShader = R"(#version 300 es
void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
})";

// DICOM PS3.3 C.11.2.1.2.1 linear VOI function on modality values.
constexpr const char* kFragmentShader = R"(#version 300 es
precision highp float;
precision highp sampler2D;
uniform sampler2D u_values;
uniform float u_slope;
uniform float u_intercept;
uniform float u_center;
uniform float u_width;
uniform bool u_invert;
out vec4 o_color;
void main() {
  float stored = texelFetch(u_values, ivec2(gl_FragCoord.xy), 0).r;
  float x = stored * u_slope + u_intercept;
  float c = u_center - 0.5;
  float w = max(u_width - 1.0, 1e-6);
  float y = clamp((x - c) / w + 0.5, 0.0, 1.0);
  if (u_invert) y = 1.0 - y;
  o_color = vec4(y, y, y, 1.0);
})";

unsigned compile(unsigned kind, const char* src, std::string& log) {
  unsigned s = glCreateShader(kind);
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  int ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char buf[1024] = {};
    glGetShaderInfoLog(s, sizeof buf, nullptr, buf);
    log = buf;
    glDeleteShader(s);
    return 0;
  }
  return s;
}

unsigned makeTexture(int w, int h, int internal, unsigned format, unsigned type, const void* data) {
  unsigned t = 0;
  glGenTextures(1, &t);
  glBindTexture(GL_TEXTURE_2D, t);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, internal, w, h, 0, format, type, data);
  return t;
}

}  // namespace

ImageRenderer::~ImageRenderer() {
  release();
  if (m_program) glDeleteProgram(m_program);
  if (m_vao) glDeleteVertexArrays(1, &m_vao);
}

void ImageRenderer::release() {
  if (m_values) glDeleteTextures(1, &m_values);
  if (m_display) glDeleteTextures(1, &m_display);
  if (m_fbo) glDeleteFramebuffers(1, &m_fbo);
  m_values = m_display = m_fbo = 0;
  m_width = m_height = 0;
}

Status ImageRenderer::ensureProgram() {
  if (m_program) return okStatus();
  std::string log;
  unsigned vs = compile(GL_VERTEX_SHADER, kVertexShader, log);
  unsigned fs = vs ? compile(GL_FRAGMENT_SHADER, kFragmentShader, log) : 0;
  if (!vs || !fs) return makeError(ErrorCode::kInternal, "window shader: " + log);
  m_program = glCreateProgram();
  glAttachShader(m_program, vs);
  glAttachShader(m_program, fs);
  glLinkProgram(m_program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  int ok = 0;
  glGetProgramiv(m_program, GL_LINK_STATUS, &ok);
  if (!ok) {
    glDeleteProgram(m_program);
    m_program = 0;
    return makeError(ErrorCode::kInternal, "window shader did not link");
  }
  glGenVertexArrays(1, &m_vao);
  return okStatus();
}

Status ImageRenderer::upload(const OpenImage& open) {
  if (auto s = ensureProgram(); !s) return s;
  release();
  const dicom::PixelLayout& l = open.image.layout;
  int maxSize = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxSize);
  if (static_cast<int>(l.columns) > maxSize || static_cast<int>(l.rows) > maxSize)
    return makeError(ErrorCode::kTooLarge, "image is larger than this GPU's texture limit (" +
                                               std::to_string(maxSize) + ")");
  m_width = static_cast<int>(l.columns);
  m_height = static_cast<int>(l.rows);
  m_dirty = true;
  if (open.values) {
    m_monochrome = true;
    m_lut = open.lut;
    m_values = makeTexture(m_width, m_height, GL_R32F, GL_RED, GL_FLOAT, open.values->values.data());
    m_display = makeTexture(m_width, m_height, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glGenFramebuffers(1, &m_fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, m_fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_display, 0);
    const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (!complete) {
      release();
      return makeError(ErrorCode::kInternal, "cannot render to an RGBA8 texture");
    }
    return okStatus();
  }
  auto rgba = imaging::colourFrameRgba(open.image, open.frame);
  if (!rgba) {
    release();
    return rgba.error();
  }
  m_monochrome = false;
  m_display = makeTexture(m_width, m_height, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, rgba->data());
  return okStatus();
}

void ImageRenderer::render(const imaging::Window& window, bool invert) {
  if (!m_monochrome || !m_fbo) return;
  if (!m_dirty && window.center == m_lastCenter && window.width == m_lastWidth && invert == m_lastInvert) return;
  m_dirty = false;
  m_lastCenter = window.center;
  m_lastWidth = window.width;
  m_lastInvert = invert;
  glBindFramebuffer(GL_FRAMEBUFFER, m_fbo);
  glViewport(0, 0, m_width, m_height);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glUseProgram(m_program);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, m_values);
  glUniform1i(glGetUniformLocation(m_program, "u_values"), 0);
  glUniform1f(glGetUniformLocation(m_program, "u_slope"), static_cast<float>(m_lut.slope));
  glUniform1f(glGetUniformLocation(m_program, "u_intercept"), static_cast<float>(m_lut.intercept));
  glUniform1f(glGetUniformLocation(m_program, "u_center"), static_cast<float>(window.center));
  glUniform1f(glGetUniformLocation(m_program, "u_width"), static_cast<float>(window.width));
  glUniform1i(glGetUniformLocation(m_program, "u_invert"), invert ? 1 : 0);
  glBindVertexArray(m_vao);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace limn::app
