// Keyboard and mouse reference (H).
#include <imgui.h>

#include "client/app/app.h"

namespace limn::app {

void drawHelpOverlay(App& app) {
  if (!app.view().showHelp) return;
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::Begin("Keyboard and mouse", &app.view().showHelp,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
    static constexpr const char* kRows[][2] = {
        {"Right-drag", "window (horizontal) / level (vertical)"},
        {"Wheel", "zoom about the cursor"},
        {"Shift+wheel, Up/Down, PgUp/PgDn", "previous / next slice or frame"},
        {"Home / End", "first / last slice"},
        {"Left- or middle-drag", "pan"},
        {"Left click", "move the crosshair (links the MPR views)"},
        {"M", "MPR: axial, coronal and sagittal views"},
        {"C", "show / hide the crosshair"},
        {"Double-click, F", "fit to view"},
        {"1", "actual pixels (1:1)"},
        {"2..6", "CT presets: lung, mediastinum, bone, brain, abdomen"},
        {"R", "reset window to the file's"},
        {"A", "auto window from the histogram (MR, X-ray)"},
        {"I", "invert"},
        {"Ctrl+O", "open files (several files make a series)"},
        {"H", "this help"},
    };
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
      for (const auto& row : kRows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row[0]);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row[1]);
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace limn::app
