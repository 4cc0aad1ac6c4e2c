// The annotation panel's segmentation sections: "AI assistance" (which
// models the site serves and what they run on, pre-annotation of this slice
// or of everything open with progress and cancel, proposals to confirm, the
// click-to-segment prompt), the region-grow settings and the grow-cut
// button. Reads the session and calls App commands; no logic of its own.
#include <imgui.h>

#include <cstdio>
#include <string>
#include <vector>

#include "client/app/app.h"

namespace limn::app {
namespace {

void modelLine(const AiModel& m) {
  const char* state = m.ready ? "ready" : (m.error.empty() ? "loading..." : "failed");
  ImGui::BulletText("%s %s (%s): %s", m.card.name.c_str(), m.card.version.c_str(),
                    std::string(infer::modelTaskName(m.card.task)).c_str(), state);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(360);
    ImGui::TextUnformatted(m.card.description.c_str());
    if (!m.card.provenance.empty()) ImGui::TextDisabled("%s", m.card.provenance.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  if (!m.error.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "  %s", m.error.c_str());
}

// Which model of a kind runs, when there is more than one to choose from.
void modelChoice(App& app, bool interactive, const char* title) {
  const AiSession& ai = app.ai();
  std::vector<int> options;
  for (int i = 0; i < static_cast<int>(ai.models.size()); ++i)
    if (ai.models[static_cast<std::size_t>(i)].interactive() == interactive) options.push_back(i);
  if (options.size() < 2) return;
  const AiModel* current = ai.model(interactive ? ai.interactiveModel : ai.preannotateModel);
  const std::string shown = current ? current->key() + (current->local ? " (this computer)" : "") : "none";
  if (!ImGui::BeginCombo(title, shown.c_str())) return;
  for (int i : options) {
    const AiModel& m = ai.models[static_cast<std::size_t>(i)];
    const std::string name = m.key() + (m.local ? " (this computer)" : "");
    if (ImGui::Selectable(name.c_str(), &m == current)) app.aiSelectModel(i);
  }
  ImGui::EndCombo();
}

void preannotation(App& app) {
  const AiSession& ai = app.ai();
  if (ai.queueTotal > 0 && (ai.busy() || ai.queueDone > 0)) {
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "%zu / %zu images, %zu proposals", ai.queueDone, ai.queueTotal,
                  ai.proposalsMade);
    ImGui::ProgressBar(static_cast<float>(ai.queueDone) / static_cast<float>(ai.queueTotal), ImVec2(-1, 0), overlay);
  }
  const bool running = !ai.queue.empty() || ai.busy();
  if (running) {
    if (ImGui::Button("Cancel")) app.aiCancel();
  } else {
    if (ImGui::Button("Pre-annotate this slice")) app.aiPreannotate({PreannotationScope::Kind::kShownSlice, {}});
    ImGui::SameLine();
    if (ImGui::Button("Pre-annotate all open images")) app.aiPreannotate({PreannotationScope::Kind::kOpenImages, {}});
    // The tasks assigned to this person run from the account page (it opens
    // each task for annotation in turn: web/task-queue.js).
    if (ImGui::Button("Pre-annotate my tasks...")) app.requestAccount();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every task assigned to you that waits for annotation (File > Account...).");
  }
  if (ai.cancelled) ImGui::TextDisabled("cancelled: proposals made so far are kept");
  if (ImGui::Button("Confirm all proposals on this slice")) app.aiConfirmProposals(true);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Proposals (orange in the list) count only once a person confirms or corrects them.");
}

void regionGrowSettings(App& app) {
  SegmentSettings& g = app.ai().grow;
  int mode = static_cast<int>(g.mode);
  ImGui::RadioButton("tolerance", &mode, 0);
  ImGui::SameLine();
  ImGui::RadioButton("threshold range (the brush's low..high)", &mode, 1);
  g.mode = static_cast<GrowMode>(mode);
  if (g.mode == GrowMode::kTolerance) {
    float tolerance = static_cast<float>(g.tolerance);
    if (ImGui::SliderFloat("tolerance", &tolerance, 1, 1000, "%.0f", ImGuiSliderFlags_Logarithmic)) g.tolerance = tolerance;
  }
  ImGui::Checkbox("grow through the volume", &g.volume);
  bool diagonal = g.connectivity == segment::Connectivity::kFacesEdgesCorners;
  ImGui::SameLine();
  if (ImGui::Checkbox("diagonals", &diagonal))
    g.connectivity = diagonal ? segment::Connectivity::kFacesEdgesCorners : segment::Connectivity::kFaces;
}

}  // namespace

void drawGrowCutButton(App& app) {
  if (ImGui::Button("Grow-cut from this slice's strokes")) app.growCutSlice();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Paint a brush stroke inside each structure (one label each, or one label and the image\n"
                      "border is background): every pixel takes the label it reaches most easily.");
}

void drawAiSection(App& app) {
  const Tool tool = app.annot().tool;
  if (tool == Tool::kRegionGrow && ImGui::CollapsingHeader("Region grow (S)", ImGuiTreeNodeFlags_DefaultOpen))
    regionGrowSettings(app);
  // The models load the first time this opens (or the click tool is taken).
  if (tool == Tool::kAiClick) ImGui::SetNextItemOpen(true, ImGuiCond_Always);
  if (!ImGui::CollapsingHeader("AI assistance")) return;
  app.aiStart();
  const AiSession& ai = app.ai();
  ImGui::TextDisabled("Runs in this browser: %s", ai.backend.empty() ? "starting..." : ai.backend.c_str());
  if (!ai.backendNote.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ai.backendNote.c_str());
  if (ai.models.empty()) ImGui::TextDisabled(ai.backend.empty() ? "Loading the site's models..." : "The site serves no models.");
  for (const AiModel& m : ai.models) modelLine(m);
  modelChoice(app, false, "Pre-annotation model");
  modelChoice(app, true, "Click-to-segment model");
  if (ImGui::SmallButton("Open a model from this computer...")) app.aiOpenLocalModel();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Pick its card (.json) and its .onnx file together. Nothing is downloaded.");
  if (ai.lastRoundTripMs > 0) ImGui::TextDisabled("last run: %.0f ms (model %.0f ms)", ai.lastRoundTripMs, ai.lastRunMs);
  preannotation(app);
  if (tool == Tool::kAiClick) {
    ImGui::TextWrapped("Click inside an object (Shift+click: not this), or drag a box around it; Enter accepts, Esc clears.");
    if (ai.preview) {
      ImGui::Text("preview: %.0f px, confidence %.2f", static_cast<double>(annot::maskArea(*ai.preview)),
                  ai.previewConfidence);
      if (ImGui::Button("Accept (Enter)")) app.aiAcceptPreview();
      ImGui::SameLine();
      if (ImGui::Button("Clear (Esc)")) app.aiClearPrompt();
    }
  }
  if (!ai.message.empty()) ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "%s", ai.message.c_str());
}

}  // namespace limn::app
