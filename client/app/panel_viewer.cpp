// The image viewport. Mouse conventions as in every PACS: right-drag
// window/level (horizontal: width, vertical: level), wheel zooms about the
// cursor, left- or middle-drag pans, double-click fits.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "client/app/app.h"
#include "client/app/keys.h"
#include "client/core/imaging/window_presets.h"

namespace limn::app {

namespace {

struct Geometry {
  ImVec2 areaCenter;
  float imgW = 0, imgH = 0;
};

ImVec2 imageToScreen(const Geometry& g, const ViewState& v, float x, float y) {
  return ImVec2(g.areaCenter.x + (x - (g.imgW / 2 + v.panX)) * v.zoom,
                g.areaCenter.y + (y - (g.imgH / 2 + v.panY)) * v.zoom);
}

ImVec2 screenToImage(const Geometry& g, const ViewState& v, ImVec2 s) {
  return ImVec2((s.x - g.areaCenter.x) / v.zoom + g.imgW / 2 + v.panX,
                (s.y - g.areaCenter.y) / v.zoom + g.imgH / 2 + v.panY);
}

void handleKeys(App& app, const OpenImage& open) {
  ViewState& v = app.view();
  if (ImGui::GetIO().WantTextInput) return;
  if (charKeyPressed('F')) app.requestFit();
  if (charKeyPressed('1')) { v.zoom = 1; v.panX = v.panY = 0; }
  if (charKeyPressed('R')) app.resetWindow();
  if (charKeyPressed('I')) v.invert = !v.invert;
  const auto presets = imaging::ctWindowPresets();
  const char presetKeys[] = {'2', '3', '4', '5', '6'};
  for (std::size_t i = 0; i < presets.size() && i < std::size(presetKeys); ++i)
    if (charKeyPressed(presetKeys[i])) app.setWindow(presets[i].window);
  const std::uint32_t frames = open.image.layout.frames;
  if (namedKeyPressed(ImGuiKey_DownArrow) || namedKeyPressed(ImGuiKey_PageDown))
    app.showFrame(std::min(frames - 1, open.frame + 1));
  if (namedKeyPressed(ImGuiKey_UpArrow) || namedKeyPressed(ImGuiKey_PageUp))
    app.showFrame(open.frame == 0 ? 0 : open.frame - 1);
}

void handleMouse(App& app, const OpenImage& open, const Geometry& g, bool hovered) {
  ViewState& v = app.view();
  const ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0) {
    if (io.KeyShift && open.image.layout.frames > 1) {
      const int step = io.MouseWheel > 0 ? -1 : 1;
      const int next = std::clamp(static_cast<int>(open.frame) + step, 0, static_cast<int>(open.image.layout.frames) - 1);
      app.showFrame(static_cast<std::uint32_t>(next));
    } else {
      const ImVec2 before = screenToImage(g, v, io.MousePos);
      v.zoom = std::clamp(v.zoom * std::pow(1.15f, io.MouseWheel), kMinZoom, kMaxZoom);
      v.panX = before.x - g.imgW / 2 - (io.MousePos.x - g.areaCenter.x) / v.zoom;
      v.panY = before.y - g.imgH / 2 - (io.MousePos.y - g.areaCenter.y) / v.zoom;
    }
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) app.requestFit();
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Left) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle)) {
    if (ImGui::IsItemActive() || hovered) {
      v.panX -= io.MouseDelta.x / v.zoom;
      v.panY -= io.MouseDelta.y / v.zoom;
    }
  }
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Right, 1.0f) && (hovered || ImGui::IsItemActive())) {
    const imaging::ValueRange r = open.values ? open.values->range : imaging::ValueRange{0, 255};
    const double span = std::abs(open.lut.apply(r.max) - open.lut.apply(r.min));
    const double k = std::max(0.05, span / 1000.0);
    imaging::Window w = v.window;
    w.width += io.MouseDelta.x * k;
    w.center += io.MouseDelta.y * k;
    app.setWindow(w);
  }
  const ImVec2 p = screenToImage(g, v, io.MousePos);
  v.cursorInImage = hovered && p.x >= 0 && p.y >= 0 && p.x < g.imgW && p.y < g.imgH;
  v.cursorX = static_cast<int>(std::floor(p.x));
  v.cursorY = static_cast<int>(std::floor(p.y));
}

}  // namespace

void drawViewerPanel(App& app, float top, float width, float height) {
  ImGui::SetNextWindowPos(ImVec2(0, top));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 255));
  ImGui::Begin("Viewer", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoSavedSettings);
  const Document& doc = app.document();
  if (!doc.open) {
    const char* hint = "Drop a DICOM file here, or File > Open... (Ctrl+O)";
    ImVec2 ts = ImGui::CalcTextSize(hint);
    ImGui::SetCursorPos(ImVec2((width - ts.x) / 2, (height - ts.y) / 2));
    ImGui::TextDisabled("%s", hint);
  } else {
    const OpenImage& open = *doc.open;
    ViewState& v = app.view();
    Geometry g;
    g.areaCenter = ImVec2(width / 2, top + height / 2);
    g.imgW = static_cast<float>(open.image.layout.columns);
    g.imgH = static_cast<float>(open.image.layout.rows);
    if (v.fitPending && width > 0 && height > 0) {
      v.zoom = std::clamp(std::min(width / g.imgW, height / g.imgH), kMinZoom, kMaxZoom);
      v.panX = v.panY = 0;
      v.fitPending = false;
    }
    ImGui::InvisibleButton("##canvas", ImVec2(width, height),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                               ImGuiButtonFlags_MouseButtonMiddle);
    const bool hovered = ImGui::IsItemHovered();
    handleKeys(app, open);
    handleMouse(app, open, g, hovered);
    const ImVec2 p0 = imageToScreen(g, v, 0, 0);
    const ImVec2 p1 = imageToScreen(g, v, g.imgW, g.imgH);
    app.setImageScreenRect({p0.x, p0.y, p1.x, p1.y});
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (app.renderer().texture())
      dl->AddImage(reinterpret_cast<ImTextureID>(app.renderer().texture()), p0, p1);
    if (v.cursorInImage) {  // crosshair at the pixel centre
      const ImVec2 c = imageToScreen(g, v, v.cursorX + 0.5f, v.cursorY + 0.5f);
      const ImU32 col = IM_COL32(255, 200, 0, 110);
      dl->AddLine(ImVec2(p0.x, c.y), ImVec2(p1.x, c.y), col);
      dl->AddLine(ImVec2(c.x, p0.y), ImVec2(c.x, p1.y), col);
    }
  }
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
}

}  // namespace limn::app
