#include "client/app/gl/gl_util.h"

#include <GLES3/gl3.h>

namespace limn::app {

namespace {

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

}  // namespace

Result<unsigned> makeProgram(const char* vertexSource, const char* fragmentSource, const std::string& what) {
  std::string log;
  const unsigned vs = compile(GL_VERTEX_SHADER, vertexSource, log);
  const unsigned fs = vs ? compile(GL_FRAGMENT_SHADER, fragmentSource, log) : 0;
  if (!vs || !fs) {
    if (vs) glDeleteShader(vs);
    return makeError(ErrorCode::kInternal, what + ": " + log);
  }
  const unsigned program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  int ok = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    glDeleteProgram(program);
    return makeError(ErrorCode::kInternal, what + " did not link");
  }
  return program;
}

unsigned makeTexture(int w, int h, int internal, unsigned format, unsigned type) {
  unsigned t = 0;
  glGenTextures(1, &t);
  glBindTexture(GL_TEXTURE_2D, t);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexImage2D(GL_TEXTURE_2D, 0, internal, w, h, 0, format, type, nullptr);
  return t;
}

void uploadSubImage(unsigned texture, const SubImage& r, unsigned format, unsigned type, const void* data) {
  glBindTexture(GL_TEXTURE_2D, texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, r.imageWidth);
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, r.x);
  glPixelStorei(GL_UNPACK_SKIP_ROWS, r.y);
  glTexSubImage2D(GL_TEXTURE_2D, 0, r.x - r.originX, r.y - r.originY, r.width, r.height, format, type, data);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
  glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
}

}  // namespace limn::app
