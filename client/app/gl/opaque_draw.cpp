#include "client/app/gl/opaque_draw.h"

#include <GLES3/gl3.h>

namespace limn::app {

void disableBlending(const ImDrawList*, const ImDrawCmd*) { glDisable(GL_BLEND); }

void beginOpaqueDraw(ImDrawList* dl) { dl->AddCallback(&disableBlending, nullptr); }

void endOpaqueDraw(ImDrawList* dl) {
  // The OpenGL backend restores its own state (blending on) for what follows.
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

}  // namespace limn::app
