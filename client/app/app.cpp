#include "client/app/app.h"

#include <GLES3/gl3.h>
#include <imgui.h>

#include <nlohmann/json.hpp>
#include <set>

#include "client/core/dicom/dicom_decoder.h"

namespace limn::app {

void App::openFile(const std::string& name, std::span<const std::uint8_t> bytes) {
  auto decoded = dicom::decodeDicom(bytes);
  if (!decoded) {
    m_document.lastError = decoded.error().message;
    m_document.lastErrorFile = name;
    return;
  }
  if (!decoded->hasPixelData) {
    m_document.lastError = "this DICOM file has no image (SOP class " + decoded->sopClassUid + ")";
    m_document.lastErrorFile = name;
    return;
  }
  OpenImage open;
  open.name = name;
  open.image = std::move(decoded).value();
  open.lut = imaging::modalityLut(open.image);
  std::optional<OpenImage> previous = std::move(m_document.open);
  m_document.open = std::move(open);
  if (auto s = loadFrameValues(); !s) {
    m_document.open = std::move(previous);
    m_document.lastError = s.error().message;
    m_document.lastErrorFile = name;
    if (m_document.open) (void)loadFrameValues();
    return;
  }
  m_document.lastError.clear();
  m_document.lastErrorFile.clear();
  m_view.invert = m_document.open->image.layout.photometric == "MONOCHROME1";
  resetWindow();
  m_view.fitPending = true;
}

Status App::loadFrameValues() {
  OpenImage& open = *m_document.open;
  open.values.reset();
  if (open.image.layout.samplesPerPixel == 1) {
    auto values = imaging::monochromeFrame(open.image, open.frame);
    if (!values) return values.error();
    open.values = std::move(values).value();
  }
  return m_renderer.upload(open);
}

void App::showFrame(std::uint32_t frame) {
  if (!m_document.open || frame >= m_document.open->image.layout.frames || frame == m_document.open->frame) return;
  m_document.open->frame = frame;
  if (auto s = loadFrameValues(); !s) m_document.lastError = s.error().message;
}

void App::setWindow(imaging::Window window) {
  window.width = std::max(1.0, window.width);
  m_view.window = window;
}

void App::resetWindow() {
  if (!m_document.open) return;
  const OpenImage& open = *m_document.open;
  imaging::ValueRange range = open.values ? open.values->range : imaging::ValueRange{0, 255};
  setWindow(imaging::defaultWindow(open.image, range));
}

void App::requestOpenFile() {
  if (m_platform.requestOpenFile) m_platform.requestOpenFile();
}

void App::buildUi() {
  m_renderer.render(m_view.window, m_view.invert);
  const ImGuiIO& io = ImGui::GetIO();
  const float w = io.DisplaySize.x, h = io.DisplaySize.y;
  drawMenuBar(*this);
  const float menu = ImGui::GetFrameHeight();
  const float status = ImGui::GetFrameHeight() + 4;
  drawViewerPanel(*this, menu, w, h - menu - status);
  drawStatusBar(*this, h - status, w, status);
  drawHelpOverlay(*this);
}

void App::afterRender(int fbWidth, int fbHeight) {
  if (!m_probeRequested || !m_document.open) return;
  m_probeRequested = false;
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  int x0 = std::max(0, static_cast<int>(m_imageRect.x0 * scale.x));
  int x1 = std::min(fbWidth, static_cast<int>(m_imageRect.x1 * scale.x));
  int y0 = std::max(0, static_cast<int>(m_imageRect.y0 * scale.y));
  int y1 = std::min(fbHeight, static_cast<int>(m_imageRect.y1 * scale.y));
  CanvasProbe probe;
  probe.done = true;
  if (x1 > x0 && y1 > y0) {
    std::vector<std::uint8_t> px(static_cast<std::size_t>(x1 - x0) * (y1 - y0) * 4);
    // GL rows start at the bottom.
    glReadPixels(x0, fbHeight - y1, x1 - x0, y1 - y0, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    std::set<int> levels;
    for (std::size_t i = 0; i < px.size(); i += 4) {
      ++probe.pixels;
      levels.insert(px[i]);
      if (px[i] > 8 || px[i + 1] > 8 || px[i + 2] > 8) ++probe.nonBlack;
    }
    probe.distinctLevels = static_cast<int>(levels.size());
  }
  m_probe = probe;
}

std::string App::stateJson() const {
  nlohmann::json j;
  j["loaded"] = m_document.open.has_value();
  j["error"] = m_document.lastError;
  if (m_document.open) {
    const OpenImage& o = *m_document.open;
    const dicom::PixelLayout& l = o.image.layout;
    j["name"] = o.name;
    j["rows"] = l.rows;
    j["columns"] = l.columns;
    j["frames"] = l.frames;
    j["frame"] = o.frame;
    j["modality"] = o.image.modality;
    j["photometric"] = l.photometric;
    j["bits_allocated"] = l.bitsAllocated;
    j["texture"] = {{"width", m_renderer.width()}, {"height", m_renderer.height()},
                    {"ready", m_renderer.texture() != 0}};
  }
  j["view"] = {{"zoom", m_view.zoom}, {"window_center", m_view.window.center},
               {"window_width", m_view.window.width}, {"invert", m_view.invert}};
  j["probe"] = {{"done", m_probe.done}, {"pixels", m_probe.pixels},
                {"distinct_levels", m_probe.distinctLevels}, {"non_black", m_probe.nonBlack}};
  return j.dump();
}

}  // namespace limn::app
