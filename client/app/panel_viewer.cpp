// The image viewports: one for a stack, three linked ones for MPR. Mouse
// conventions as in every PACS: right-drag window/level (horizontal: width,
// vertical: level), wheel zooms about the cursor, Shift+wheel scrolls
// slices, left- or middle-drag pans, a left click moves the crosshair,
// double-click fits.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "client/app/app.h"
#include "client/app/keys.h"
#include "client/core/imaging/window_presets.h"

namespace limn::app {

namespace {

// Screen placement of one viewport's plane image this frame.
struct Placement {
  ImVec2 areaMin, areaMax, center;
  float imgW = 0, imgH = 0;  // plane pixels
  float sx = 1, sy = 1;      // screen pixels per plane pixel
  float aspectX = 1, aspectY = 1;
};

ImVec2 toScreen(const Placement& p, const Viewport& v, float x, float y) {
  return ImVec2(p.center.x + (x - (p.imgW / 2 + v.panX)) * p.sx, p.center.y + (y - (p.imgH / 2 + v.panY)) * p.sy);
}

ImVec2 toImage(const Placement& p, const Viewport& v, ImVec2 s) {
  return ImVec2((s.x - p.center.x) / p.sx + p.imgW / 2 + v.panX, (s.y - p.center.y) / p.sy + p.imgH / 2 + v.panY);
}

void handleKeys(App& app) {
  ViewState& v = app.view();
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  if (io.KeyCtrl) {
    handleAnnotationKeys(app);  // undo, redo, select all, save
    return;
  }
  const int active = v.activeViewport;
  if (charKeyPressed('F') && !io.KeyShift) app.requestFit();
  if (charKeyPressed('1')) app.setActualPixels(active);
  if (charKeyPressed('R')) app.resetWindow();
  if (charKeyPressed('A')) app.autoWindow();
  handleAnnotationKeys(app);
  if (charKeyPressed('I')) v.invert = !v.invert;
  if (charKeyPressed('C')) v.showCrosshair = !v.showCrosshair;
  if (charKeyPressed('M')) app.setLayout(v.layout == Layout::kMpr ? Layout::kSingle : Layout::kMpr);
  // The presets are in HU: on MR, PET or X-ray they would mean nothing.
  const series::LoadedSeries* shown = app.document().current();
  const auto presets = imaging::ctWindowPresets();
  const char presetKeys[] = {'2', '3', '4', '5', '6'};
  for (std::size_t i = 0; i < presets.size() && i < std::size(presetKeys); ++i)
    if (charKeyPressed(presetKeys[i]) && shown && shown->plan.modality == presets[i].modality)
      app.setWindow(presets[i].window);
  if (namedKeyPressed(ImGuiKey_DownArrow) || namedKeyPressed(ImGuiKey_PageDown)) app.stepSlice(active, 1);
  if (namedKeyPressed(ImGuiKey_UpArrow) || namedKeyPressed(ImGuiKey_PageUp)) app.stepSlice(active, -1);
  if (namedKeyPressed(ImGuiKey_Home)) app.stepSlice(active, -1 << 30);
  if (namedKeyPressed(ImGuiKey_End)) app.stepSlice(active, 1 << 30);
}

// Left-drag spans a rectangle on whole image pixels, clamped to the image.
void drawRedactionBox(RedactionDraft& r, const Placement& p, const Viewport& v, bool hovered, bool active) {
  const ImVec2 img = toImage(p, v, ImGui::GetIO().MousePos);
  const auto clampX = [&](float x) { return std::clamp(x, 0.0f, p.imgW); };
  const auto clampY = [&](float y) { return std::clamp(y, 0.0f, p.imgH); };
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    r.dragging = true;
    r.startX = clampX(std::floor(img.x));
    r.startY = clampY(std::floor(img.y));
  }
  if (r.dragging && active) {
    const float x0 = std::min(r.startX, clampX(std::floor(img.x))), x1 = std::max(r.startX, clampX(std::ceil(img.x)));
    const float y0 = std::min(r.startY, clampY(std::floor(img.y))), y1 = std::max(r.startY, clampY(std::ceil(img.y)));
    r.box = {static_cast<int>(x0), static_cast<int>(y0), static_cast<int>(x1 - x0), static_cast<int>(y1 - y0)};
    r.valid = r.box[2] > 0 && r.box[3] > 0;
  }
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) r.dragging = false;
}

void handleMouse(App& app, int index, const Placement& p, bool hovered, bool active) {
  ViewState& vs = app.view();
  Viewport& v = vs.viewports[index];
  const ImGuiIO& io = ImGui::GetIO();
  const imaging::PlaneMapping m = app.mapping(index);
  if (hovered && (ImGui::IsMouseClicked(ImGuiMouseButton_Left) || ImGui::IsMouseClicked(ImGuiMouseButton_Right)))
    app.setActiveViewport(index);
  if (hovered && io.MouseWheel != 0) {
    if (io.KeyShift) {
      app.stepSlice(index, io.MouseWheel > 0 ? -1 : 1);
    } else {
      const ImVec2 before = toImage(p, v, io.MousePos);
      v.zoom = std::clamp(v.zoom * std::pow(1.15f, io.MouseWheel), kMinZoom, kMaxZoom);
      const float sx = v.zoom * p.aspectX, sy = v.zoom * p.aspectY;
      v.panX = before.x - p.imgW / 2 - (io.MousePos.x - p.center.x) / sx;
      v.panY = before.y - p.imgH / 2 - (io.MousePos.y - p.center.y) / sy;
    }
  }
  if (vs.redaction.tool && index == 0 && vs.layout == Layout::kSingle) {
    drawRedactionBox(vs.redaction, p, v, hovered, active);
    return;
  }
  // The annotation tool in hand owns the left button on the acquired plane.
  bool toolTookMouse = false;
  if (index == 0) {
    const ImVec2 origin = toScreen(p, v, 0, 0);
    toolTookMouse = handleAnnotationInput(app, {origin.x, origin.y, p.sx, p.sy}, hovered, active);
  }
  const bool toolDraws = toolTookMouse || (index == 0 && app.annotationSlice() && app.annot().tool != Tool::kNavigate);
  if (!toolDraws && hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) app.requestFit();
  if (active && ((!toolDraws && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle))) {
    v.panX -= io.MouseDelta.x / p.sx;
    v.panY -= io.MouseDelta.y / p.sy;
  }
  const ImVec2 img = toImage(p, v, io.MousePos);
  const bool inImage = img.x >= 0 && img.y >= 0 && img.x < p.imgW && img.y < p.imgH;
  if (!toolDraws && hovered && inImage && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
      ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0).x == 0 &&
      ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0).y == 0)
    app.setCrosshair(m.voxel(static_cast<std::int64_t>(img.x), static_cast<std::int64_t>(img.y), app.sliceIndex(index)));
  if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Right, 1.0f)) {
    const series::LoadedSeries* s = app.document().current();
    if (s && s->volume) {
      const imaging::ValueRange r = s->volume->range;
      const double span = std::abs(s->volume->displayLut.apply(r.max) - s->volume->displayLut.apply(r.min));
      const double k = std::max(0.05, span / 1000.0);
      app.setWindow(imaging::draggedWindow(vs.window, io.MouseDelta.x * k, io.MouseDelta.y * k));
    }
  }
  if (hovered) {
    vs.cursor.inImage = inImage;
    vs.cursor.viewport = index;
    vs.cursor.voxel = m.voxel(static_cast<std::int64_t>(std::floor(img.x)), static_cast<std::int64_t>(std::floor(img.y)),
                              app.sliceIndex(index));
  }
}

void drawOverlay(App& app, int index, const Placement& p, const Viewport& v, bool hovered) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ViewState& vs = app.view();
  const imaging::PlaneMapping m = app.mapping(index);
  const ImVec2 p0 = toScreen(p, v, 0, 0), p1 = toScreen(p, v, p.imgW, p.imgH);
  if (vs.showCrosshair && (vs.layout == Layout::kMpr || hovered)) {
    float u = 0, w = 0;
    if (vs.layout == Layout::kMpr) {
      const auto px = m.planePixel(vs.crosshair);
      u = static_cast<float>(px[0]);
      w = static_cast<float>(px[1]);
    } else {
      const auto px = m.planePixel(vs.cursor.voxel);
      u = static_cast<float>(px[0]);
      w = static_cast<float>(px[1]);
    }
    const ImVec2 c = toScreen(p, v, u + 0.5f, w + 0.5f);
    const ImU32 col = vs.layout == Layout::kMpr ? IM_COL32(80, 200, 255, 170) : IM_COL32(255, 200, 0, 110);
    if (vs.layout == Layout::kMpr || vs.cursor.inImage) {
      dl->AddLine(ImVec2(p0.x, c.y), ImVec2(p1.x, c.y), col);
      dl->AddLine(ImVec2(c.x, p0.y), ImVec2(c.x, p1.y), col);
    }
  }
  // Orientation letters at the middle of each edge (left, right, top, bottom).
  const auto edges = app.edgeLabels(index);
  const ImU32 edgeCol = IM_COL32(255, 220, 120, 230);
  const float midX = (p.areaMin.x + p.areaMax.x) / 2, midY = (p.areaMin.y + p.areaMax.y) / 2;
  const float lineH = ImGui::GetTextLineHeight();
  dl->AddText(ImVec2(p.areaMin.x + 6, midY - lineH / 2), edgeCol, edges[0].c_str());
  dl->AddText(ImVec2(p.areaMax.x - 6 - ImGui::CalcTextSize(edges[1].c_str()).x, midY - lineH / 2), edgeCol,
              edges[1].c_str());
  dl->AddText(ImVec2(midX - ImGui::CalcTextSize(edges[2].c_str()).x / 2, p.areaMin.y + 4 + lineH), edgeCol,
              edges[2].c_str());
  dl->AddText(ImVec2(midX - ImGui::CalcTextSize(edges[3].c_str()).x / 2, p.areaMax.y - 4 - lineH), edgeCol,
              edges[3].c_str());
  const series::LoadedSeries* s = app.document().current();
  char label[96];
  std::snprintf(label, sizeof label, "%s %u/%u", std::string(imaging::planeName(s->plan.geometry, m.plane)).c_str(),
                app.sliceIndex(index) + 1, app.sliceCount(index));
  const ImU32 labelCol = index == vs.activeViewport && vs.layout == Layout::kMpr ? IM_COL32(80, 200, 255, 255)
                                                                                 : IM_COL32(220, 220, 220, 255);
  dl->AddText(ImVec2(p.areaMin.x + 6, p.areaMin.y + 4), labelCol, label);
  if (vs.layout == Layout::kMpr)
    dl->AddRect(p.areaMin, p.areaMax, index == vs.activeViewport ? IM_COL32(80, 200, 255, 200) : IM_COL32(60, 60, 60, 255));
  const RedactionDraft& r = vs.redaction;
  if ((r.tool || r.valid) && index == 0 && vs.layout == Layout::kSingle) {
    if (r.valid) {
      const ImVec2 a = toScreen(p, v, static_cast<float>(r.box[0]), static_cast<float>(r.box[1]));
      const ImVec2 b = toScreen(p, v, static_cast<float>(r.box[0] + r.box[2]), static_cast<float>(r.box[1] + r.box[3]));
      dl->AddRectFilled(a, b, IM_COL32(255, 60, 60, 90));
      dl->AddRect(a, b, IM_COL32(255, 80, 80, 255), 0, 0, 2);
    }
    if (r.tool)
      dl->AddText(ImVec2(p.areaMin.x + 6, p.areaMax.y - 8 - 2 * ImGui::GetTextLineHeight()), IM_COL32(255, 120, 120, 255),
                  "Drag over the burned-in text to redact");
  }
}

void drawViewport(App& app, int index, ImVec2 areaMin, ImVec2 areaMax) {
  ViewState& vs = app.view();
  Viewport& v = vs.viewports[index];
  const imaging::PlaneMapping m = app.mapping(index);
  Placement p;
  p.areaMin = areaMin;
  p.areaMax = areaMax;
  p.center = ImVec2((areaMin.x + areaMax.x) / 2, (areaMin.y + areaMax.y) / 2);
  p.imgW = static_cast<float>(m.width);
  p.imgH = static_cast<float>(m.height);
  // Non-square pixels (and MPR planes with thick slices) keep their true shape.
  const double unit = std::min(m.pixelWidthMm, m.pixelHeightMm);
  p.aspectX = static_cast<float>(m.pixelWidthMm / unit);
  p.aspectY = static_cast<float>(m.pixelHeightMm / unit);
  const float areaW = areaMax.x - areaMin.x, areaH = areaMax.y - areaMin.y;
  if (v.fitPending && areaW > 0 && areaH > 0 && p.imgW > 0 && p.imgH > 0) {
    v.zoom = std::clamp(std::min(areaW / (p.imgW * p.aspectX), areaH / (p.imgH * p.aspectY)), kMinZoom, kMaxZoom);
    v.panX = v.panY = 0;
    v.fitPending = false;
  }
  p.sx = v.zoom * p.aspectX;
  p.sy = v.zoom * p.aspectY;
  ImGui::SetCursorScreenPos(areaMin);
  ImGui::PushID(index);
  ImGui::InvisibleButton("##viewport", ImVec2(std::max(1.0f, areaW), std::max(1.0f, areaH)),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();
  ImGui::PopID();
  handleMouse(app, index, p, hovered, active);
  const ImVec2 origin = toScreen(p, v, 0, 0);
  app.setViewportScreen(index, {origin.x, origin.y, p.sx, p.sy, areaMin.x, areaMin.y, areaMax.x, areaMax.y});
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(areaMin, areaMax, true);
  // Clipped to the image too: a partial frame then draws the image again
  // only where it lies, not over the whole viewport.
  ImageRenderer& image = app.renderer(index);
  dl->PushClipRect(origin, toScreen(p, v, static_cast<float>(image.width()), static_cast<float>(image.height())), true);
  image.draw(dl, {origin.x, origin.y, p.sx, p.sy});
  dl->PopClipRect();
  if (index == 0) drawAnnotationLayer(app, {origin.x, origin.y, p.sx, p.sy}, areaMin, areaMax);
  drawOverlay(app, index, p, v, hovered);
  dl->PopClipRect();
}

void drawProgress(const LoadProgress& progress, ImVec2 center) {
  ImGui::SetNextWindowPos(center, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(320, 0));
  ImGui::Begin("Loading", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                                       ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::Text("Decoding %zu / %zu files", progress.received, progress.expected);
  const float fraction = progress.expected ? static_cast<float>(progress.received) / progress.expected : 0;
  ImGui::ProgressBar(fraction, ImVec2(-1, 0));
  if (progress.failed) ImGui::TextColored(ImVec4(1, 0.6f, 0.4f, 1), "%zu could not be read", progress.failed);
  ImGui::End();
}

}  // namespace

void drawViewerPanel(App& app, float left, float top, float width, float height) {
  ImGui::SetNextWindowPos(ImVec2(left, top));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  // No background: the frame is cleared to black already, and on software
  // GL (SwiftShader) every full-screen layer costs milliseconds.
  ImGui::Begin("Viewer", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBackground);
  const Document& doc = app.document();
  if (!doc.current()) {
    if (!doc.progress.active()) {
      const char* hint = "Drop DICOM files, a folder or photos here, or File > Open... (Ctrl+O)";
      const ImVec2 ts = ImGui::CalcTextSize(hint);
      ImGui::SetCursorPos(ImVec2((width - ts.x) / 2, (height - ts.y) / 2));
      ImGui::TextDisabled("%s", hint);
    }
  } else {
    handleKeys(app);
    app.view().cursor.inImage = false;
    const int n = app.view().visibleViewports();
    const float cellW = width / static_cast<float>(n);
    for (int i = 0; i < n; ++i)
      drawViewport(app, i, ImVec2(left + cellW * i, top), ImVec2(left + cellW * (i + 1), top + height));
  }
  ImGui::End();
  ImGui::PopStyleVar(2);
  if (doc.progress.active()) drawProgress(doc.progress, ImVec2(left + width / 2, top + height / 2));
}

}  // namespace limn::app
