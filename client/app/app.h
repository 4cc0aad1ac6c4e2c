// The Limn viewer application: model (Document), view state and commands.
// Panels (panel_*.cpp) read state and call commands; they hold no logic.
// Platform code (client/platform) owns the window and calls frame().
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "client/app/document.h"
#include "client/app/gl/image_renderer.h"
#include "client/app/view_state.h"

namespace limn::app {

// What a platform can do for the app; implemented once per platform.
struct PlatformServices {
  void (*requestOpenFile)() = nullptr;  // show the system file picker
};

// A read-back of what is on screen, for end-to-end tests and diagnostics.
struct CanvasProbe {
  bool done = false;
  int pixels = 0;          // pixels sampled inside the image's screen rectangle
  int distinctLevels = 0;  // distinct red-channel values among them
  int nonBlack = 0;        // pixels with any channel above 8
};

class App {
 public:
  explicit App(PlatformServices platform) : m_platform(platform) {}

  // --- commands -----------------------------------------------------------
  void openFile(const std::string& name, std::span<const std::uint8_t> bytes);
  void showFrame(std::uint32_t frame);
  void setWindow(imaging::Window window);
  void resetWindow();
  void requestFit() { m_view.fitPending = true; }
  void requestOpenFile();
  void requestCanvasProbe() { m_probeRequested = true; m_probe = {}; }

  // --- frame --------------------------------------------------------------
  // Builds the UI for this frame (between ImGui::NewFrame and ImGui::Render).
  void buildUi();
  // After ImGui rendered into the default framebuffer: optional read-back.
  void afterRender(int framebufferWidth, int framebufferHeight);

  // --- state for panels, tests and the JS bridge ---------------------------
  const Document& document() const { return m_document; }
  ViewState& view() { return m_view; }
  ImageRenderer& renderer() { return m_renderer; }
  std::string stateJson() const;

  // Screen rectangle of the image last frame (framebuffer pixels).
  struct Rect { float x0 = 0, y0 = 0, x1 = 0, y1 = 0; };
  void setImageScreenRect(Rect r) { m_imageRect = r; }

 private:
  Status loadFrameValues();

  PlatformServices m_platform;
  Document m_document;
  ViewState m_view;
  ImageRenderer m_renderer;
  Rect m_imageRect;
  bool m_probeRequested = false;
  CanvasProbe m_probe;
};

// Panels: one file each.
void drawMenuBar(App& app);
void drawViewerPanel(App& app, float top, float width, float height);
void drawStatusBar(App& app, float top, float width, float height);
void drawHelpOverlay(App& app);

}  // namespace limn::app
