// Main menu: file, view and help commands.
#include <imgui.h>

#include "client/app/app.h"
#include "client/app/keys.h"
#include "client/core/imaging/window_presets.h"

namespace limn::app {

namespace {

// The file's own views (several windows, VOI LUT tables) by name.
void drawFileWindows(App& app) {
  const series::LoadedSeries* s = app.document().current();
  if (!s || !s->volume) return;
  const std::vector<imaging::Window> own = imaging::fileWindows(s->display);
  if (own.size() < 2) return;
  if (!ImGui::BeginMenu("File's windows")) return;
  for (const imaging::Window& w : own) {
    if (ImGui::MenuItem(w.label.c_str(), nullptr, imaging::showsFileView(app.view().window, w))) app.setWindow(w);
  }
  ImGui::EndMenu();
}

}  // namespace

void drawMenuBar(App& app) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && charKeyPressed('O')) app.requestOpenFile();
  if (charKeyPressed('H') && !io.WantTextInput) app.view().showHelp = !app.view().showHelp;
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open files...", "Ctrl+O")) app.requestOpenFile();
    if (ImGui::MenuItem("Open folder...")) app.requestOpenFolder();
    ImGui::MenuItem("DICOMweb server...", nullptr, &app.dicomweb().visible);
    ImGui::Separator();
    if (ImGui::MenuItem("Open annotations...")) app.requestOpenText("annotations");
    if (ImGui::MenuItem("Save annotations", "Ctrl+S")) app.saveAnnotations();
    if (ImGui::BeginMenu("Export annotations")) {
      if (ImGui::MenuItem("COCO (.zip)")) app.exportAnnotations(exporting::Format::kCoco);
      if (ImGui::MenuItem("YOLO (.zip)")) app.exportAnnotations(exporting::Format::kYolo);
      if (ImGui::MenuItem("Pascal VOC (.zip)")) app.exportAnnotations(exporting::Format::kVoc);
      ImGui::TextDisabled("DICOM SEG, NIfTI: limn export");
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem("Open label schema...")) app.requestOpenText("schema");
    ImGui::Separator();
    if (ImGui::MenuItem("De-identify folder...")) app.deidOpen();
    ImGui::Separator();
    if (ImGui::MenuItem("Account...")) app.requestAccount();
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Annotate", app.document().current() != nullptr)) {
    for (const ToolInfo& t : toolTable())
      if (ImGui::MenuItem(t.name, t.key, app.annot().tool == t.tool)) app.setTool(t.tool);
    ImGui::Separator();
    if (ImGui::MenuItem("Undo", "Ctrl+Z")) app.undo();
    if (ImGui::MenuItem("Redo", "Ctrl+Y")) app.redo();
    if (ImGui::MenuItem("Select all on this slice", "Ctrl+A")) app.selectAllOnSlice();
    if (ImGui::MenuItem("Copy selection to the next slice", "N")) app.copySelectionToSlice(1);
    if (ImGui::MenuItem("Copy selection to the previous slice", "Shift+N")) app.copySelectionToSlice(-1);
    if (ImGui::MenuItem("Fill between slices", "Shift+F")) app.fillBetweenSlices();
    if (ImGui::MenuItem("Hide / show selection", "X")) app.toggleHiddenSelected();
    if (ImGui::MenuItem("Lock / unlock selection", "U")) app.toggleLockedSelected();
    if (ImGui::MenuItem("Delete selection", "Del")) app.deleteSelected();
    ImGui::Separator();
    ImGui::MenuItem("Annotation panel", nullptr, &app.view().showAnnotations);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View", app.document().current() != nullptr)) {
    const std::string noMpr = app.mprUnavailableReason();
    if (ImGui::MenuItem("MPR: axial, coronal, sagittal", "M", app.view().layout == Layout::kMpr, noMpr.empty()))
      app.setLayout(app.view().layout == Layout::kMpr ? Layout::kSingle : Layout::kMpr);
    if (!noMpr.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", noMpr.c_str());
    ImGui::MenuItem("Crosshair", "C", &app.view().showCrosshair);
    ImGui::Separator();
    if (ImGui::MenuItem("Fit", "F")) app.requestFit();
    if (ImGui::MenuItem("Actual pixels (1:1)", "1")) app.setActualPixels(app.view().activeViewport);
    ImGui::MenuItem("Invert", "I", &app.view().invert);
    if (ImGui::MenuItem("File's window (again: next)", "R")) app.resetWindow();
    drawFileWindows(app);
    if (ImGui::MenuItem("Auto window (histogram)", "A")) app.autoWindow();
    ImGui::Separator();
    char key[2] = {'2', 0};
    const series::LoadedSeries* shown = app.document().current();
    for (const imaging::WindowPreset& p : imaging::ctWindowPresets()) {
      const bool fits = shown && shown->plan.modality == p.modality;  // HU presets: CT only
      if (ImGui::MenuItem(std::string(p.name).c_str(), key, false, fits)) app.setWindow(p.window);
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
