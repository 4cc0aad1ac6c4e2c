#include "client/app/app.h"

#include <GLES3/gl3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "client/core/imaging/orientation_label.h"

namespace limn::app {

namespace {

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

App::App(PlatformServices platform) : m_platform(platform) {
  m_annot.schema = defaultLabelSchema();
  m_annot.schemaName = m_annot.schema.name;
  if (!m_annot.schema.labels.empty()) m_annot.label = m_annot.schema.labels.front().id;
  m_annot.editor.emplace(m_annot.author, m_annot.schema.guidelineVersion);
}

Status App::prepareGpu() {
  for (ImageRenderer& r : m_renderers)
    if (auto s = r.prepare(); !s) return s;
  return m_overlay.prepare();
}

// --- loading ------------------------------------------------------------------

void App::clearPending() {
  m_pendingImages.clear();
  m_pendingNames.clear();
  m_pendingPhotos.clear();
  m_pendingPhotoNames.clear();
  m_pendingFailures.clear();
  m_pendingNonImages.clear();
}

void App::beginLoad(std::size_t files) {
  clearPending();
  m_document.progress = {files, 0, 0};
  if (files == 0) finishLoad();
}

void App::addDecoded(const std::string& name, dicom::DicomImage image) {
  if (!m_document.progress.active()) return;  // a result from an abandoned load
  ++m_document.progress.received;
  if (!image.hasPixelData) {
    const std::string what = image.sopClassUid.empty() ? "no SOP class UID" : "SOP class " + image.sopClassUid;
    m_pendingNonImages.push_back(name + ": this DICOM file has no image (" + what + ")");
    if (!m_document.progress.active()) finishLoad();
    return;
  }
  m_pendingImages.push_back(std::move(image));
  m_pendingNames.push_back(name);
  if (!m_document.progress.active()) finishLoad();
}

void App::addPhoto(const std::string& name, std::uint32_t width, std::uint32_t height,
                   std::vector<std::uint8_t> rgba) {
  if (!m_document.progress.active()) return;
  ++m_document.progress.received;
  if (rgba.size() != std::size_t{width} * height * 4 || width == 0 || height == 0) {
    ++m_document.progress.failed;
    m_pendingFailures.push_back(name + ": photograph has no pixels");
  } else {
    m_pendingPhotos.push_back(series::photographSeries(name, width, height, std::move(rgba)));
    m_pendingPhotoNames.push_back(name);
  }
  if (!m_document.progress.active()) finishLoad();
}

void App::addFailure(const std::string& name, const std::string& message) {
  if (!m_document.progress.active()) return;
  ++m_document.progress.received;
  ++m_document.progress.failed;
  m_pendingFailures.push_back(name + ": " + message);
  if (!m_document.progress.active()) finishLoad();
}

void App::finishLoad() {
  series::LoadResult result = series::assembleSeries(m_pendingImages, m_pendingNames);
  std::vector<std::string> firstFiles;
  for (const series::LoadedSeries& s : result.series) firstFiles.push_back(m_pendingNames[s.plan.instances.front()]);
  for (std::size_t i = 0; i < m_pendingPhotos.size(); ++i) {
    result.series.push_back(std::move(m_pendingPhotos[i]));
    firstFiles.push_back(m_pendingPhotoNames[i]);
  }
  std::vector<std::string> failures = std::move(m_pendingFailures);
  failures.insert(failures.end(), result.failures.begin(), result.failures.end());
  const std::size_t files = m_document.progress.expected;
  m_document.loadFailures = failures;
  m_document.nonImages = std::move(m_pendingNonImages);
  clearPending();
  if (result.series.empty()) {
    // Nothing new to show: keep what is open and say why.
    const std::string& first = !failures.empty()              ? failures.front()
                               : !m_document.nonImages.empty() ? m_document.nonImages.front()
                                                               : std::string(": no files");
    const std::size_t colon = first.find(": ");
    m_document.lastErrorFile = first.substr(0, colon);
    m_document.lastError = files > 1 ? "none of " + plural(files, "file") + " could be opened; first: " +
                                           first.substr(colon + 2)
                                     : first.substr(colon + 2);
    return;
  }
  m_document.series = std::move(result.series);
  m_document.seriesFirstFile = std::move(firstFiles);
  // Show the largest series first: a study's localizer is rarely what the reader wants.
  m_document.active = 0;
  for (std::size_t i = 1; i < m_document.series.size(); ++i)
    if (m_document.series[i].plan.geometry.depth > m_document.series[m_document.active].plan.geometry.depth)
      m_document.active = i;
  ++m_document.generation;
  m_document.lastErrorFile.clear();  // the series panel names the files
  m_document.lastError = failures.empty() ? std::string()
                                          : plural(failures.size(), "file") + " of " + std::to_string(files) +
                                                " could not be opened (see the series panel)";
  resetViewForSeries();
}

void App::resetViewForSeries() {
  const series::LoadedSeries* s = m_document.current();
  if (!s) return;
  const imaging::VolumeGeometry& g = s->plan.geometry;
  if (!mprUnavailableReason().empty()) m_view.layout = Layout::kSingle;
  const bool volume = s->volume && s->plan.regularGrid;
  m_view.crosshair = {static_cast<std::int64_t>(g.width / 2), static_cast<std::int64_t>(g.height / 2),
                      volume ? static_cast<std::int64_t>(g.depth / 2) : 0};
  m_view.invert = s->photometric == "MONOCHROME1";
  m_view.activeViewport = 0;
  m_view.cursor = {};
  resetWindow();
  requestFit();
}

// --- view commands ------------------------------------------------------------

void App::selectSeries(std::size_t index) {
  if (index >= m_document.series.size() || index == m_document.active) return;
  m_document.active = index;
  resetViewForSeries();
}

void App::setLayout(Layout layout) {
  if (layout == Layout::kMpr && !mprUnavailableReason().empty()) return;
  m_view.layout = layout;
  if (m_view.activeViewport >= m_view.visibleViewports()) m_view.activeViewport = 0;
  requestFit();
}

void App::setActiveViewport(int viewport) {
  if (viewport >= 0 && viewport < m_view.visibleViewports()) m_view.activeViewport = viewport;
}

void App::setCrosshair(const imaging::Voxel& voxel) {
  const series::LoadedSeries* s = m_document.current();
  if (!s) return;
  const imaging::VolumeGeometry& g = s->plan.geometry;
  const std::int64_t limits[3] = {g.width, g.height, std::max<std::int64_t>(1, sliceCount(0))};
  for (int a = 0; a < 3; ++a) m_view.crosshair[a] = std::clamp<std::int64_t>(voxel[a], 0, limits[a] - 1);
}

void App::stepSlice(int viewport, int delta) {
  const std::uint32_t count = sliceCount(viewport);
  if (count == 0) return;
  imaging::Voxel c = m_view.crosshair;
  const int axis = mapping(viewport).fixedAxis();
  c[axis] = std::clamp<std::int64_t>(c[axis] + delta, 0, count - 1);
  setCrosshair(c);
}

void App::setWindow(imaging::Window window) {
  window.width = std::max(1.0, window.width);
  m_view.window = window;
}

const std::vector<float>* App::shownSliceValues() const {
  const series::LoadedSeries* s = m_document.current();
  if (!s || !s->volume) return nullptr;
  return &s->volume->slices[std::min<std::size_t>(m_view.crosshair[2], s->volume->slices.size() - 1)];
}

void App::resetWindow() {
  const std::vector<float>* slice = shownSliceValues();
  if (!slice) return;
  const series::LoadedSeries& s = *m_document.current();
  std::vector<imaging::Window> own = imaging::fileWindows(s.display);
  // Pressed again on one of the file's views: its next one (a file may
  // offer several, e.g. soft tissue, lung and bone, or VOI LUT tables).
  const auto shown = std::find_if(own.begin(), own.end(),
                                  [&](const imaging::Window& w) { return imaging::showsFileView(m_view.window, w); });
  if (shown != own.end()) {
    setWindow(std::move(std::next(shown) == own.end() ? own.front() : *std::next(shown)));
    return;
  }
  setWindow(imaging::defaultWindow(s.display, *slice, s.volume->displayLut));
}

void App::autoWindow() {
  if (const std::vector<float>* slice = shownSliceValues())
    setWindow(imaging::histogramWindow(*slice, m_document.current()->volume->displayLut));
}

void App::requestFit() {
  for (Viewport& v : m_view.viewports) v.fitPending = true;
}

void App::setActualPixels(int viewport) {
  Viewport& v = m_view.viewports[viewport];
  v.zoom = 1;
  v.panX = v.panY = 0;
}

void App::setTileLimit(int pixels) {
  m_tileLimit = pixels;
  m_overlayKey = {};
  for (std::size_t i = 0; i < m_renderers.size(); ++i) {
    m_renderers[i].setTileLimit(pixels);
    m_uploaded[i] = {};
  }
}

void App::requestOpenFile() {
  if (m_platform.requestOpenFile) m_platform.requestOpenFile();
}

void App::requestAccount() {
  if (m_platform.showAccount) m_platform.showAccount();
}

void App::requestOpenFolder() {
  if (m_platform.requestOpenFolder) m_platform.requestOpenFolder();
}

void App::requestPixelProbe(std::vector<PixelProbe> points) {
  m_pixelProbes = std::move(points);
  m_pixelProbeRequested = true;
}

// --- queries ------------------------------------------------------------------

std::string App::mprUnavailableReason() const {
  const series::LoadedSeries* s = m_document.current();
  if (!s) return "nothing is open";
  if (!s->volume) return "colour images have no volume";
  if (s->plan.geometry.depth < 2) return "a single image has no volume";
  if (!s->plan.regularGrid)
    return s->plan.issues.empty() ? "slices are not a regular grid" : s->plan.issues.front().message;
  return "";
}

imaging::PlaneMapping App::mapping(int viewport) const {
  const series::LoadedSeries* s = m_document.current();
  if (!s) return {};
  const imaging::SlicePlane plane =
      m_view.layout == Layout::kMpr ? m_view.viewports[viewport].plane : imaging::SlicePlane::kXY;
  return imaging::planeMapping(s->plan.geometry, plane);
}

std::array<std::string, 4> App::edgeLabels(int viewport) const {
  const series::LoadedSeries* s = m_document.current();
  if (!s || !s->plan.geometry.inPatientSpace) return {};
  const auto axes = imaging::planeScreenAxes(s->plan.geometry, mapping(viewport).plane);
  return {imaging::orientationLabel(imaging::scaled(axes[0], -1)), imaging::orientationLabel(axes[0]),
          imaging::orientationLabel(imaging::scaled(axes[1], -1)), imaging::orientationLabel(axes[1])};
}

std::uint32_t App::sliceCount(int viewport) const {
  const series::LoadedSeries* s = m_document.current();
  if (!s) return 0;
  if (s->colour) return static_cast<std::uint32_t>(s->colour->frames.size());
  return imaging::planeCount(s->volume->geometry, mapping(viewport).plane);
}

std::uint32_t App::sliceIndex(int viewport) const {
  return static_cast<std::uint32_t>(m_view.crosshair[mapping(viewport).fixedAxis()]);
}

// --- frame --------------------------------------------------------------------

void App::refreshTextures() {
  const series::LoadedSeries* s = m_document.current();
  for (int i = 0; i < 3; ++i) {
    if (!s || i >= m_view.visibleViewports()) continue;
    const imaging::PlaneMapping m = mapping(i);
    const Uploaded want{m_document.generation, m_document.active, m.plane, sliceIndex(i)};
    if (want == m_uploaded[i]) continue;
    Status st = okStatus();
    if (s->volume && m.plane == imaging::SlicePlane::kXY) {
      // The acquired plane is a slice as stored: upload it without a copy.
      const auto& slice = s->volume->slices[std::min<std::size_t>(want.index, s->volume->slices.size() - 1)];
      st = m_renderers[i].uploadValues(m.width, m.height, slice, s->volume->displayLut);
    } else if (s->volume) {
      const imaging::FrameValues plane = imaging::extractPlane(*s->volume, m.plane, want.index);
      st = m_renderers[i].uploadValues(plane.width, plane.height, plane.values, s->volume->displayLut);
    } else {
      const auto& frame = s->colour->frames[std::min<std::size_t>(want.index, s->colour->frames.size() - 1)];
      st = m_renderers[i].uploadRgba(s->colour->width, s->colour->height, frame);
    }
    m_uploaded[i] = want;
    if (!st) {
      m_document.lastError = st.error().message;
      m_document.lastErrorFile = m_document.seriesFirstFile[m_document.active];
      m_renderers[i].clear();
    }
  }
  for (int i = 0; i < m_view.visibleViewports(); ++i) m_renderers[i].setWindow(m_view.window, m_view.invert);
}

void App::buildUi() {
  refreshTextures();
  const ImGuiIO& io = ImGui::GetIO();
  const float w = io.DisplaySize.x, h = io.DisplaySize.y;
  drawMenuBar(*this);
  const float menu = ImGui::GetFrameHeight();
  const float status = ImGui::GetFrameHeight() + 4;
  const bool listed = m_document.series.size() > 1 || !m_document.loadFailures.empty() || !m_document.nonImages.empty();
  const float side = listed ? std::floor(std::min(260.0f, w * 0.25f)) : 0;
  if (side > 0) drawSeriesPanel(*this, menu, side, h - menu - status);
  const float right =
      m_document.current() && m_view.showAnnotations ? std::floor(std::min(annotationPanelWidth(), w * 0.31f)) : 0;
  refreshOverlay();
  // A gap before the panel: its border must not cover the image's last column.
  drawViewerPanel(*this, side, menu, w - side - (right > 0 ? right + 2 : 0), h - menu - status);
  if (right > 0) drawAnnotationPanel(*this, w - right, menu, right, h - menu - status);
  drawStatusBar(*this, h - status, w, status);
  drawHelpOverlay(*this);
  drawDicomwebPanel(*this);
  drawDeidPanel(*this);
}

void App::afterRender(int fbWidth, int fbHeight) {
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  if (m_document.generation != m_displayedGeneration && m_uploaded[0].generation == m_document.generation &&
      m_renderers[0].ready()) {
    m_displayedGeneration = m_document.generation;
    if (m_platform.loadDisplayed) m_platform.loadDisplayed(m_displayedGeneration);
  }
  if (m_probeRequested && m_document.current()) {
    m_probeRequested = false;
    const ViewportScreen& sc = m_screens[0];
    const imaging::PlaneMapping m = mapping(0);
    const float x0f = std::max(sc.x0, sc.clipX0), x1f = std::min(sc.x0 + sc.sx * m.width, sc.clipX1);
    const float y0f = std::max(sc.y0, sc.clipY0), y1f = std::min(sc.y0 + sc.sy * m.height, sc.clipY1);
    const int x0 = std::max(0, static_cast<int>(x0f * scale.x)), x1 = std::min(fbWidth, static_cast<int>(x1f * scale.x));
    const int y0 = std::max(0, static_cast<int>(y0f * scale.y)), y1 = std::min(fbHeight, static_cast<int>(y1f * scale.y));
    CanvasProbe probe;
    probe.done = true;
    if (x1 > x0 && y1 > y0) {
      std::vector<std::uint8_t> px(static_cast<std::size_t>(x1 - x0) * (y1 - y0) * 4);
      glReadPixels(x0, fbHeight - y1, x1 - x0, y1 - y0, GL_RGBA, GL_UNSIGNED_BYTE, px.data());  // GL rows start at the bottom
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
  if (m_pixelProbeRequested && m_document.current()) {
    m_pixelProbeRequested = false;
    const series::LoadedSeries& s = *m_document.current();
    for (PixelProbe& p : m_pixelProbes) {
      if (p.viewport < 0 || p.viewport >= m_view.visibleViewports()) continue;
      const ViewportScreen& sc = m_screens[p.viewport];
      const float cx = sc.x0 + (p.u + 0.5f) * sc.sx, cy = sc.y0 + (p.v + 0.5f) * sc.sy;
      p.inside = cx >= sc.clipX0 && cx < sc.clipX1 && cy >= sc.clipY0 && cy < sc.clipY1;
      const imaging::PlaneMapping m = mapping(p.viewport);
      if (p.u < 0 || p.v < 0 || p.u >= static_cast<int>(m.width) || p.v >= static_cast<int>(m.height)) p.inside = false;
      if (!p.inside) continue;
      std::uint8_t px[4] = {};
      // At zooms below 1 an image pixel covers a fraction of a screen pixel:
      // read the nearest screen pixel whose centre lies on the image.
      const auto onImage = [](float c, float origin, float extent) {
        const float first = std::ceil(origin - 0.5f), last = std::floor(origin + extent - 0.5f);
        return static_cast<int>(std::clamp(std::floor(c), first, std::max(first, last)));
      };
      const int fx = onImage(cx * scale.x, sc.x0 * scale.x, m.width * sc.sx * scale.x);
      const int fy = onImage(cy * scale.y, sc.y0 * scale.y, m.height * sc.sy * scale.y);
      glReadPixels(fx, fbHeight - 1 - fy, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
      p.rgba = {px[0], px[1], px[2], px[3]};
      if (s.volume) {
        const imaging::Voxel vx = m.voxel(p.u, p.v, sliceIndex(p.viewport));
        const auto x = static_cast<std::uint32_t>(vx[0]), y = static_cast<std::uint32_t>(vx[1]),
                   z = static_cast<std::uint32_t>(vx[2]);
        p.stored = s.volume->storedValue(x, y, z);
        p.modality = s.volume->modalityValue(x, y, z);
      }
    }
  }
}

std::string App::stateJson() const {
  nlohmann::json j;
  const series::LoadedSeries* s = m_document.current();
  j["loaded"] = s != nullptr;
  j["error"] = m_document.lastError;
  j["failures"] = m_document.loadFailures;
  j["non_images"] = m_document.nonImages;
  j["load"] = {{"expected", m_document.progress.expected}, {"received", m_document.progress.received},
               {"failed", m_document.progress.failed}, {"generation", m_document.generation},
               {"displayed", m_displayedGeneration}};
  nlohmann::json list = nlohmann::json::array();
  for (const series::LoadedSeries& ls : m_document.series) {
    nlohmann::json issues = nlohmann::json::array();
    for (const series::Issue& i : ls.plan.issues) issues.push_back(i.message);
    list.push_back({{"label", ls.label}, {"slices", ls.plan.geometry.depth}, {"regular", ls.plan.regularGrid},
                    {"issues", issues}});
  }
  j["series"] = list;
  const deid::KAnonymity k = deid::kAnonymity(m_deid.reports, static_cast<std::uint32_t>(m_deid.minK));
  constexpr const char* kPhases[] = {"closed", "setup", "running", "review"};
  j["deid"] = {{"phase", kPhases[static_cast<int>(m_deid.phase)]},
               {"total", m_deid.total},
               {"done", m_deid.reports.size()},
               {"deidentified", m_deid.count(deid::FileStatus::kDeidentified)},
               {"refused", m_deid.count(deid::FileStatus::kRefused)},
               {"unreadable", m_deid.count(deid::FileStatus::kUnreadable)},
               {"k", k.k},
               {"k_below_threshold", k.belowThreshold},
               {"saved", m_deid.saved},
               {"templates", m_deid.templates.size()},
               {"redaction_box", m_view.redaction.valid ? nlohmann::json(m_view.redaction.box) : nlohmann::json(nullptr)},
               {"status", m_deid.status}};
  if (s) {
    const imaging::VolumeGeometry& g = s->plan.geometry;
    j["active"] = m_document.active;
    j["name"] = m_document.seriesFirstFile[m_document.active];
    j["rows"] = g.height;
    j["columns"] = g.width;
    j["frames"] = sliceCount(0);
    j["frame"] = m_view.crosshair[2];
    j["modality"] = s->plan.modality;
    j["photometric"] = s->photometric;
    j["bits_allocated"] = s->bitsAllocated;
    j["spacing"] = g.spacing;
    j["spacing_source"] = s->plan.spacingSource;
    j["mpr_unavailable"] = mprUnavailableReason();
    j["layout"] = m_view.layout == Layout::kMpr ? "mpr" : "single";
    j["crosshair"] = m_view.crosshair;
    nlohmann::json views = nlohmann::json::array();
    for (int i = 0; i < m_view.visibleViewports(); ++i) {
      const imaging::PlaneMapping m = mapping(i);
      views.push_back({{"plane", std::string(imaging::planeName(g, m.plane))}, {"width", m.width},
                       {"height", m.height}, {"index", sliceIndex(i)}, {"count", sliceCount(i)},
                       {"zoom", m_view.viewports[i].zoom}, {"tiles", m_renderers[i].tiles().size()},
                       {"ready", m_renderers[i].ready()}, {"edges", edgeLabels(i)},
                       {"screen", {{"x0", m_screens[i].x0}, {"y0", m_screens[i].y0}, {"sx", m_screens[i].sx},
                                   {"sy", m_screens[i].sy}}}});
    }
    j["viewports"] = views;
    j["texture"] = {{"width", m_renderers[0].width()}, {"height", m_renderers[0].height()},
                    {"ready", m_renderers[0].ready()}, {"tiles", m_renderers[0].tiles().size()}};
  }
  j["view"] = {{"zoom", m_view.viewports[0].zoom}, {"window_center", m_view.window.center},
               {"window_width", m_view.window.width}, {"window_function", static_cast<int>(m_view.window.function)},
               {"window_label", m_view.window.label}, {"invert", m_view.invert}};
  j["probe"] = {{"done", m_probe.done}, {"pixels", m_probe.pixels},
                {"distinct_levels", m_probe.distinctLevels}, {"non_black", m_probe.nonBlack}};
  nlohmann::json probes = nlohmann::json::array();
  for (const PixelProbe& p : m_pixelProbes)
    probes.push_back({{"viewport", p.viewport}, {"u", p.u}, {"v", p.v}, {"inside", p.inside}, {"rgba", p.rgba},
                      {"stored", p.stored}, {"modality", p.modality}});
  j["pixel_probe"] = {{"done", !m_pixelProbeRequested}, {"points", probes}};
  j["annotations"] = nlohmann::json::parse(annotationsStateJson());
  j["sync"] = m_sync.stateJson();
  {
    nlohmann::json models = nlohmann::json::array();
    for (const AiModel& m : m_ai.models)
      models.push_back({{"name", m.card.name}, {"version", m.card.version}, {"key", m.key()},
                        {"task", infer::modelTaskName(m.card.task)}, {"ready", m.ready}, {"error", m.error},
                        {"local", m.local}, {"selected", m_ai.model(m.interactive() ? m_ai.interactiveModel
                                                                                   : m_ai.preannotateModel) == &m}});
    j["ai"] = {{"backend", m_ai.backend}, {"models", models}, {"busy", m_ai.busy()},
               {"queue", {{"total", m_ai.queueTotal}, {"done", m_ai.queueDone}, {"proposals", m_ai.proposalsMade},
                          {"cancelled", m_ai.cancelled}}},
               {"preview_area", m_ai.preview ? annot::maskArea(*m_ai.preview) : 0},
               {"preview_confidence", m_ai.previewConfidence},
               {"level_preview_vertices", m_ai.levelPreview.empty() ? 0 : m_ai.levelPreview[0].vertices.size()},
               {"round_trip_ms", m_ai.lastRoundTripMs}, {"run_ms", m_ai.lastRunMs}, {"message", m_ai.message}};
  }
  j["dicomweb"] = {{"status", m_dicomweb.status}, {"busy", m_dicomweb.busy},
                   {"studies", m_dicomweb.studies.size()}, {"series", m_dicomweb.series.size()}};
  return j.dump();
}

}  // namespace limn::app
