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
        {"R", "the file's window; again: its next one (several windows, VOI LUT tables)"},
        {"A", "auto window from the histogram (MR, X-ray)"},
        {"I", "invert"},
        {"Ctrl+O", "open files (several files make a series)"},
        {"H", "this help"},
        {"", ""},
        {"Annotation tools", "(the left button draws; middle-drag pans)"},
        {"V", "select: click picks, Shift+click adds, drag a handle or the shape; double-click an edge adds a vertex, Ctrl+click a vertex removes it"},
        {"B", "box: drag"},
        {"P", "polygon: click vertices; click the first, double-click or Enter closes; Backspace drops the last"},
        {"D", "freehand contour: drag around the structure"},
        {"W / E", "brush / eraser masks; [ and ] change the size"},
        {"T", "brush paints only inside a value range (HU for CT)"},
        {"Shift+W", "3D brush: a ball across neighbouring slices"},
        {"Shift+F", "fill between slices (the label's masks, interpolated)"},
        {"K", "landmark point"},
        {"L / G", "ruler (mm) / angle (three clicks)"},
        {"Q", "classify the image with the current label (series and study: panel)"},
        {"Tab / Shift+Tab", "next / previous label"},
        {"N / Shift+N", "copy the selection to the next / previous slice"},
        {"X / U", "hide or show / lock or unlock the selection"},
        {"Del, Backspace", "delete the selection"},
        {"Ctrl+A", "select everything on this slice"},
        {"Ctrl+Z / Ctrl+Y", "undo / redo (Ctrl+Shift+Z too)"},
        {"Ctrl+S", "save annotations (.json)"},
        {"Esc", "cancel what is being drawn, else clear the selection"},
    };
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
      for (const auto& row : kRows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row[0]);
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 420);
        ImGui::TextUnformatted(row[1]);
        ImGui::PopTextWrapPos();
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace limn::app
