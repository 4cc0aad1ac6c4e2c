// The Limn viewer application: model (Document), view state and commands.
// Panels (panel_*.cpp) read state and call commands; they hold no logic.
// Platform code (client/platform) owns the window, runs the decoders and
// calls frame().
#pragma once

#include <array>
#include <map>
#include <optional>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "client/app/ai_session.h"
#include "client/app/annot_session.h"
#include "client/app/deid_session.h"
#include "client/app/dicomweb_browser.h"
#include "client/app/document.h"
#include "client/app/sync_link.h"
#include "client/app/gl/image_renderer.h"
#include "client/app/gl/overlay_renderer.h"
#include "client/app/view_state.h"
#include "client/core/annot/measure.h"
#include "client/core/export/export_format.h"
#include "client/core/dicom/dicom_image.h"

namespace limn::app {

// What a platform can do for the app; implemented once per platform.
struct PlatformServices {
  void (*requestOpenFile)() = nullptr;                 // show the system file picker
  void (*requestOpenFolder)() = nullptr;               // ... for a whole folder
  void (*loadDisplayed)(std::uint64_t generation) = nullptr;  // first frame of a load is on screen
  void (*dicomwebRequest)(const char* requestJson) = nullptr;  // run a DICOMweb request (see web/dicomweb.js)
  void (*deidRequest)(const char* requestJson) = nullptr;      // de-identification work (see web/deid.js)
  void (*openText)(const char* kind) = nullptr;  // pick a text file; it comes back through App::openedText
  void (*saveText)(const char* fileName, const char* text) = nullptr;  // offer a file for download
  void (*saveFiles)(const char* zipName, const char* filesJson) = nullptr;  // {"path": "text", ...} as a zip download
  void (*showAccount)() = nullptr;  // the sign-in / invitation page (web/account.js)
  void (*syncPush)(const char* envelopesJson) = nullptr;  // sealed ops to queue and push (web/sync.js)
  // Runs input `index` of inference request `request` on the named model in
  // the page's worker (web/ai.js); the output comes back through App::aiOutput.
  void (*aiRun)(std::uint64_t request, std::uint32_t index, const char* model, const float* data,
                std::size_t count, const char* shapeJson) = nullptr;
  void (*openModel)() = nullptr;  // pick a local model card and .onnx file (web/ai.js)
  void (*aiStart)() = nullptr;    // fetch the site's model cards and start the model worker (once)
};

// A read-back of what is on screen, for end-to-end tests and diagnostics.
struct CanvasProbe {
  bool done = false;
  int pixels = 0;          // pixels sampled inside viewport 0's image rectangle
  int distinctLevels = 0;  // distinct red-channel values among them
  int nonBlack = 0;        // pixels with any channel above 8
};

// One screen pixel read back at the centre of an image pixel of a viewport.
struct PixelProbe {
  int viewport = 0;
  int u = 0, v = 0;                // plane pixel
  std::array<int, 4> rgba{};       // what the screen shows there
  bool inside = false;             // the pixel was on screen
  double stored = 0, modality = 0; // the data under it
};

// Where a viewport's image was drawn last frame (screen pixels).
struct ViewportScreen {
  float x0 = 0, y0 = 0;      // screen position of plane pixel (0, 0)'s corner
  float sx = 1, sy = 1;      // screen pixels per plane pixel
  float clipX0 = 0, clipY0 = 0, clipX1 = 0, clipY1 = 0;  // the viewport's area
};

class App {
 public:
  explicit App(PlatformServices platform);

  // GPU resources that do not depend on an image, made once at start-up so
  // the first image appears sooner.
  Status prepareGpu();

  // --- loading (the platform decodes off the UI thread) --------------------
  void beginLoad(std::size_t files);
  void addDecoded(const std::string& name, dicom::DicomImage image);
  void addPhoto(const std::string& name, std::uint32_t width, std::uint32_t height, std::vector<std::uint8_t> rgba);
  void addFailure(const std::string& name, const std::string& message);

  // --- DICOMweb source (requests run in the page; results come back here) ---
  DicomwebBrowser& dicomweb() { return m_dicomweb; }
  void dicomwebSearch();
  void dicomwebSelectStudy(int index);
  void dicomwebOpenSeries(int index);
  void dicomwebDeidentifyStudy();  // retrieve the selected study, de-identify it here
  void dicomwebResult(const std::string& json);

  // --- de-identification (runs in the page's workers; reports come back) ----
  DeidSession& deid() { return m_deid; }
  const DeidSession& deid() const { return m_deid; }
  void deidOpen();
  void deidChooseFolder();
  void deidRerunRefused();   // the refused files again, with the current decisions
  void deidPreview(const std::string& input);  // show an at-risk original here, to draw a box on it
  void deidAddTemplate();    // the drawn box, for images of the previewed file's device and size
  void deidSave();
  void deidOpenInViewer();
  void deidDiscard();
  void deidEvent(const std::string& json);
  deid::DeidConfig deidConfig() const;
  std::string deidSettingsJson() const;
  std::string deidDatasetReport() const;  // for the saved archive: no input paths

  // --- annotation (annot_commands.cpp) ---------------------------------------
  AnnotSession& annot() { return m_annot; }
  OverlayRenderer& overlay() { return m_overlay; }
  const AnnotSession& annot() const { return m_annot; }
  // Annotations are drawn on viewport 0 when it shows the acquired plane:
  // the slice (or frame) there and the image it belongs to.
  std::optional<std::uint32_t> annotationSlice() const;
  std::optional<annot::ImageRef> annotationImage(std::uint32_t slice) const;
  std::optional<annot::PixelSpacingMm> annotationSpacing() const;
  void setTool(Tool tool);
  void setLabel(const std::string& id);
  void cycleLabel(int delta);
  void setAuthor(const std::string& name);
  Status loadLabelSchema(const std::string& json);
  Status loadAnnotationFile(const std::string& json);
  annot::AnnotationFile annotationFile() const;  // what is open: schema, images, ops
  std::string annotationFileJson() const;
  // COCO, YOLO or Pascal VOC as a zip download, by the CLI's code (formats
  // that need the DICOM files themselves, SEG and NIfTI, are CLI only).
  void exportAnnotations(exporting::Format format);
  void requestOpenText(const char* kind);  // "schema" or "annotations"
  void openedText(const std::string& kind, const std::string& text);
  void saveAnnotations();
  // Drawing on the shown slice (image pixels); each makes one op.
  void createShape(annot::Shape shape);
  void classify(annot::Level level, std::map<std::string, std::string> attributes);
  void beginStroke(bool erase);
  void strokeTo(annot::Point p);  // dabs from the last point to p
  void endStroke();
  void cancelDraft();
  // Selection and edits.
  void selectAt(annot::Point p, bool add, double tolerance);
  void select(const std::string& id, bool add);
  void selectAllOnSlice();
  void clearSelection();
  void editShape(const std::string& id, annot::Shape shape);
  void setAnnotationLabel(const std::string& id, const std::string& label);
  void setAttributes(const std::string& id, std::map<std::string, std::string> attributes);
  void addComment(const std::string& id, const std::string& text);
  void setStatusSelected(const std::string& status);
  void deleteSelected();
  void toggleHiddenSelected();
  void toggleLockedSelected();
  void copySelectionToSlice(int delta);
  void fillBetweenSlices();  // the current label's masks, between the slices that have them
  void undo();
  void redo();
  // Annotations on the shown slice, in list order (filtered: as the list
  // panel's filter says). Cached until the document or the slice changes.
  const std::vector<const annot::Annotation*>& shownAnnotations(bool filtered) const;

  // --- live sync of a task (sync_commands.cpp; HTTP in web/sync.js) --------
  Status syncUnlock(const std::string& user, const std::string& publishedKeysJson, const std::string& kekHex,
                    const std::string& rememberedKeysJson);
  std::string syncKnownKeysJson() const { return m_sync.knownKeysJson().dump(); }
  // Signed out: keys forgotten; a task's document leaves the screen.
  void syncLock();
  Result<std::string> passwordRewrap(const std::string& newKekHex) const { return m_sync.passwordRewrap(newKekHex); }
  Result<std::vector<std::uint8_t>> openRelayedImage(const nlohmann::json& reply, const std::string& name) const {
    return m_sync.openRelayedImage(reply, name);
  }
  // {"task", "image_id", "keys": GET /projects/{name}/keys}: the document
  // becomes the task's (filled by what is pulled next).
  Status syncBind(const std::string& configJson);
  void syncIncoming(const std::string& replyJson);
  void syncAcknowledged(int count) { m_sync.acknowledged(static_cast<std::size_t>(std::max(count, 0))); }
  Result<nlohmann::json> syncRekey(const nlohmann::json& keyStatus, const nlohmann::json& envelopes) {
    return m_sync.rekey(keyStatus, envelopes);
  }
  const SyncLink& sync() const { return m_sync; }
  Result<nlohmann::json> signClientEvent(const nlohmann::json& event) const { return m_sync.signClientEvent(event); }

  // --- AI assistance and classical segmentation (ai_commands.cpp) -----------
  AiSession& ai() { return m_ai; }
  const AiSession& ai() const { return m_ai; }
  // The site's model cards as the page fetched them: [{"file", "card"} or {"file", "error"}].
  void aiModelsLoaded(const std::string& json);
  // The worker's news: {"backend", "note", "models": {"<name>": {"ready", "error"}}}.
  void aiModelStatus(const std::string& json);
  void aiOutput(std::uint64_t request, std::uint32_t index, infer::Tensor output, double runMs,
                const std::string& error);
  // Models load on first use (the AI section opened, the click-to-segment
  // tool taken): a page that never uses them downloads nothing for them.
  void aiStart();
  void aiOpenLocalModel();
  void aiSelectModel(int index);  // the model its kind (pre-annotation or click-to-segment) uses
  PreannotationStart aiPreannotate(const PreannotationScope& scope);
  void aiCancel();
  void aiConfirmProposals(bool wholeSlice);  // the selected (or all shown) proposals count from now on
  void aiPromptClick(annot::Point p, bool positive);
  void aiPromptBox(annot::Box box);
  void aiAcceptPreview();
  void aiClearPrompt();
  void growRegionAt(annot::Point p);               // region growing or threshold, per ai().grow
  void traceLevelAt(annot::Point p, bool commit);  // preview under the cursor, or the polygon
  void growCutSlice();                             // this slice's label masks as seeds

  // --- view commands --------------------------------------------------------
  void selectSeries(std::size_t index);
  void setLayout(Layout layout);
  void setActiveViewport(int viewport);
  void setCrosshair(const imaging::Voxel& voxel);
  void stepSlice(int viewport, int delta);
  void setWindow(imaging::Window window);
  void resetWindow();   // the file's first view, then its next one; else from the histogram
  void autoWindow();    // from the histogram of the shown slice
  void requestFit();
  void setActualPixels(int viewport);
  void setTileLimit(int pixels);
  void requestOpenFile();
  void requestOpenFolder();
  void requestAccount();
  void requestCanvasProbe() { m_probeRequested = true; m_probe = {}; }
  void requestPixelProbe(std::vector<PixelProbe> points);

  // --- frame ----------------------------------------------------------------
  void buildUi();  // between ImGui::NewFrame and ImGui::Render
  void afterRender(int framebufferWidth, int framebufferHeight);

  // Work waits for a frame: a load not yet on screen, or a probe.
  bool wantsFrame() const {
    return m_document.generation != m_displayedGeneration || m_probeRequested || m_pixelProbeRequested;
  }

  // --- state for panels, tests and the JS bridge ----------------------------
  const Document& document() const { return m_document; }
  ViewState& view() { return m_view; }
  const ImageRenderer& renderer(int viewport) const { return m_renderers[viewport]; }
  ImageRenderer& renderer(int viewport) { return m_renderers[viewport]; }
  // Why MPR is not offered for the current series ("" when it is).
  std::string mprUnavailableReason() const;
  // Number of positions along the viewport's slice axis.
  std::uint32_t sliceCount(int viewport) const;
  std::uint32_t sliceIndex(int viewport) const;
  imaging::PlaneMapping mapping(int viewport) const;
  // Patient-orientation letters at the viewport's edges (left, right, top,
  // bottom); empty when the series has no patient geometry.
  std::array<std::string, 4> edgeLabels(int viewport) const;
  std::string stateJson() const;
  // The live-sync part of stateJson alone: the page asks for it on every
  // reply of the long poll, where the whole state (every annotation) would cost.
  std::string syncStateJson() const;
  void setViewportScreen(int viewport, ViewportScreen screen) { m_screens[viewport] = screen; }

 private:
  void showDicomwebResult(const nlohmann::json& result);
  void finishLoad();
  void clearPending();
  // Stored values of the slice the crosshair is on (null without a volume).
  const std::vector<float>* shownSliceValues() const;
  void resetViewForSeries();
  void refreshTextures();
  std::uint32_t planeIndex(imaging::SlicePlane plane) const;

  void annotationsChanged(std::string message = {});
  void refreshOverlay();
  Status checkLabel(const std::string& label, annot::ShapeKind kind) const;
  annot::Annotation newAnnotation(annot::ImageRef image, annot::Shape shape) const;
  annot::IntensityGate gateFor(std::uint32_t slice) const;
  void dabSlice(std::uint32_t slice, annot::Point p, double radius);
  std::string annotationsStateJson() const;

  std::optional<infer::FrameView> aiFrame(const AiTarget& target) const;
  std::vector<AiTarget> preannotationTargets(const PreannotationScope& scope) const;
  bool aiSend(AiJob job);
  void aiFinish(AiJob job);
  void aiPump();
  void aiRunPrompt();

  void sendDicomweb(const std::string& requestJson);
  void sendDeid(const std::string& requestJson);

  PlatformServices m_platform;
  Document m_document;
  DicomwebBrowser m_dicomweb;
  DeidSession m_deid;
  AnnotSession m_annot;
  AiSession m_ai;
  SyncLink m_sync;
  void syncOutgoing();  // this person's new ops, sealed, to the page (after every change)
  ViewState m_view;
  std::array<ImageRenderer, 3> m_renderers;
  // What each renderer holds: (generation, series, plane, index); re-upload when it differs.
  struct Uploaded {
    std::uint64_t generation = ~0ull;
    std::size_t series = 0;
    imaging::SlicePlane plane = imaging::SlicePlane::kXY;
    std::uint32_t index = 0;
    bool operator==(const Uploaded&) const = default;
  };
  std::array<Uploaded, 3> m_uploaded;
  std::array<ViewportScreen, 3> m_screens;
  // Viewport 0's annotation overlay and what it holds.
  OverlayRenderer m_overlay;
  struct OverlayKey {
    std::uint64_t revision = ~0ull, generation = ~0ull;
    std::size_t series = 0;
    std::uint32_t slice = 0;
    bool shown = false;
    bool operator==(const OverlayKey&) const = default;
  };
  OverlayKey m_overlayKey;
  bool m_overlayPainting = false;  // the overlay was made for the brush or eraser
  std::vector<std::uint8_t> m_labels;  // label image of the shown slice (palette indices)
  struct ShownCache {
    OverlayKey key;
    annot::AnnotationFilter filter;
    bool thisSliceOnly = true;
    std::vector<const annot::Annotation*> list;
  };
  mutable std::array<ShownCache, 2> m_shown;  // unfiltered, filtered
  OverlayKey currentOverlayKey() const;
  annot::Point m_strokeLast;
  // The load in progress.
  std::vector<dicom::DicomImage> m_pendingImages;
  std::vector<std::string> m_pendingNames;
  std::vector<series::LoadedSeries> m_pendingPhotos;
  std::vector<std::string> m_pendingPhotoNames;
  std::vector<std::string> m_pendingFailures;
  std::vector<std::string> m_pendingNonImages;
  std::uint64_t m_displayedGeneration = 0;
  int m_tileLimit = 0;
  bool m_probeRequested = false;
  CanvasProbe m_probe;
  std::vector<PixelProbe> m_pixelProbes;
  bool m_pixelProbeRequested = false;
};

// Panels: one file each.
void drawMenuBar(App& app);
void drawSeriesPanel(App& app, float top, float width, float height);
void drawViewerPanel(App& app, float left, float top, float width, float height);
void drawStatusBar(App& app, float top, float width, float height);
void drawHelpOverlay(App& app);
void drawDicomwebPanel(App& app);
void drawDeidPanel(App& app);
void drawAnnotationPanel(App& app, float left, float top, float width, float height);
float annotationPanelWidth();  // what shows every tool's name whole
void drawAiSection(App& app);      // inside the annotation panel (panel_ai.cpp)
void drawGrowCutButton(App& app);  // in the brush section (panel_ai.cpp)
// The annotation layer of viewport 0: tool input and what is drawn over the
// image (annotation_tools.cpp).
void handleAnnotationKeys(App& app);
// Returns true when the tool took the mouse (no pan or crosshair click).
bool handleAnnotationInput(App& app, const ImagePlacement& p, bool hovered, bool active);
void drawAnnotationLayer(App& app, const ImagePlacement& p, ImVec2 clipMin, ImVec2 clipMax);

}  // namespace limn::app
