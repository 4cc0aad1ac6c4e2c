// The annotation layer of viewport 0: what each tool does with the mouse,
// and what is drawn over the image. The bulk of the annotations is drawn by
// the GPU overlay (gl/overlay_renderer.h); ImGui draws only what is being
// made or edited: drafts, the selection with its handles, landmarks,
// measurements' values and the brush outline.
//
// The imaging conventions stay: right-drag is window/level, the wheel
// zooms, Shift+wheel scrolls, middle-drag pans. The left button belongs to
// the tool; in the select tool a left-drag on empty image pans.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "client/app/app.h"
#include "client/app/keys.h"
#include "client/core/annot/measure.h"
#include "client/core/annot/shape_edit.h"

namespace limn::app {

namespace {

constexpr float kHandlePx = 6;     // grab distance and handle size, screen pixels
constexpr float kCloseSnapPx = 8;  // a click this close to the first vertex closes a polygon

annot::Point toImage(const ImagePlacement& p, ImVec2 s) { return {(s.x - p.x0) / p.sx, (s.y - p.y0) / p.sy}; }

ImVec2 toScreen(const ImagePlacement& p, annot::Point q) {
  return ImVec2(p.x0 + static_cast<float>(q.x) * p.sx, p.y0 + static_cast<float>(q.y) * p.sy);
}

double imageTolerance(const ImagePlacement& p, float screenPx) { return screenPx / std::min(p.sx, p.sy); }

bool clickedHere(bool hovered) { return hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left); }

// Box, ruler: press, drag, release.
void dragTwoPoints(App& app, annot::Point at, bool hovered) {
  Draft& d = app.annot().draft;
  if (clickedHere(hovered)) {
    d.points = {at, at};
    d.dragging = true;
  }
  if (!d.dragging) return;
  d.points[1] = at;
  if (!ImGui::IsMouseReleased(ImGuiMouseButton_Left)) return;
  const annot::Point a = d.points[0], b = d.points[1];
  d = {};
  if (annot::distance(a, b) < 0.5) return;  // a click, not a drag
  if (app.annot().tool == Tool::kBox)
    app.createShape(annot::Box{std::min(a.x, b.x), std::min(a.y, b.y), std::abs(b.x - a.x), std::abs(b.y - a.y)});
  else
    app.createShape(annot::Polyline{{a, b}});
}

void polygonClicks(App& app, const ImagePlacement& p, annot::Point at, bool hovered) {
  Draft& d = app.annot().draft;
  const bool closeKey = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter));
  const bool nearFirst =
      d.points.size() >= 3 && annot::distance(at, d.points.front()) <= imageTolerance(p, kCloseSnapPx);
  if ((clickedHere(hovered) && nearFirst) || (closeKey && d.points.size() >= 3) ||
      (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && d.points.size() >= 3)) {
    std::vector<annot::Point> v = std::move(d.points);
    d = {};
    // A double-click adds its first click as a vertex: drop the duplicate.
    if (v.size() >= 4 && annot::distance(v.back(), v[v.size() - 2]) < 1e-9) v.pop_back();
    app.createShape(annot::Polygon{std::move(v)});
    return;
  }
  if (clickedHere(hovered)) d.points.push_back(at);
  if (!d.points.empty() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) d.points.pop_back();
}

void angleClicks(App& app, annot::Point at, bool hovered) {
  Draft& d = app.annot().draft;
  if (!clickedHere(hovered)) return;
  d.points.push_back(at);
  if (d.points.size() == 3) {
    std::vector<annot::Point> v = std::move(d.points);
    d = {};
    app.createShape(annot::Polyline{std::move(v)});
  }
}

void freehand(App& app, const ImagePlacement& p, annot::Point at, bool hovered) {
  Draft& d = app.annot().draft;
  if (clickedHere(hovered)) {
    d.points = {at};
    d.dragging = true;
  }
  if (!d.dragging) return;
  if (annot::distance(at, d.points.back()) >= 0.25) d.points.push_back(at);
  if (!ImGui::IsMouseReleased(ImGuiMouseButton_Left)) return;
  // Thinned to the vertices that shape it: within a quarter of a screen
  // pixel, and never coarser than a twentieth of an image pixel.
  std::vector<annot::Point> v = annot::simplifyPath(d.points, std::min(0.05, imageTolerance(p, 0.25f)));
  d = {};
  if (v.size() >= 3) app.createShape(annot::Polygon{std::move(v)});
}

void brush(App& app, annot::Point at, bool hovered, bool erase) {
  AnnotSession& s = app.annot();
  if (clickedHere(hovered)) app.beginStroke(erase);
  if (!s.stroke.active) return;
  app.strokeTo(at);
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) app.endStroke();
}

// Click-to-segment: a click adds a positive point (Shift: negative), a drag
// draws the prompt box; Enter accepts the preview, Esc clears the prompt.
void aiClick(App& app, annot::Point at, bool hovered) {
  Draft& d = app.annot().draft;
  if (clickedHere(hovered)) {
    d.points = {at, at};
    d.dragging = true;
  }
  if (d.dragging) {
    d.points[1] = at;
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
      const annot::Point a = d.points[0], b = d.points[1];
      d = {};
      if (annot::distance(a, b) < 2)
        app.aiPromptClick(a, !ImGui::GetIO().KeyShift);
      else
        app.aiPromptBox({std::min(a.x, b.x), std::min(a.y, b.y), std::abs(b.x - a.x), std::abs(b.y - a.y)});
    }
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) app.aiAcceptPreview();
}

// Select tool: grab a vertex or the body of a selected shape, else select
// what is under the cursor. Returns true when it took the drag.
bool selectAndEdit(App& app, const ImagePlacement& p, annot::Point at, bool hovered) {
  AnnotSession& s = app.annot();
  const ImGuiIO& io = ImGui::GetIO();
  const double tol = imageTolerance(p, kHandlePx);
  Grab& g = s.grab;
  // Double-click on an edge of a selected polygon inserts a vertex there.
  // (Checked first: the second click of a double-click is also a click.)
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    for (const std::string& id : s.selected) {
      const annot::Annotation* a = s.find(id);
      if (!a || a->locked || !std::holds_alternative<annot::Polygon>(a->shape)) continue;
      std::vector<annot::Point> v = annot::editableVertices(a->shape);
      if (annot::nearestVertex(v, at, tol)) continue;  // on a vertex: that is a grab, not an insert
      if (auto edge = annot::nearestEdge(v, true, at, tol)) {
        v.insert(v.begin() + static_cast<std::ptrdiff_t>(*edge) + 1, at);
        app.editShape(id, annot::withVertices(a->shape, std::move(v)));
        return true;
      }
    }
  }
  if (clickedHere(hovered)) {
    g = {};
    for (const std::string& id : s.selected) {
      const annot::Annotation* a = s.find(id);
      if (!a || a->locked || a->hidden) continue;
      std::vector<annot::Point> v = annot::editableVertices(a->shape);
      if (auto vertex = annot::nearestVertex(v, at, tol)) {
        if (io.KeyCtrl && std::holds_alternative<annot::Polygon>(a->shape) && v.size() > 3) {
          v.erase(v.begin() + static_cast<std::ptrdiff_t>(*vertex));  // Ctrl+click deletes a vertex
          app.editShape(id, annot::withVertices(a->shape, std::move(v)));
          return true;
        }
        g = {id, static_cast<int>(*vertex), at, a->shape, true};
        return true;
      }
      if (annot::hitShape(a->shape, at, tol) && !std::holds_alternative<annot::Mask>(a->shape)) {
        g = {id, -1, at, a->shape, true};
        return true;
      }
    }
    app.selectAt(at, io.KeyShift, tol);
    return !s.selected.empty();
  }
  if (!g.active) return false;
  const annot::Annotation* a = s.find(g.id);
  if (!a) {
    g = {};
    return false;
  }
  if (g.vertex >= 0) {
    std::vector<annot::Point> v = annot::editableVertices(a->shape);
    if (static_cast<std::size_t>(g.vertex) < v.size()) {
      v[static_cast<std::size_t>(g.vertex)] = at;
      g.shape = annot::withVertices(a->shape, std::move(v));
    }
  } else {
    g.shape = annot::translated(a->shape, at.x - g.start.x, at.y - g.start.y);
  }
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    const std::string id = g.id;
    annot::Shape shape = std::move(g.shape);
    g = {};
    app.editShape(id, std::move(shape));
  }
  return true;
}

void drawMarker(ImDrawList* dl, ImVec2 c, ImU32 col) {
  dl->AddCircle(c, 5, col, 12, 2);
  dl->AddLine(ImVec2(c.x - 8, c.y), ImVec2(c.x + 8, c.y), col);
  dl->AddLine(ImVec2(c.x, c.y - 8), ImVec2(c.x, c.y + 8), col);
}

void drawPath(ImDrawList* dl, const ImagePlacement& p, const std::vector<annot::Point>& v, bool closed, ImU32 col,
              float thickness) {
  std::vector<ImVec2> pts;
  pts.reserve(v.size());
  for (const annot::Point& q : v) pts.push_back(toScreen(p, q));
  if (!pts.empty())
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, closed ? ImDrawFlags_Closed : 0, thickness);
}

// Length (mm, or pixels without spacing) or angle beside a measurement.
void drawMeasurement(App& app, ImDrawList* dl, const ImagePlacement& p, const std::vector<annot::Point>& v, ImU32 col) {
  char text[64] = {};
  const auto spacing = app.annotationSpacing();
  if (v.size() == 2) {
    const double len = annot::lengthMm(v, spacing.value_or(annot::PixelSpacingMm{}));
    std::snprintf(text, sizeof text, spacing ? "%.1f mm" : "%.1f px", len);
  } else if (v.size() == 3) {
    if (const auto deg = annot::angleDegrees(v, spacing.value_or(annot::PixelSpacingMm{})))
      std::snprintf(text, sizeof text, "%.1f\xC2\xB0", *deg);
  }
  if (text[0]) dl->AddText(ImVec2(toScreen(p, v.back()).x + 8, toScreen(p, v.back()).y - 8), col, text);
}

void drawShape(App& app, ImDrawList* dl, const ImagePlacement& p, const annot::Shape& shape, ImU32 col, float thickness,
               bool handles) {
  const std::vector<annot::Point> v = annot::editableVertices(shape);
  if (std::holds_alternative<annot::Points>(shape)) {
    for (const annot::Point& q : v) drawMarker(dl, toScreen(p, q), col);
    return;
  }
  const bool closed = std::holds_alternative<annot::Polygon>(shape) || std::holds_alternative<annot::Box>(shape);
  drawPath(dl, p, v, closed, col, thickness);
  if (std::holds_alternative<annot::Polyline>(shape)) drawMeasurement(app, dl, p, v, col);
  if (handles)
    for (const annot::Point& q : v) {
      const ImVec2 c = toScreen(p, q);
      dl->AddRectFilled(ImVec2(c.x - kHandlePx / 2, c.y - kHandlePx / 2),
                        ImVec2(c.x + kHandlePx / 2, c.y + kHandlePx / 2), IM_COL32(255, 255, 255, 230));
      dl->AddRect(ImVec2(c.x - kHandlePx / 2, c.y - kHandlePx / 2), ImVec2(c.x + kHandlePx / 2, c.y + kHandlePx / 2),
                  col);
    }
}

// What the segmentation tools propose before it is an annotation: the
// click-to-segment prompt and preview, the level-trace outline.
void drawAiLayer(App& app, ImDrawList* dl, const ImagePlacement& p, ImU32 colour) {
  const AiSession& ai = app.ai();
  const Tool tool = app.annot().tool;
  if (tool == Tool::kLevelTrace)
    for (const annot::Polygon& poly : ai.levelPreview) drawPath(dl, p, poly.vertices, true, colour, 1.5f);
  if (tool != Tool::kAiClick) return;
  const auto slice = app.annotationSlice();
  if (!slice || !(ai.promptTarget == AiTarget{app.document().active, *slice})) return;
  for (const annot::Polygon& poly : ai.previewOutline) drawPath(dl, p, poly.vertices, true, IM_COL32(80, 255, 160, 255), 2);
  for (const annot::Point& q : ai.prompt.positive) dl->AddCircleFilled(toScreen(p, q), 4, IM_COL32(60, 220, 60, 255));
  for (const annot::Point& q : ai.prompt.negative) dl->AddCircleFilled(toScreen(p, q), 4, IM_COL32(230, 50, 50, 255));
  if (ai.prompt.box)
    dl->AddRect(toScreen(p, {ai.prompt.box->x, ai.prompt.box->y}),
                toScreen(p, {ai.prompt.box->x + ai.prompt.box->width, ai.prompt.box->y + ai.prompt.box->height}),
                IM_COL32(80, 255, 160, 200), 0, 0, 1.5f);
}

}  // namespace

void handleAnnotationKeys(App& app) {
  const ImGuiIO& io = ImGui::GetIO();
  AnnotSession& s = app.annot();
  if (io.WantTextInput) return;
  if (io.KeyCtrl) {
    if (charKeyPressed('Z')) io.KeyShift ? app.redo() : app.undo();
    if (charKeyPressed('Y')) app.redo();
    if (charKeyPressed('A')) app.selectAllOnSlice();
    if (charKeyPressed('S')) app.saveAnnotations();
    return;
  }
  for (const ToolInfo& t : toolTable())
    if (charKeyPressed(t.keyCode) && !(t.tool == Tool::kBrush && io.KeyShift)) app.setTool(t.tool);
  if (io.KeyShift && charKeyPressed('W')) s.brush.sphere = !s.brush.sphere;
  if (charKeyPressed('T')) s.brush.gated = !s.brush.gated;
  if (charKeyPressed('[')) s.brush.radius = std::max(0.5, s.brush.radius / 1.25);
  if (charKeyPressed(']')) s.brush.radius = std::min(500.0, s.brush.radius * 1.25);
  if (charKeyPressed('N')) app.copySelectionToSlice(io.KeyShift ? -1 : 1);
  if (io.KeyShift && charKeyPressed('F')) app.fillBetweenSlices();
  if (charKeyPressed('X')) app.toggleHiddenSelected();
  if (charKeyPressed('U')) app.toggleLockedSelected();
  if (charKeyPressed('Q')) app.classify(annot::Level::kImage, {});
  if (namedKeyPressed(ImGuiKey_Tab)) app.cycleLabel(io.KeyShift ? -1 : 1);
  if (namedKeyPressed(ImGuiKey_Escape)) {
    if (s.tool == Tool::kAiClick && !app.ai().prompt.empty())
      app.aiClearPrompt();
    else if (!s.draft.points.empty() || s.stroke.active || s.grab.active)
      app.cancelDraft();
    else
      app.clearSelection();
  }
  const bool drafting = !s.draft.points.empty();
  if (!drafting && (namedKeyPressed(ImGuiKey_Delete) || namedKeyPressed(ImGuiKey_Backspace))) app.deleteSelected();
}

bool handleAnnotationInput(App& app, const ImagePlacement& p, bool hovered, bool active) {
  AnnotSession& s = app.annot();
  if (!app.annotationSlice()) return false;
  const annot::Point at = toImage(p, ImGui::GetIO().MousePos);
  // A drag that began elsewhere (a panel, the scroll bar) is not the tool's.
  if (!active && !hovered) return false;
  switch (s.tool) {
    case Tool::kNavigate:
      return selectAndEdit(app, p, at, hovered);
    case Tool::kBox:
    case Tool::kRuler:
      dragTwoPoints(app, at, hovered);
      break;
    case Tool::kPolygon:
      polygonClicks(app, p, at, hovered);
      break;
    case Tool::kFreehand:
      freehand(app, p, at, hovered);
      break;
    case Tool::kBrush:
    case Tool::kEraser:
      brush(app, at, hovered, s.tool == Tool::kEraser);
      break;
    case Tool::kPoint:
      if (clickedHere(hovered)) app.createShape(annot::Points{{at}});
      break;
    case Tool::kAngle:
      angleClicks(app, at, hovered);
      break;
    case Tool::kRegionGrow:
      if (clickedHere(hovered)) app.growRegionAt(at);
      break;
    case Tool::kLevelTrace:
      if (hovered) app.traceLevelAt(at, clickedHere(hovered));
      break;
    case Tool::kAiClick:
      aiClick(app, at, hovered);
      break;
  }
  return true;
}

void drawAnnotationLayer(App& app, const ImagePlacement& p, ImVec2 clipMin, ImVec2 clipMax) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const AnnotSession& s = app.annot();
  if (!app.annotationSlice()) return;
  app.overlay().draw(dl, p);
  const auto colourOf = [&](const std::string& label, std::uint8_t alpha) {
    const annot::LabelDefinition* d = s.schema.find(label);
    return d ? labelColour(*d, alpha) : IM_COL32(255, 255, 0, alpha);
  };
  // Landmarks and measurement values (the GPU draws lines only), then the selection on top.
  for (const annot::Annotation* a : app.shownAnnotations(false)) {
    if (a->hidden || a->id == s.grab.id) continue;
    if (annot::awaitsConfirmation(*a) && !std::holds_alternative<annot::Classification>(a->shape)) {
      // A model's proposal looks different until a person confirms it: an
      // orange frame and its confidence.
      const annot::Box b = annot::boundingBox(a->shape);
      const ImVec2 lo = toScreen(p, {b.x, b.y}), hi = toScreen(p, {b.x + b.width, b.y + b.height});
      dl->AddRect(lo, hi, IM_COL32(255, 170, 40, 230), 0, 0, 1.5f);
      char tag[32];
      std::snprintf(tag, sizeof tag, "AI %.2f", a->confidence);
      dl->AddText(ImVec2(lo.x, lo.y - ImGui::GetFontSize()), IM_COL32(255, 170, 40, 255), tag);
    }
    const bool selected = s.selected.count(a->id) > 0;
    if (selected) continue;
    if (std::holds_alternative<annot::Points>(a->shape) || std::holds_alternative<annot::Polyline>(a->shape)) {
      if (std::holds_alternative<annot::Points>(a->shape))
        drawShape(app, dl, p, a->shape, colourOf(a->label, 255), 1, false);
      else
        drawMeasurement(app, dl, p, annot::editableVertices(a->shape), colourOf(a->label, 255));
    }
  }
  const auto shownImage = app.annotationImage(*app.annotationSlice());
  for (const std::string& id : s.selected) {
    const annot::Annotation* a = s.find(id);
    if (!a || a->hidden || id == s.grab.id || std::holds_alternative<annot::Classification>(a->shape)) continue;
    if (a->image != shownImage) continue;
    if (const auto* m = std::get_if<annot::Mask>(&a->shape)) {
      const annot::Box b = annot::boundingBox(*m);
      dl->AddRect(toScreen(p, {b.x, b.y}), toScreen(p, {b.x + b.width, b.y + b.height}), IM_COL32(255, 255, 255, 200),
                  0, 0, 1);
      continue;
    }
    drawShape(app, dl, p, a->shape, a->locked ? IM_COL32(160, 160, 160, 255) : colourOf(a->label, 255), 2.5f,
              !a->locked);
  }
  if (s.grab.active) {
    if (const annot::Annotation* a = s.find(s.grab.id))
      drawShape(app, dl, p, s.grab.shape, colourOf(a->label, 255), 2.5f, true);
  }
  // What the tool is making.
  const ImU32 draftCol = colourOf(s.label, 255);
  const std::vector<annot::Point>& d = s.draft.points;
  if (!d.empty()) {
    if ((s.tool == Tool::kBox || s.tool == Tool::kAiClick) && d.size() == 2)
      drawPath(dl, p,
               annot::editableVertices(annot::Box{std::min(d[0].x, d[1].x), std::min(d[0].y, d[1].y),
                                                  std::abs(d[1].x - d[0].x), std::abs(d[1].y - d[0].y)}),
               true, draftCol, 2);
    else {
      drawPath(dl, p, d, false, draftCol, 2);
      if (s.tool == Tool::kRuler || s.tool == Tool::kAngle) drawMeasurement(app, dl, p, d, draftCol);
      if (s.tool == Tool::kPolygon) {
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        dl->AddLine(toScreen(p, d.back()), mouse, draftCol, 1);
        dl->AddCircle(toScreen(p, d.front()), kCloseSnapPx, draftCol, 16, 1);
      }
    }
  }
  drawAiLayer(app, dl, p, draftCol);
  if ((s.tool == Tool::kBrush || s.tool == Tool::kEraser) && ImGui::IsMouseHoveringRect(clipMin, clipMax)) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    ImVec2 ring[40];
    for (int i = 0; i < 40; ++i) {
      const float t = 6.2831853f * static_cast<float>(i) / 40;
      ring[i] = ImVec2(m.x + std::cos(t) * static_cast<float>(s.brush.radius) * p.sx,
                       m.y + std::sin(t) * static_cast<float>(s.brush.radius) * p.sy);
    }
    dl->AddPolyline(ring, 40, s.tool == Tool::kEraser ? IM_COL32(255, 255, 255, 200) : draftCol, ImDrawFlags_Closed, 1);
  }
}

}  // namespace limn::app
