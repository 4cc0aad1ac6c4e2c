// Keyboard helpers. Dear ImGui 1.86 has no named letter keys: it passes the
// platform backend's key codes through, and GLFW (our only backend) numbers
// letters and digits by their upper-case ASCII code.
#pragma once

#include <imgui.h>

namespace limn::app {

inline bool charKeyPressed(char upperCaseOrDigit) {
  return ImGui::IsKeyPressed(static_cast<int>(upperCaseOrDigit));
}

inline bool namedKeyPressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); }

}  // namespace limn::app
