// De-identification (File > De-identify folder): settings, progress, and the
// summary a person confirms before anything is saved. Reads DeidSession,
// calls App commands; the work runs in the page's workers.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "client/app/app.h"

namespace limn::app {

namespace {

const ImVec4 kWarning(1.0f, 0.7f, 0.2f, 1.0f);
const ImVec4 kGood(0.5f, 0.9f, 0.5f, 1.0f);

void drawSettings(App& app, DeidSession& d) {
  ImGui::TextWrapped("Files are de-identified here, in this browser tab. Nothing is uploaded.");
  int profile = d.profile == deid::DeidProfile::kSafeHarbor ? 0 : 1;
  ImGui::RadioButton("HIPAA Safe Harbor (on top of the Basic Profile)", &profile, 0);
  ImGui::RadioButton("DICOM PS3.15 Basic Profile", &profile, 1);
  d.profile = profile == 0 ? deid::DeidProfile::kSafeHarbor : deid::DeidProfile::kBasic;
  if (ImGui::TreeNode("Options (PS3.15 Table E.1-1)")) {
    const deid::ProfileOptions implied =
        d.profile == deid::DeidProfile::kSafeHarbor ? deid::safeHarborOptions() : deid::ProfileOptions{};
    for (std::size_t i = 0; i < deid::kProfileOptionCount; ++i) {
      const bool byProfile = implied.test(i);
      bool on = d.options[i] || byProfile;
      ImGui::BeginDisabled(byProfile);
      if (ImGui::Checkbox(std::string(deid::optionTitle(static_cast<deid::ProfileOption>(i))).c_str(), &on))
        d.options[i] = on;
      ImGui::EndDisabled();
    }
    ImGui::TreePop();
  }
  char secret[256];
  std::snprintf(secret, sizeof secret, "%s", d.secret.c_str());
  if (ImGui::InputText("Project secret", secret, sizeof secret, ImGuiInputTextFlags_Password)) d.secret = secret;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The same secret gives the same pseudonyms (UIDs, patient IDs, date shifts) in every run\n"
                      "and on every machine of the project. Empty: pseudonyms for this run only.");
  ImGui::InputInt("Warn below k", &d.minK);
  d.minK = std::clamp(d.minK, 1, 1000);
  if (ImGui::Button("Choose folder...")) app.deidChooseFolder();
}

void drawProgress(const DeidSession& d) {
  const float done = d.total ? static_cast<float>(d.reports.size()) / d.total : 0.0f;
  char label[64];
  std::snprintf(label, sizeof label, "%zu / %zu files", d.reports.size(), d.total);
  ImGui::ProgressBar(done, ImVec2(-1, 0), label);
  ImGui::TextUnformatted("De-identifying in this browser; nothing leaves it.");
}

// Patients per combination of quasi-identifiers, drawn: the smallest bar is k.
void drawGroupSizes(const deid::KAnonymity& k) {
  if (k.groupSizes.empty()) return;
  const std::vector<float> sizes(k.groupSizes.begin(), k.groupSizes.end());
  ImGui::PlotHistogram("##groups", sizes.data(), static_cast<int>(sizes.size()), 0, "patients per group, smallest first",
                       0.0f, sizes.back() + 1, ImVec2(ImGui::GetContentRegionAvail().x, 70));
}

void drawReview(App& app, DeidSession& d) {
  using deid::FileStatus;
  const std::size_t ok = d.count(FileStatus::kDeidentified), refused = d.count(FileStatus::kRefused),
                    unreadable = d.count(FileStatus::kUnreadable);
  ImGui::Text("%zu files: %zu de-identified, %zu refused, %zu unreadable", d.reports.size(), ok, refused, unreadable);
  std::size_t changes = 0, textMatches = 0, redacted = 0;
  for (const deid::FileReport& r : d.reports) {
    changes += r.changes.size();
    textMatches += r.freeTextMatches;
    redacted += !r.redacted.empty();
  }
  ImGui::Text("%zu attributes changed, %zu identifiers removed from kept text, %zu images redacted", changes,
              textMatches, redacted);
  const deid::KAnonymity k = deid::kAnonymity(d.reports, static_cast<std::uint32_t>(d.minK));
  if (k.patients) {
    ImGui::TextColored(k.belowThreshold ? kWarning : kGood, "k-anonymity %zu over %zu patients in %zu groups%s", k.k,
                       k.patients, k.groups, k.belowThreshold ? " (below the project's threshold)" : "");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Quasi-identifiers left in the output: age group, sex, ZIP3, modality, year.");
    drawGroupSizes(k);
  }
  if (refused + unreadable > 0 &&
      ImGui::BeginTable("problems", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV,
                        ImVec2(0, 140))) {
    ImGui::TableSetupColumn("File");
    ImGui::TableSetupColumn("Why");
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    int row = 0;
    for (const deid::FileReport& r : d.reports) {
      if (r.status == FileStatus::kDeidentified) continue;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.input.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", r.reason.c_str());
      ImGui::TableNextColumn();
      ImGui::PushID(row++);
      if (r.burnedInRisk && ImGui::SmallButton("View")) app.deidPreview(r.input);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show it here (nothing leaves the tab) and drag a box over its text");
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (refused > 0) {
    ImGui::Separator();
    ImGui::TextUnformatted("Images that may show identifiers");
    const RedactionDraft& draft = app.view().redaction;
    if (!d.previewInput.empty()) {
      ImGui::Text("Shown: %s", d.previewInput.c_str());
      if (draft.valid) ImGui::Text("Box x %d, y %d, %d x %d pixels", draft.box[0], draft.box[1], draft.box[2], draft.box[3]);
      ImGui::BeginDisabled(!draft.valid);
      if (ImGui::Button("Redact this box in images of this device and size")) app.deidAddTemplate();
      ImGui::EndDisabled();
    }
    for (const deid::RedactionTemplate& t : d.templates)
      ImGui::BulletText("%s %s, %u x %u: %zu box(es)", t.manufacturer.c_str(), t.model.c_str(), t.columns, t.rows,
                        t.boxes.size());
    ImGui::Checkbox("Blank a region in each of them", &d.redactBox);
    if (d.redactBox) ImGui::InputInt4("x, y, width, height (pixels)", d.box.data());
    ImGui::Checkbox("I reviewed them: no identifiers in the pixels", &d.releaseReviewed);
    ImGui::BeginDisabled(!d.redactBox && !d.releaseReviewed && d.templates.empty());
    if (ImGui::Button("Apply to the refused files")) app.deidRerunRefused();
    ImGui::EndDisabled();
  }
  ImGui::Separator();
  ImGui::BeginDisabled(ok == 0);
  if (ImGui::Button("Save de-identified files (.zip)")) app.deidSave();
  ImGui::SameLine();
  if (ImGui::Button("Open in viewer")) app.deidOpenInViewer();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Discard")) app.deidDiscard();
}

}  // namespace

void drawDeidPanel(App& app) {
  DeidSession& d = app.deid();
  if (d.phase == DeidPhase::kClosed) return;
  ImGui::SetNextWindowSize(ImVec2(620, 520), ImGuiCond_FirstUseEver);
  bool open = true;
  if (!ImGui::Begin("De-identify", &open, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  switch (d.phase) {
    case DeidPhase::kSetup: drawSettings(app, d); break;
    case DeidPhase::kRunning: drawProgress(d); break;
    case DeidPhase::kReview: drawReview(app, d); break;
    case DeidPhase::kClosed: break;
  }
  if (!d.status.empty()) ImGui::TextWrapped("%s", d.status.c_str());
  ImGui::End();
  if (!open && d.phase != DeidPhase::kRunning) {
    app.deidDiscard();
    d.phase = DeidPhase::kClosed;
  }
}

}  // namespace limn::app
