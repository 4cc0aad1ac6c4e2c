// Quads of image pixels placed on screen where the image lies: the image
// itself and the annotation masks over it are drawn with the same vertex
// shader, so their pixel edges fall on the same screen pixels at any zoom.
#pragma once

#include <imgui.h>

namespace limn::app {

// Where the image lies on screen this frame (display pixels).
struct ImagePlacement {
  float x0 = 0, y0 = 0;  // screen position of image pixel (0, 0)'s corner
  float sx = 1, sy = 1;  // screen pixels per image pixel
};

// GLSL ES 3.00 vertex shader: a triangle strip of 4 vertices covering the
// image pixels u_rect (x, y, width, height), placed by u_origin and
// u_scale on a display u_display pixels large. Its fragments get v_pixel,
// their position in the rectangle in image pixels: texel ivec2(v_pixel)
// of a texture holding that rectangle is the one under them.
extern const char* const kImageQuadVertexShader;

// Sets u_origin, u_scale and u_display of the current program `program`.
void setPlacementUniforms(unsigned program, const ImagePlacement& placement, float displayWidth, float displayHeight);
// Sets u_rect and draws the quad (the program and a vertex array bound).
void drawImageQuad(unsigned program, int x, int y, int width, int height);

// For a drawing callback: keeps what it draws inside its command's clip
// rectangle, exactly the pixels the backend's own commands there would get.
void scissorToCommand(const ImDrawCmd& cmd);

}  // namespace limn::app
