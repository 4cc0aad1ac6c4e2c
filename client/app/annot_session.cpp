#include "client/app/annot_session.h"

#include <imgui.h>

#include <cstdio>

namespace limn::app {

const std::vector<ToolInfo>& toolTable() {
  using annot::ShapeKind;
  static const std::vector<ToolInfo> kTools = {
      {Tool::kNavigate, "Select", "V", 'V', ShapeKind::kClassification},
      {Tool::kBox, "Box", "B", 'B', ShapeKind::kBox},
      {Tool::kPolygon, "Polygon", "P", 'P', ShapeKind::kPolygon},
      {Tool::kFreehand, "Freehand contour", "D", 'D', ShapeKind::kPolygon},
      {Tool::kBrush, "Brush", "W", 'W', ShapeKind::kMask},
      {Tool::kEraser, "Eraser", "E", 'E', ShapeKind::kMask},
      {Tool::kPoint, "Landmark", "K", 'K', ShapeKind::kPoints},
      {Tool::kRuler, "Ruler (mm)", "L", 'L', ShapeKind::kPolyline},
      {Tool::kAngle, "Angle", "G", 'G', ShapeKind::kPolyline},
      {Tool::kRegionGrow, "Region grow", "S", 'S', ShapeKind::kMask},
      {Tool::kLevelTrace, "Level trace", "J", 'J', ShapeKind::kPolygon},
      {Tool::kAiClick, "AI click-to-segment", "O", 'O', ShapeKind::kMask},
  };
  return kTools;
}

const ToolInfo& toolInfo(Tool t) {
  for (const ToolInfo& info : toolTable())
    if (info.tool == t) return info;
  return toolTable().front();
}

const annot::Annotation* AnnotSession::find(const std::string& id) const {
  if (!editor) return nullptr;
  const auto& all = editor->document().annotations();
  const auto it = all.find(id);
  return it == all.end() ? nullptr : &it->second;
}

std::uint8_t AnnotSession::labelIndex(const std::string& id) const {
  for (std::size_t i = 0; i < schema.labels.size() && i < 255; ++i)
    if (schema.labels[i].id == id) return static_cast<std::uint8_t>(i + 1);
  return 0;
}

std::uint32_t labelColour(const annot::LabelDefinition& label, std::uint8_t alpha) {
  unsigned r = 255, g = 255, b = 0;
  if (label.color.size() == 7 && label.color[0] == '#') std::sscanf(label.color.c_str() + 1, "%2x%2x%2x", &r, &g, &b);
  return IM_COL32(r, g, b, alpha);
}

annot::LabelSchema defaultLabelSchema() {
  // Generic labels so that every tool works before a project schema is
  // opened (File > Open label schema...).
  static constexpr const char* kJson = R"json({
    "name": "General (built in)", "version": "1", "guideline_version": "built-in-1",
    "labels": [
      {"id": "lesion", "name": "Lesion", "color": "#ff4040", "shapes": ["box", "polygon", "mask", "points"],
       "definition": "A focal abnormality; outline its outer margin.", "tier": "critical", "target_accuracy": 0.95,
       "attributes": [{"name": "malignancy", "type": "enum", "options": ["benign", "malignant", "indeterminate"]}]},
      {"id": "organ", "name": "Organ", "color": "#40c040", "shapes": ["polygon", "mask", "box"],
       "definition": "An organ's parenchyma.", "tier": "basic", "target_accuracy": 0.9},
      {"id": "landmark", "name": "Landmark", "color": "#4080ff", "shapes": ["points"],
       "definition": "A named anatomical point.", "tier": "rare"},
      {"id": "measurement", "name": "Measurement", "color": "#ffd040", "shapes": ["polyline"],
       "definition": "A distance (ruler) or an angle.", "tier": "basic"},
      {"id": "finding", "name": "Finding", "color": "#c0c0c0", "shapes": ["classification"],
       "definition": "A finding about the whole image, series or study.", "tier": "basic",
       "attributes": [{"name": "finding", "type": "enum", "options": ["normal", "abnormal", "non-diagnostic"], "required": true}]}
    ]})json";
  auto schema = annot::labelSchemaFromJson(kJson);
  return schema ? *schema : annot::LabelSchema{};
}

}  // namespace limn::app
