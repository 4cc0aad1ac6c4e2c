// Annotation state of the viewer: the document (an Editor over the ops),
// the label schema, the tool in hand and what it has drawn so far, and the
// selection. Panels read it; only App commands (annot_commands.cpp) change
// the document, each change one op.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/core/annot/annotation_document.h"
#include "client/core/annot/annotation_file.h"
#include "client/core/annot/annotation_filter.h"
#include "client/core/annot/label_schema.h"
#include "client/core/annot/mask_canvas.h"

namespace limn::app {

enum class Tool : std::uint8_t {
  kNavigate,  // select, move vertices; left-drag on empty image pans
  kBox,
  kPolygon,
  kFreehand,
  kBrush,
  kEraser,
  kPoint,
  kRuler,
  kAngle,
  kRegionGrow,  // click a seed: the connected region within tolerance (or in range) becomes a mask
  kLevelTrace,  // the outline at the clicked intensity becomes a polygon
  kAiClick,     // click-to-segment: clicks (+, Shift -) and a box prompt a model; Enter accepts
};

struct ToolInfo {
  Tool tool;
  const char* name;
  const char* key;         // shortcut, as shown in menus and help
  char keyCode;            // for keys.h
  annot::ShapeKind shape;  // what it makes
};
const std::vector<ToolInfo>& toolTable();
const ToolInfo& toolInfo(Tool t);

struct BrushSettings {
  double radius = 6;    // image pixels
  bool sphere = false;  // 3D: paints a ball across neighbouring slices
  bool gated = false;   // paint only inside [low, high] (modality values: HU for CT)
  double low = -100, high = 300;
};

// What the tool in hand has made so far on the shown slice.
struct Draft {
  std::vector<annot::Point> points;  // polygon/ruler/angle clicks, freehand path, box corners
  bool dragging = false;
};

// A brush or eraser stroke in progress: canvases of the slices it touched.
struct Stroke {
  bool active = false;
  bool erase = false;
  std::string label;
  std::map<std::uint32_t, annot::MaskCanvas> canvases;  // by slice
  std::map<std::uint32_t, std::string> targets;         // existing mask annotation per slice
};

// A vertex (or a whole shape) being dragged in the navigate tool.
struct Grab {
  std::string id;
  int vertex = -1;  // -1: the whole shape moves
  annot::Point start;
  annot::Shape shape;  // as it looks during the drag
  bool active = false;
};

struct AnnotSession {
  annot::LabelSchema schema;
  std::string schemaName;  // shown in the panel
  std::string author = "local";
  std::optional<annot::Editor> editor;
  // Images of annotation files that were opened (for saving them back).
  std::vector<annot::ImageInfo> knownImages;

  Tool tool = Tool::kNavigate;
  std::string label;  // current label id
  BrushSettings brush;
  Draft draft;
  Stroke stroke;
  Grab grab;
  std::set<std::string> selected;
  annot::AnnotationFilter filter;
  bool listThisSliceOnly = true;
  std::string message;         // the last thing a tool could not do, for the user
  std::uint64_t revision = 0;  // bumped by every change of the document

  const annot::AnnotationDocument* document() const { return editor ? &editor->document() : nullptr; }
  const annot::Annotation* find(const std::string& id) const;
  const annot::LabelDefinition* currentLabel() const { return schema.find(label); }
  // Palette index of a label (1-based; 0 when unknown).
  std::uint8_t labelIndex(const std::string& id) const;
};

// A label's colour ("#rrggbb") as ImGui packs it, with `alpha`.
std::uint32_t labelColour(const annot::LabelDefinition& label, std::uint8_t alpha);

// The schema the app starts with until a project's is opened.
annot::LabelSchema defaultLabelSchema();

}  // namespace limn::app
