// Left panel: the series of the last load, what is wrong with each (gaps,
// mixed sizes, ...), the files that could not be opened, and the DICOM
// files that hold no image (reports, plans).
#include <imgui.h>

#include "client/app/app.h"

namespace limn::app {

void drawSeriesPanel(App& app, float top, float width, float height) {
  ImGui::SetNextWindowPos(ImVec2(0, top));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("Series", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
  const Document& doc = app.document();
  for (std::size_t i = 0; i < doc.series.size(); ++i) {
    const series::LoadedSeries& s = doc.series[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable(s.label.c_str(), i == doc.active)) app.selectSeries(i);
    for (const series::Issue& issue : s.plan.issues) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(1, 0.75f, 0.3f, 1), "  ! %s", issue.message.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::PopID();
  }
  if (!doc.loadFailures.empty()) {
    ImGui::Separator();
    ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "Not opened (%zu)", doc.loadFailures.size());
    ImGui::PushTextWrapPos(0);
    for (const std::string& f : doc.loadFailures) ImGui::TextUnformatted(f.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!doc.nonImages.empty() && ImGui::CollapsingHeader("Not images")) {
    ImGui::PushTextWrapPos(0);
    for (const std::string& f : doc.nonImages) ImGui::TextDisabled("%s", f.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
}

}  // namespace limn::app
