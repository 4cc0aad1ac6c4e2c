// Bottom bar: what is open, cursor readout (pixel, stored value, modality
// value, mm), window, zoom, and the last error.
#include <imgui.h>

#include <cmath>

#include "client/app/app.h"

namespace limn::app {

void drawStatusBar(App& app, float top, float width, float height) {
  ImGui::SetNextWindowPos(ImVec2(0, top));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("Status", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings);
  const Document& doc = app.document();
  const ViewState& v = app.view();
  if (!doc.lastError.empty()) {
    ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s: %s", doc.lastErrorFile.c_str(), doc.lastError.c_str());
    ImGui::SameLine();
  }
  if (doc.open) {
    const OpenImage& o = *doc.open;
    const dicom::PixelLayout& l = o.image.layout;
    ImGui::Text("%s  %s %ux%u", o.name.c_str(), o.image.modality.c_str(), l.columns, l.rows);
    if (l.frames > 1) {
      ImGui::SameLine();
      ImGui::Text("frame %u/%u", o.frame + 1, l.frames);
    }
    ImGui::SameLine();
    ImGui::Text("| W %.0f L %.0f | zoom %.2fx", v.window.width, v.window.center, v.zoom);
    if (v.cursorInImage && o.values) {
      const std::size_t i = std::size_t(v.cursorY) * o.values->width + std::size_t(v.cursorX);
      const float stored = o.values->values[i];
      ImGui::SameLine();
      ImGui::Text("| (%d, %d) stored %.0f", v.cursorX, v.cursorY, stored);
      if (o.image.modality == "CT") {
        ImGui::SameLine();
        ImGui::Text("%.0f HU", o.lut.apply(stored));
      }
      const auto& d = o.image.display;
      if (d.pixelSpacingRow && d.pixelSpacingColumn) {
        ImGui::SameLine();
        ImGui::Text("| %.1f, %.1f mm", (v.cursorX + 0.5) * *d.pixelSpacingColumn,
                    (v.cursorY + 0.5) * *d.pixelSpacingRow);
      }
    }
  } else if (doc.lastError.empty()) {
    ImGui::TextDisabled("No image open");
  }
  ImGui::End();
}

}  // namespace limn::app
