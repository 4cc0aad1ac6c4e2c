// DICOMweb source (File > DICOMweb): search the site's server for studies,
// list a study's series, open one. Reads DicomwebBrowser, calls commands.
#include <imgui.h>

#include <cstdio>

#include "client/app/app.h"

namespace limn::app {

namespace {

void inputText(const char* label, std::string& value, ImGuiInputTextFlags flags = 0) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s", value.c_str());
  if (ImGui::InputText(label, buf, sizeof buf, flags)) value = buf;
}

}  // namespace

void drawDicomwebPanel(App& app) {
  DicomwebBrowser& d = app.dicomweb();
  if (!d.visible) return;
  ImGui::SetNextWindowSize(ImVec2(640, 460), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("DICOMweb", &d.visible, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  inputText("Server", d.url);
  inputText("User", d.username);
  inputText("Password", d.password, ImGuiInputTextFlags_Password);
  inputText("Patient name", d.patientName);
  ImGui::BeginDisabled(d.busy);
  if (ImGui::Button("Search")) app.dicomwebSearch();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (d.busy && d.bytesReceived > 0) ImGui::Text("%s %.1f MB", d.status.c_str(), d.bytesReceived / 1e6);
  else ImGui::TextUnformatted(d.status.c_str());
  if (ImGui::BeginTable("studies", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV,
                        ImVec2(0, 180))) {
    ImGui::TableSetupColumn("Date");
    ImGui::TableSetupColumn("Patient");
    ImGui::TableSetupColumn("Description");
    ImGui::TableSetupColumn("Modalities");
    ImGui::TableSetupColumn("Series");
    ImGui::TableHeadersRow();
    for (int i = 0; i < static_cast<int>(d.studies.size()); ++i) {
      const DicomwebStudy& s = d.studies[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      if (ImGui::Selectable(s.date.c_str(), i == d.selectedStudy, ImGuiSelectableFlags_SpanAllColumns))
        app.dicomwebSelectStudy(i);
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.patient.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.description.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.modalities.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d", s.series);
    }
    ImGui::EndTable();
  }
  if (d.selectedStudy >= 0) {
    ImGui::BeginDisabled(d.busy);
    if (ImGui::Button("De-identify this study here...")) app.dicomwebDeidentifyStudy();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("Retrieves the study into this tab and de-identifies it with the settings of\n"
                        "File > De-identify folder; only the de-identified files can be saved.");
  }
  for (int i = 0; i < static_cast<int>(d.series.size()); ++i) {
    const DicomwebSeries& s = d.series[i];
    ImGui::PushID(1000 + i);
    char label[256];
    std::snprintf(label, sizeof label, "#%d %s %s (%d images)", s.number, s.modality.c_str(), s.description.c_str(),
                  s.instances);
    ImGui::BeginDisabled(d.busy);
    if (ImGui::Button("Open")) app.dicomwebOpenSeries(i);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextUnformatted(label);
    ImGui::PopID();
  }
  ImGui::End();
}

}  // namespace limn::app
