// Bottom bar: what is open, cursor readout (voxel, stored value, modality
// value, patient position in mm; pixel and RGB for colour images), window,
// zoom, and the last error.
#include <imgui.h>

#include "client/app/app.h"

namespace limn::app {

namespace {

// Colour images and photographs: the pixel and its RGB as shown.
void drawColourReadout(const CursorReadout& c, const series::ColourFrames& colour) {
  const auto x = static_cast<std::uint32_t>(c.voxel[0]), y = static_cast<std::uint32_t>(c.voxel[1]),
             z = static_cast<std::uint32_t>(c.voxel[2]);
  if (x >= colour.width || y >= colour.height || z >= colour.frames.size()) return;
  const std::uint8_t* px = &colour.frames[z][(std::size_t{y} * colour.width + x) * 4];
  ImGui::SameLine();
  ImGui::Text("| (%u, %u) RGB %u %u %u", x, y, px[0], px[1], px[2]);
}

void drawReadout(App& app, const series::LoadedSeries& s) {
  const CursorReadout& c = app.view().cursor;
  if (!c.inImage) return;
  if (!s.volume) {
    if (s.colour) drawColourReadout(c, *s.colour);
    return;
  }
  const imaging::Volume& vol = *s.volume;
  const imaging::VolumeGeometry& g = vol.geometry;
  const auto x = static_cast<std::uint32_t>(c.voxel[0]), y = static_cast<std::uint32_t>(c.voxel[1]),
             z = static_cast<std::uint32_t>(c.voxel[2]);
  if (x >= g.width || y >= g.height || z >= g.depth) return;
  ImGui::SameLine();
  ImGui::Text("| (%u, %u, %u) stored %.0f", x, y, z, vol.storedValue(x, y, z));
  ImGui::SameLine();
  if (s.plan.modality == "CT") ImGui::Text("%.0f HU", vol.modalityValue(x, y, z));
  else ImGui::Text("value %.4g", vol.modalityValue(x, y, z));
  if (g.inPatientSpace && g.pixelSpacingKnown) {
    const imaging::Vec3 mm = vol.patientPosition(x, y, z);
    ImGui::SameLine();
    ImGui::Text("| %.1f, %.1f, %.1f mm", mm[0], mm[1], mm[2]);
  } else if (g.pixelSpacingKnown) {
    ImGui::SameLine();
    ImGui::Text("| %.1f, %.1f mm", (x + 0.5) * g.spacing[0], (y + 0.5) * g.spacing[1]);
  }
  // A projection or ultrasound image's millimetres are not the patient's
  // without a word: at the detector, or corrected by a magnification factor.
  if (g.pixelSpacingKnown && !s.plan.spacingSource.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(mm %s)", s.plan.spacingSource.c_str());
  }
}

}  // namespace

void drawStatusBar(App& app, float top, float width, float height) {
  ImGui::SetNextWindowPos(ImVec2(0, top));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("Status", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings);
  const Document& doc = app.document();
  const ViewState& v = app.view();
  if (!doc.lastError.empty()) {
    if (doc.lastErrorFile.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", doc.lastError.c_str());
    else ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s: %s", doc.lastErrorFile.c_str(), doc.lastError.c_str());
    ImGui::SameLine();
  }
  if (const series::LoadedSeries* s = doc.current()) {
    ImGui::TextUnformatted(s->label.c_str());
    ImGui::SameLine();
    ImGui::Text("| %u/%u", app.sliceIndex(v.activeViewport) + 1, app.sliceCount(v.activeViewport));
    if (s->volume) {
      ImGui::SameLine();
      if (v.window.function == imaging::VoiFunction::kTable) {
        ImGui::Text("| VOI LUT: %s", v.window.label.c_str());
      } else {
        ImGui::Text("| W %.0f L %.0f%s%s%s", v.window.width, v.window.center,
                    v.window.function == imaging::VoiFunction::kSigmoid       ? " sigmoid"
                    : v.window.function == imaging::VoiFunction::kLinearExact ? " linear exact"
                                                                              : "",
                    v.window.label.empty() ? "" : " ", v.window.label.c_str());
      }
    }
    ImGui::SameLine();
    ImGui::Text("| zoom %.2fx", v.viewports[v.activeViewport].zoom);
    drawReadout(app, *s);
  } else if (doc.lastError.empty()) {
    ImGui::TextDisabled("No image open");
  }
  ImGui::End();
}

}  // namespace limn::app
