// Browser platform: the only file with emscripten.h. Owns the GLFW window on
// the page's canvas, drives the frame loop, and exposes a small C API that
// web/app.js calls (open a file, read state for tests).
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <memory>
#include <string>

#include "client/app/app.h"

namespace {

// Clicks the page's hidden <input type=file>; the browser allows it because
// we are inside the user's click (transient activation).
EM_JS(void, limn_js_open_picker, (), {
  const input = document.getElementById('file-input');
  if (input) input.click();
});

GLFWwindow* g_window = nullptr;
std::unique_ptr<limn::app::App> g_app;
std::string g_stateJson;

// The canvas fills the page (CSS); its drawing buffer follows the CSS size.
// Not through glfwSetWindowSize: Emscripten's GLFW turns a window the size
// of the screen into a fullscreen request.
struct CanvasSize {
  int width = 0;
  int height = 0;
};

CanvasSize syncCanvasSize() {
  double cssW = 0, cssH = 0;
  emscripten_get_element_css_size("#canvas", &cssW, &cssH);
  CanvasSize want{static_cast<int>(cssW), static_cast<int>(cssH)};
  int w = 0, h = 0;
  emscripten_get_canvas_element_size("#canvas", &w, &h);
  if (w != want.width || h != want.height) emscripten_set_canvas_element_size("#canvas", want.width, want.height);
  return want;
}

void frame() {
  const CanvasSize canvas = syncCanvasSize();
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(canvas.width), static_cast<float>(canvas.height));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  ImGui::NewFrame();
  const int fbW = canvas.width, fbH = canvas.height;
  g_app->buildUi();
  ImGui::Render();
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, fbW, fbH);
  glClearColor(0.06f, 0.06f, 0.07f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  g_app->afterRender(fbW, fbH);
}

}  // namespace

extern "C" {

// Called by web/app.js with a file's bytes (copied into wasm memory by JS;
// we take ownership of nothing: JS frees the buffer after the call).
EMSCRIPTEN_KEEPALIVE void limn_open_file(const char* name, const std::uint8_t* bytes, int length) {
  if (!g_app || length < 0) return;
  g_app->openFile(name ? name : "", std::span<const std::uint8_t>(bytes, static_cast<std::size_t>(length)));
}

// JSON snapshot of app state (what is open, view, probe); valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* limn_state_json() {
  g_stateJson = g_app ? g_app->stateJson() : "{}";
  return g_stateJson.c_str();
}

// Asks for a read-back of the image's screen pixels after the next frame.
EMSCRIPTEN_KEEPALIVE void limn_request_canvas_probe() {
  if (g_app) g_app->requestCanvasProbe();
}

}  // extern "C"

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "limn: GLFW failed to start\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  g_window = glfwCreateWindow(1280, 800, "Limn", nullptr, nullptr);
  if (!g_window) {
    std::fprintf(stderr, "limn: WebGL2 is not available in this browser\n");
    return 1;
  }
  glfwMakeContextCurrent(g_window);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing is written to browser storage behind the user's back
  // Emscripten's GLFW maps cursor changes onto pointer-lock calls, which the
  // browser rejects when made every frame; the page's CSS cursor is enough.
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  g_app = std::make_unique<limn::app::App>(limn::app::PlatformServices{&limn_js_open_picker});
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
