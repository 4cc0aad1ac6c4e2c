// Small WebGL2 helpers shared by the renderers: programs, nearest-sampled
// textures, and uploads of a rectangle of a larger row-major image.
#pragma once

#include <string>

#include "shared/error/result.h"

namespace limn::app {

// Compiles and links a GLSL ES 3.00 program; `what` names it in errors.
Result<unsigned> makeProgram(const char* vertexSource, const char* fragmentSource, const std::string& what);

unsigned makeTexture(int width, int height, int internalFormat, unsigned format, unsigned type);

// Copies the rectangle (x, y, width, height) of a row-major image
// `imageWidth` pixels wide into `texture` at (x - originX, y - originY).
struct SubImage {
  int imageWidth = 0;
  int x = 0, y = 0, width = 0, height = 0;
  int originX = 0, originY = 0;  // the texture's top-left image pixel
};
void uploadSubImage(unsigned texture, const SubImage& r, unsigned format, unsigned type, const void* data);

}  // namespace limn::app
