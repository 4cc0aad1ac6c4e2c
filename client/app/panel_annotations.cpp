// Right panel: the tools, the label in hand with its guideline text, the
// brush settings, the classification form, the selected annotation's
// attributes and comments, and the list of annotations with filters.
// Reads the session and calls App commands; no logic of its own.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "client/app/app.h"
#include "client/core/annot/annotation_filter.h"
#include "client/core/annot/measure.h"

namespace limn::app {

namespace {

constexpr const char* kTiers[] = {"basic", "critical", "rare"};
constexpr const char* kStatuses[] = {"draft", "submitted", "accepted", "returned"};

ImVec4 toVec4(std::uint32_t c) { return ImGui::ColorConvertU32ToFloat4(c); }

std::string toolLabel(const ToolInfo& t) { return std::string(t.name) + " (" + t.key + ")"; }

// The width of the palette's widest radio button.
float toolButtonWidth() {
  float widest = 0;
  for (const ToolInfo& t : toolTable()) widest = std::max(widest, ImGui::CalcTextSize(toolLabel(t).c_str()).x);
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + widest;
}

// Two columns where the panel is wide enough for every name whole, else one.
void toolPalette(App& app) {
  AnnotSession& s = app.annot();
  const float column = toolButtonWidth() + ImGui::GetStyle().ItemSpacing.x;
  const bool twoColumns = ImGui::GetContentRegionAvail().x >= 2 * column - ImGui::GetStyle().ItemSpacing.x;
  int index = 0;
  for (const ToolInfo& t : toolTable()) {
    if (twoColumns && index++ % 2) ImGui::SameLine(ImGui::GetStyle().WindowPadding.x + column);
    if (ImGui::RadioButton(toolLabel(t).c_str(), s.tool == t.tool)) app.setTool(t.tool);
  }
}

// On the same line as the previous item when `label`'s button still fits
// there, else on the next: a row of buttons that never runs out of the panel.
bool smallButtonInRow(const char* label) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::CalcTextSize(label, nullptr, true).x + 2 * style.FramePadding.x;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right) ImGui::SameLine();
  return ImGui::SmallButton(label);
}

void labelPicker(App& app) {
  AnnotSession& s = app.annot();
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Schema: %s (guideline %s)", s.schemaName.c_str(), s.schema.guidelineVersion.c_str());
  ImGui::PopTextWrapPos();
  for (const annot::LabelDefinition& d : s.schema.labels) {
    ImGui::PushID(d.id.c_str());
    ImGui::ColorButton("##c", toVec4(labelColour(d, 255)), ImGuiColorEditFlags_NoTooltip, ImVec2(12, 12));
    ImGui::SameLine();
    if (ImGui::Selectable(d.name.c_str(), s.label == d.id)) app.setLabel(d.id);
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(320);
      ImGui::TextUnformatted(d.definition.c_str());
      if (!d.examples.empty()) ImGui::TextDisabled("%s", d.examples.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    ImGui::PopID();
  }
  if (const annot::LabelDefinition* d = s.currentLabel()) {
    std::string shapes;
    for (annot::ShapeKind k : d->shapes) shapes += (shapes.empty() ? "" : ", ") + std::string(annot::shapeKindName(k));
    ImGui::TextDisabled("%s tier", kTiers[static_cast<int>(d->tier)]);
    if (d->targetAccuracy > 0) {
      ImGui::SameLine();
      ImGui::TextDisabled("target %.2f", d->targetAccuracy);
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("shapes: %s", shapes.c_str());
    ImGui::PopTextWrapPos();
  }
}

void brushSettings(App& app) {
  BrushSettings& b = app.annot().brush;
  float radius = static_cast<float>(b.radius);
  if (ImGui::SliderFloat("radius (px)", &radius, 0.5f, 200.0f, "%.1f", ImGuiSliderFlags_Logarithmic)) b.radius = radius;
  ImGui::Checkbox("3D ball across slices (Shift+W)", &b.sphere);
  ImGui::Checkbox("only inside values (T)", &b.gated);
  if (b.gated) {
    ImGui::SetNextItemWidth(90);
    ImGui::InputDouble("low", &b.low, 0, 0, "%.0f");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90);
    ImGui::InputDouble("high", &b.high, 0, 0, "%.0f");
  }
  if (ImGui::Button("Fill between slices (Shift+F)")) app.fillBetweenSlices();
  drawGrowCutButton(app);
}

// The attribute form of a label: combo for enums, checkbox, text, number.
bool attributeForm(const annot::LabelDefinition& d, std::map<std::string, std::string>& values) {
  bool changed = false;
  for (const annot::LabelAttribute& attr : d.attributes) {
    ImGui::PushID(attr.name.c_str());
    std::string& v = values[attr.name];
    const bool missing = attr.required && v.empty();
    if (missing) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.5f, 0.4f, 1));
    const std::string title = attr.name + (attr.required ? " *" : "");
    if (attr.type == "enum") {
      if (ImGui::BeginCombo(title.c_str(), v.empty() ? "-" : v.c_str())) {
        for (const std::string& o : attr.options)
          if (ImGui::Selectable(o.c_str(), v == o)) {
            v = o;
            changed = true;
          }
        ImGui::EndCombo();
      }
    } else if (attr.type == "bool") {
      bool b = v == "true";
      if (ImGui::Checkbox(title.c_str(), &b)) {
        v = b ? "true" : "false";
        changed = true;
      }
    } else {
      char buf[128] = {};
      std::snprintf(buf, sizeof buf, "%s", v.c_str());
      if (ImGui::InputText(title.c_str(), buf, sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue)) {
        v = buf;
        changed = true;
      }
    }
    if (missing) ImGui::PopStyleColor();
    if (v.empty()) values.erase(attr.name);
    ImGui::PopID();
  }
  return changed;
}

void classificationForm(App& app) {
  AnnotSession& s = app.annot();
  const annot::LabelDefinition* d = s.currentLabel();
  if (!d || std::find(d->shapes.begin(), d->shapes.end(), annot::ShapeKind::kClassification) == d->shapes.end()) {
    ImGui::TextDisabled("Pick a classification label to classify.");
    return;
  }
  static std::map<std::string, std::string> pending;  // the form's values until a button is pressed
  attributeForm(*d, pending);
  if (ImGui::Button("Image (Q)")) app.classify(annot::Level::kImage, pending);
  ImGui::SameLine();
  if (ImGui::Button("Series")) app.classify(annot::Level::kSeries, pending);
  ImGui::SameLine();
  if (ImGui::Button("Study")) app.classify(annot::Level::kStudy, pending);
}

void selectedDetails(App& app) {
  AnnotSession& s = app.annot();
  if (s.selected.size() != 1) {
    if (!s.selected.empty()) ImGui::Text("%zu selected", s.selected.size());
    return;
  }
  const annot::Annotation* a = s.find(*s.selected.begin());
  if (!a) return;
  ImGui::Text("%s  %s", std::string(annot::shapeKindName(annot::kindOf(a->shape))).c_str(), a->id.c_str());
  ImGui::TextDisabled("by %s, %s, guideline %s", a->author.c_str(), a->source.c_str(), a->guidelineVersion.c_str());
  if (a->source != "human") ImGui::TextDisabled("confidence %.2f", a->confidence);
  const auto spacing = app.annotationSpacing().value_or(annot::PixelSpacingMm{});
  const char* unit = app.annotationSpacing() ? "mm" : "px";
  if (const auto* poly = std::get_if<annot::Polygon>(&a->shape))
    ImGui::TextDisabled("area %.1f %s2, %zu vertices", annot::areaMm2(*poly, spacing), unit, poly->vertices.size());
  if (const auto* m = std::get_if<annot::Mask>(&a->shape))
    ImGui::TextDisabled("area %.1f %s2 (%llu px)", annot::areaMm2(*m, spacing), unit,
                        static_cast<unsigned long long>(annot::maskArea(*m)));
  // Label (only those allowing this shape).
  if (ImGui::BeginCombo("label", a->label.c_str())) {
    for (const annot::LabelDefinition& d : s.schema.labels)
      if (std::find(d.shapes.begin(), d.shapes.end(), annot::kindOf(a->shape)) != d.shapes.end() &&
          ImGui::Selectable(d.name.c_str(), d.id == a->label))
        app.setAnnotationLabel(a->id, d.id);
    ImGui::EndCombo();
  }
  if (annot::awaitsConfirmation(*a)) {
    // A model's proposal does not count until a person confirms or corrects it.
    ImGui::TextColored(ImVec4(1, 0.75f, 0.3f, 1), "Proposed by %s (confidence %.2f)", a->source.c_str() + 6,
                       a->confidence);
    if (ImGui::Button("Confirm")) app.aiConfirmProposals(false);
  } else {
    int status = 0;
    for (int i = 0; i < 4; ++i)
      if (a->status == kStatuses[i]) status = i;
    if (ImGui::Combo("status", &status, kStatuses, 4)) app.setStatusSelected(kStatuses[status]);
  }
  if (const annot::LabelDefinition* d = s.schema.find(a->label)) {
    std::map<std::string, std::string> values = a->attributes;
    if (attributeForm(*d, values)) app.setAttributes(a->id, values);
  }
  if (ImGui::SmallButton(a->hidden ? "Show (X)" : "Hide (X)")) app.toggleHiddenSelected();
  if (smallButtonInRow(a->locked ? "Unlock (U)" : "Lock (U)")) app.toggleLockedSelected();
  if (smallButtonInRow("Delete (Del)")) app.deleteSelected();
  for (const annot::Comment& c : a->comments) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s: %s", c.author.c_str(), c.text.c_str());
    ImGui::PopTextWrapPos();
  }
  static char comment[256] = {};
  if (ImGui::InputTextWithHint("##comment", "comment, Enter to add", comment, sizeof comment,
                               ImGuiInputTextFlags_EnterReturnsTrue)) {
    app.addComment(a->id, comment);
    comment[0] = 0;
  }
}

void annotationList(App& app) {
  AnnotSession& s = app.annot();
  annot::AnnotationFilter& f = s.filter;
  ImGui::Checkbox("this slice only", &s.listThisSliceOnly);
  ImGui::SameLine();
  ImGui::Checkbox("hidden", &f.includeHidden);
  int source = static_cast<int>(f.source);
  constexpr const char* kSources[] = {"any source", "people", "models"};
  ImGui::SetNextItemWidth(110);
  if (ImGui::Combo("##source", &source, kSources, 3)) f.source = static_cast<annot::SourceFilter>(source);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  if (ImGui::BeginCombo("##label", f.label.empty() ? "any label" : f.label.c_str())) {
    if (ImGui::Selectable("any label", f.label.empty())) f.label.clear();
    for (const annot::LabelDefinition& d : s.schema.labels)
      if (ImGui::Selectable(d.name.c_str(), f.label == d.id)) f.label = d.id;
    ImGui::EndCombo();
  }
  static char text[64] = {};
  if (ImGui::InputTextWithHint("##text", "search label, attributes, comments", text, sizeof text)) f.text = text;
  const auto& list = app.shownAnnotations(true);
  ImGui::TextDisabled("%zu annotations", list.size());
  if (!ImGui::BeginTable("annotations", 4,
                         ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp,
                         ImVec2(0, std::max(120.0f, ImGui::GetContentRegionAvail().y))))
    return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("label");
  ImGui::TableSetupColumn("shape");
  ImGui::TableSetupColumn("source");
  ImGui::TableSetupColumn("status");
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;  // only the visible rows: lists of thousands stay cheap
  clipper.Begin(static_cast<int>(list.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const annot::Annotation* a = list[static_cast<std::size_t>(row)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(a->id.c_str());
      const annot::LabelDefinition* d = s.schema.find(a->label);
      if (d) ImGui::PushStyleColor(ImGuiCol_Text, toVec4(labelColour(*d, a->hidden ? 120 : 255)));
      if (ImGui::Selectable(a->label.c_str(), s.selected.count(a->id) > 0, ImGuiSelectableFlags_SpanAllColumns))
        app.select(a->id, ImGui::GetIO().KeyShift || ImGui::GetIO().KeyCtrl);
      if (d) ImGui::PopStyleColor();
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(std::string(annot::shapeKindName(annot::kindOf(a->shape))).c_str());
      ImGui::TableNextColumn();
      if (annot::isModelSource(*a))
        ImGui::TextColored(ImVec4(0.6f, 0.8f, 1, 1), "%s %.2f", a->source.c_str() + 6, a->confidence);
      else
        ImGui::TextUnformatted(a->author.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%s%s", a->status.c_str(), a->locked ? " (locked)" : "");
    }
  }
  ImGui::EndTable();
}

}  // namespace

float annotationPanelWidth() {
  const ImGuiStyle& style = ImGui::GetStyle();
  return std::ceil(2 * (style.WindowPadding.x + toolButtonWidth()) + style.ItemSpacing.x);
}

void drawAnnotationPanel(App& app, float left, float top, float width, float height) {
  ImGui::SetNextWindowPos(ImVec2(left, top));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::SetNextWindowBgAlpha(1.0f);
  ImGui::Begin("Annotations", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  AnnotSession& s = app.annot();
  if (!app.annotationSlice()) ImGui::TextDisabled("Annotations are drawn on the acquired plane (leave MPR: M).");
  toolPalette(app);
  if (!s.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(1, 0.75f, 0.3f, 1), "%s", s.message.c_str());
    ImGui::PopTextWrapPos();
  }
  if (ImGui::SmallButton("Undo (Ctrl+Z)")) app.undo();
  if (smallButtonInRow("Redo (Ctrl+Y)")) app.redo();
  if (smallButtonInRow("Copy to next (N)")) app.copySelectionToSlice(1);
  if (ImGui::CollapsingHeader("Label (Tab)", ImGuiTreeNodeFlags_DefaultOpen)) labelPicker(app);
  if ((s.tool == Tool::kBrush || s.tool == Tool::kEraser) &&
      ImGui::CollapsingHeader("Brush", ImGuiTreeNodeFlags_DefaultOpen))
    brushSettings(app);
  drawAiSection(app);
  if (ImGui::CollapsingHeader("Classify")) classificationForm(app);
  if (!s.selected.empty() && ImGui::CollapsingHeader("Selected", ImGuiTreeNodeFlags_DefaultOpen)) selectedDetails(app);
  if (ImGui::CollapsingHeader("List", ImGuiTreeNodeFlags_DefaultOpen)) annotationList(app);
  ImGui::End();
}

}  // namespace limn::app
