// Draws opaque images without blending. ImGui blends every quad; an image
// covers its pixels completely, and on software GL (SwiftShader) blending a
// full viewport costs milliseconds per frame.
#pragma once

#include <imgui.h>

namespace limn::app {

// Everything added to `dl` between these two calls is drawn with blending off.
void beginOpaqueDraw(ImDrawList* dl);
void endOpaqueDraw(ImDrawList* dl);

// The callback beginOpaqueDraw adds: it changes GL state and draws nothing
// (UiDamage needs to know).
void disableBlending(const ImDrawList*, const ImDrawCmd*);

}  // namespace limn::app
