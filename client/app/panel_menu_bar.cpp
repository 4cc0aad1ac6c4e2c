// Main menu: file, view and help commands.
#include <imgui.h>

#include "client/app/app.h"
#include "client/app/keys.h"
#include "client/core/imaging/window_presets.h"

namespace limn::app {

void drawMenuBar(App& app) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && charKeyPressed('O')) app.requestOpenFile();
  if (charKeyPressed('H') && !io.WantTextInput) app.view().showHelp = !app.view().showHelp;
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open...", "Ctrl+O")) app.requestOpenFile();
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View", app.document().open.has_value())) {
    if (ImGui::MenuItem("Fit", "F")) app.requestFit();
    if (ImGui::MenuItem("Actual pixels (1:1)", "1")) {
      app.view().zoom = 1;
      app.view().panX = app.view().panY = 0;
    }
    ImGui::MenuItem("Invert", "I", &app.view().invert);
    if (ImGui::MenuItem("Reset window", "R")) app.resetWindow();
    ImGui::Separator();
    char key[2] = {'2', 0};
    for (const imaging::WindowPreset& p : imaging::ctWindowPresets()) {
      if (ImGui::MenuItem(std::string(p.name).c_str(), key)) app.setWindow(p.window);
      ++key[0];
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::MenuItem("Keyboard and mouse", "H", &app.view().showHelp);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace limn::app
