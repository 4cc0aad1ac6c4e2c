// Draws opaque images without blending. ImGui blends every quad; an image
// covers its pixels completely, and on software GL (SwiftShader) blending a
// full viewport costs milliseconds per frame.
#pragma once

#include <imgui.h>

namespace limn::app {

// Everything added to `dl` between these two calls is drawn with blending off.
void beginOpaqueDraw(ImDrawList* dl);
void endOpaqueDraw(ImDrawList* dl);

}  // namespace limn::app
