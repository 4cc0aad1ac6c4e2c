#include "client/app/gl/image_quad.h"

#include <GLES3/gl3.h>

#include "client/app/gl/framebuffer_space.h"

namespace limn::app {

const char* const kImageQuadVertexShader = R"(#version 300 es
uniform vec4 u_rect;  // x, y, width, height in image pixels
uniform vec2 u_origin;
uniform vec2 u_scale;
uniform vec2 u_display;
out vec2 v_pixel;
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  v_pixel = corner * u_rect.zw;
  vec2 s = u_origin + (u_rect.xy + v_pixel) * u_scale;
  gl_Position = vec4(s.x / u_display.x * 2.0 - 1.0, 1.0 - s.y / u_display.y * 2.0, 0.0, 1.0);
})";

void setPlacementUniforms(unsigned program, const ImagePlacement& p, float displayWidth, float displayHeight) {
  glUniform2f(glGetUniformLocation(program, "u_origin"), p.x0, p.y0);
  glUniform2f(glGetUniformLocation(program, "u_scale"), p.sx, p.sy);
  glUniform2f(glGetUniformLocation(program, "u_display"), displayWidth, displayHeight);
}

void drawImageQuad(unsigned program, int x, int y, int width, int height) {
  glUniform4f(glGetUniformLocation(program, "u_rect"), static_cast<float>(x), static_cast<float>(y),
              static_cast<float>(width), static_cast<float>(height));
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

void scissorToCommand(const ImDrawCmd& cmd) {
  const GlRect clip = FramebufferSpace::of(*ImGui::GetDrawData()).scissorOf(cmd.ClipRect);
  glEnable(GL_SCISSOR_TEST);
  glScissor(clip.x, clip.y, clip.width, clip.height);
}

}  // namespace limn::app
