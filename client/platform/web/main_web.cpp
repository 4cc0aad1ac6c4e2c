// Browser platform: the UI thread's only file with emscripten.h. Owns the
// GLFW window on the page's canvas, drives the frame loop, and exposes a
// small C API that web/app.js calls: results of the decode workers (DICOM
// headers and pixels, photographs, failures), view commands and state for
// tests.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "client/app/app.h"
#include "client/app/ui_damage.h"
#include "client/core/dicom/image_header_json.h"
#include "client/platform/web/page_json.h"

namespace {

// Clicks the page's hidden <input type=file>; the browser allows it because
// we are inside the user's click (transient activation).
EM_JS(void, limn_js_open_picker, (), {
  const input = document.getElementById('file-input');
  if (input) input.click();
});

EM_JS(void, limn_js_open_folder_picker, (), {
  const input = document.getElementById('folder-input');
  if (input) input.click();
});

// Hands a DICOMweb request of the app to web/dicomweb.js.
EM_JS(void, limn_js_dicomweb_request, (const char* request), {
  if (window.limn && window.limn.dicomweb) window.limn.dicomweb.handle(JSON.parse(UTF8ToString(request)));
});

// Hands a de-identification request of the app to web/deid.js.
EM_JS(void, limn_js_deid_request, (const char* request), {
  if (window.limn && window.limn.deid) window.limn.deid.handle(JSON.parse(UTF8ToString(request)));
});

// Picks a JSON file (a label schema or an annotation file); web/app.js
// reads it and hands the text back through limn_opened_text.
EM_JS(void, limn_js_open_text, (const char* kind), {
  if (window.limn && window.limn.openText) window.limn.openText(UTF8ToString(kind));
});

// Offers text as a file download (annotations never go to a server here).
EM_JS(void, limn_js_save_text, (const char* name, const char* text), {
  if (window.limn && window.limn.saveText) window.limn.saveText(UTF8ToString(name), UTF8ToString(text));
});

// Offers several text files as one zip download.
EM_JS(void, limn_js_save_files, (const char* name, const char* files), {
  if (window.limn && window.limn.saveFiles) window.limn.saveFiles(UTF8ToString(name), JSON.parse(UTF8ToString(files)));
});

// Shows the sign-in / invitation page (web/account.js).
EM_JS(void, limn_js_show_account, (), {
  if (window.limn && window.limn.account) window.limn.account.show();
});

// Sealed ops for the page's outbox and push (web/sync.js).
EM_JS(void, limn_js_sync_push, (const char* envelopes), {
  if (window.limn && window.limn.sync) window.limn.sync.push(JSON.parse(UTF8ToString(envelopes)));
});

// ImGui's OpenGL backend saves the scissor box and blend state before it
// draws and restores them after. WebGL answers those queries from the GPU
// process, so each one waits for everything queued before it: on a
// software rasteriser that stalled every frame ~20 ms. The context
// remembers what was last set instead (only this module draws on it) and
// answers those queries itself; a call WebGL would refuse leaves the
// remembered value unknown, so the next query asks the GPU process.
EM_JS(void, limn_js_remember_gl_state, (), {
  const gl = GLctx;
  const query = gl.getParameter.bind(gl);
  const remembered = new Map();
  const blendFactors = new Set([gl.ZERO, gl.ONE, gl.SRC_COLOR, gl.ONE_MINUS_SRC_COLOR, gl.DST_COLOR,
    gl.ONE_MINUS_DST_COLOR, gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA, gl.DST_ALPHA, gl.ONE_MINUS_DST_ALPHA,
    gl.SRC_ALPHA_SATURATE]);
  const blendEquations = new Set([gl.FUNC_ADD, gl.FUNC_SUBTRACT, gl.FUNC_REVERSE_SUBTRACT, gl.MIN, gl.MAX]);
  const set = (pairs, valid) => {
    for (const pair of pairs) {
      if (valid) remembered.set(pair[0], pair[1]);
      else remembered.delete(pair[0]);
    }
  };
  const after = (method, note) => {
    const call = gl[method].bind(gl);
    gl[method] = (...args) => {
      note(...args);
      return call(...args);
    };
  };
  after('scissor', (x, y, w, h) => set([[gl.SCISSOR_BOX, [x | 0, y | 0, w | 0, h | 0]]], w >= 0 && h >= 0));
  after('blendFunc', (s, d) => set([[gl.BLEND_SRC_RGB, s], [gl.BLEND_SRC_ALPHA, s], [gl.BLEND_DST_RGB, d],
    [gl.BLEND_DST_ALPHA, d]], blendFactors.has(s) && blendFactors.has(d)));
  after('blendFuncSeparate', (sr, dr, sa, da) => set([[gl.BLEND_SRC_RGB, sr], [gl.BLEND_DST_RGB, dr],
    [gl.BLEND_SRC_ALPHA, sa], [gl.BLEND_DST_ALPHA, da]], [sr, dr, sa, da].every((f) => blendFactors.has(f))));
  after('blendEquation', (m) => set([[gl.BLEND_EQUATION_RGB, m], [gl.BLEND_EQUATION_ALPHA, m]], blendEquations.has(m)));
  after('blendEquationSeparate', (r, a) => set([[gl.BLEND_EQUATION_RGB, r], [gl.BLEND_EQUATION_ALPHA, a]],
    blendEquations.has(r) && blendEquations.has(a)));
  const kept = new Set([gl.SCISSOR_BOX, gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB, gl.BLEND_SRC_ALPHA, gl.BLEND_DST_ALPHA,
    gl.BLEND_EQUATION_RGB, gl.BLEND_EQUATION_ALPHA]);
  gl.getParameter = (name) => {
    if (!kept.has(name)) return query(name);
    if (!remembered.has(name)) {
      const value = query(name);
      if (value === null) return null;
      remembered.set(name, name === gl.SCISSOR_BOX ? [...value] : value);
    }
    const value = remembered.get(name);
    return name === gl.SCISSOR_BOX ? new Int32Array(value) : value;
  };
  gl.canvas.addEventListener('webglcontextlost', () => remembered.clear());
});

// One input tensor of an inference request for the page's model worker
// (web/ai.js); the output comes back through limn_ai_output.
EM_JS(void, limn_js_ai_run, (double request, int index, const char* model, const float* data, int count, const char* shape), {
  if (window.limn && window.limn.ai)
    window.limn.ai.run(request, index, UTF8ToString(model), HEAPF32.slice(data >> 2, (data >> 2) + count),
                       JSON.parse(UTF8ToString(shape)));
});

EM_JS(void, limn_js_ai_start, (), {
  if (window.limn && window.limn.ai) window.limn.ai.start();
});

EM_JS(void, limn_js_open_model, (), {
  if (window.limn && window.limn.ai && window.limn.ai.pick) window.limn.ai.pick();
});

void aiRun(std::uint64_t request, std::uint32_t index, const char* model, const float* data, std::size_t count,
           const char* shape) {
  limn_js_ai_run(static_cast<double>(request), static_cast<int>(index), model, data, static_cast<int>(count), shape);
}

// Tells the page that a load's first image is on screen (time to first image).
EM_JS(void, limn_js_load_displayed, (double generation), {
  if (window.limn && window.limn.onLoadDisplayed) window.limn.onLoadDisplayed(generation);
});

void loadDisplayed(std::uint64_t generation) { limn_js_load_displayed(static_cast<double>(generation)); }

GLFWwindow* g_window = nullptr;
std::unique_ptr<limn::app::App> g_app;
std::string g_stateJson;
std::string g_deidReport;
std::string g_text;  // returned strings live until the next call
std::vector<std::uint8_t> g_incoming;  // see limn_incoming_buffer
std::vector<float> g_aiOutput;         // see limn_ai_output_buffer
double g_lastFrameMs = 0;  // all of frame(), including the GL draw submission
double g_lastAppMs = 0;    // our part: UI, slice extraction, uploads
limn::app::UiDamage g_uiDamage;  // what each frame draws again (the canvas keeps its pixels)
struct RedrawCounts {
  long long fullFrames = 0;
  long long partialFrames = 0;
  long long lastPixels = 0;  // pixels the last frame cleared and drew
} g_redraws;
bool g_partialRedraw = true;  // off: every frame whole (the benchmark's comparison)

// The canvas fills the page (CSS); its drawing buffer has one pixel per
// device pixel (CSS size x devicePixelRatio), so on a HiDPI screen the
// browser does not scale the canvas up with smoothing: image pixels stay
// crisp squares. The UI is laid out in CSS pixels (ImGui's display size),
// drawn at the framebuffer scale. Not through glfwSetWindowSize:
// Emscripten's GLFW turns a window the size of the screen into a
// fullscreen request.
struct CanvasSize {
  int width = 0;   // CSS pixels
  int height = 0;
  int fbWidth = 0;  // drawing buffer pixels
  int fbHeight = 0;
};

CanvasSize syncCanvasSize() {
  double cssW = 0, cssH = 0;
  emscripten_get_element_css_size("#canvas", &cssW, &cssH);
  const double ratio = std::clamp(emscripten_get_device_pixel_ratio(), 1.0, 4.0);
  CanvasSize want{static_cast<int>(cssW), static_cast<int>(cssH), static_cast<int>(std::lround(cssW * ratio)),
                  static_cast<int>(std::lround(cssH * ratio))};
  int w = 0, h = 0;
  emscripten_get_canvas_element_size("#canvas", &w, &h);
  if (w != want.fbWidth || h != want.fbHeight) emscripten_set_canvas_element_size("#canvas", want.fbWidth, want.fbHeight);
  return want;
}

// Frames are drawn only while something happens: at full rate just after
// input or a command (a drag, a click's highlight), then ten times a second
// for the rest of the half second ImGui needs for hover delays and
// tooltips, and ten times a second while files decode. An idle viewer costs
// nothing, which matters on laptops and leaves the CPU to the decode
// workers and, in a live session, to showing the other physicians' edits.
constexpr double kFullRateAfterInputMs = 100;
constexpr double kAwakeAfterInputMs = 500;
constexpr double kSlowFrameIntervalMs = 100;
double g_inputAt = -1e9;
double g_lastDrawnAt = 0;
CanvasSize g_lastCanvas;

void wake() { g_inputAt = emscripten_get_now(); }

// What arrives without the person doing anything (another physician's edit,
// an acknowledgement) needs one frame to be shown, not the hover frames
// input does: a live session must not keep every open tab drawing.
int g_framesOwed = 0;
void showChange() { g_framesOwed = std::max(g_framesOwed, 1); }

bool shouldDraw(double now, const CanvasSize& canvas) {
  if (canvas.fbWidth != g_lastCanvas.fbWidth || canvas.fbHeight != g_lastCanvas.fbHeight) {
    g_lastCanvas = canvas;
    wake();
  }
  if (g_framesOwed > 0) {
    --g_framesOwed;
    return true;
  }
  const bool slowFrameDue = now - g_lastDrawnAt >= kSlowFrameIntervalMs;
  if (g_app->document().progress.active()) return slowFrameDue;
  if (g_app->wantsFrame()) return true;
  const double sinceInput = now - g_inputAt;
  return sinceInput < kFullRateAfterInputMs || (sinceInput < kAwakeAfterInputMs && slowFrameDue);
}

// The default font is a pixel font placed on whole pixels, one atlas texel
// per screen pixel, so nearest sampling shows the same text as linear while
// costing less for every UI pixel on software GL (SwiftShader: about 2 ms of
// a 1280x800 frame). Lines are then anti-aliased by their geometry instead of
// textures baked into the atlas, which only linear sampling draws smoothly.
void useNearestUiTexels(ImGuiIO& io) {
  io.Fonts->Flags |= ImFontAtlasFlags_NoBakedLines;
  ImGui_ImplOpenGL3_CreateDeviceObjects();  // the atlas texture, now rather than at the first frame
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(io.Fonts->TexID)));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
}

// Draws the UI where it changed since the last frame (client/app/ui_damage.h).
void drawUi(ImDrawData& drawData, int fbW, int fbH) {
  if (!g_partialRedraw) g_uiDamage.invalidate();
  const limn::app::RedrawPlan plan = g_uiDamage.plan(drawData, ImGui::GetIO().Fonts->TexID);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, fbW, fbH);
  glClearColor(0.0f, 0.0f, 0.0f, 1.0f);  // the viewer's background
  if (plan.full) {
    glDisable(GL_SCISSOR_TEST);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(&drawData);
    ++g_redraws.fullFrames;
    g_redraws.lastPixels = static_cast<long long>(fbW) * fbH;
    return;
  }
  g_redraws.lastPixels = 0;
  const auto space = limn::app::FramebufferSpace::of(drawData);
  for (const limn::app::PixelRect& r : plan.rects) {
    const limn::app::GlRect gl = space.toGl(r);
    glEnable(GL_SCISSOR_TEST);
    glScissor(gl.x, gl.y, gl.width, gl.height);
    glClear(GL_COLOR_BUFFER_BIT);
    limn::app::ClipDrawDataTo clip(drawData, r);
    ImGui_ImplOpenGL3_RenderDrawData(&drawData);
    g_redraws.lastPixels += r.area();
  }
  glDisable(GL_SCISSOR_TEST);
  ++g_redraws.partialFrames;
}

void frame() {
  const double start = emscripten_get_now();
  const CanvasSize canvas = syncCanvasSize();
  if (!shouldDraw(start, canvas)) return;
  g_lastDrawnAt = start;
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(canvas.width), static_cast<float>(canvas.height));
  io.DisplayFramebufferScale =
      canvas.width > 0 && canvas.height > 0
          ? ImVec2(static_cast<float>(canvas.fbWidth) / canvas.width, static_cast<float>(canvas.fbHeight) / canvas.height)
          : ImVec2(1, 1);
  // Emscripten's GLFW reports the cursor in drawing-buffer pixels; the UI
  // works in CSS pixels.
  if (io.MousePos.x != -FLT_MAX && io.MousePos.y != -FLT_MAX)
    io.MousePos = ImVec2(io.MousePos.x / io.DisplayFramebufferScale.x, io.MousePos.y / io.DisplayFramebufferScale.y);
  ImGui::NewFrame();
  const int fbW = canvas.fbWidth, fbH = canvas.fbHeight;
  g_app->buildUi();
  ImGui::Render();
  g_lastAppMs = emscripten_get_now() - start;
  drawUi(*ImGui::GetDrawData(), fbW, fbH);
  g_app->afterRender(fbW, fbH);
  g_lastFrameMs = emscripten_get_now() - start;
}

std::vector<std::uint8_t> g_relayedImage;  // an opened relayed image, until the page has copied it

}  // namespace

extern "C" {

// A load of `files` files starts; each is answered by one of the three calls below.
EMSCRIPTEN_KEEPALIVE void limn_begin_load(int files) {
  wake();
  if (g_app && files >= 0) g_app->beginLoad(static_cast<std::size_t>(files));
}

// A buffer of `length` bytes that JS fills with the next decoded pixels (or
// photograph); limn_add_dicom / limn_add_photo then take it over without a
// copy. Valid until one of those calls or the next request.
EMSCRIPTEN_KEEPALIVE std::uint8_t* limn_incoming_buffer(int length) {
  g_incoming.assign(static_cast<std::size_t>(std::max(length, 0)), 0);
  return g_incoming.data();
}

// A decode worker's result: the image header as JSON, its pixels in the
// incoming buffer.
EMSCRIPTEN_KEEPALIVE void limn_add_dicom(const char* name, const char* header) {
  wake();
  std::vector<std::uint8_t> pixels = std::move(g_incoming);
  g_incoming = {};
  if (!g_app) return;
  const std::string file = name ? name : "";
  auto image = limn::dicom::imageHeaderFromJson(header ? header : "");
  if (!image) {
    g_app->addFailure(file, image.error().message);
    return;
  }
  image->pixels = std::move(pixels);
  g_app->addDecoded(file, std::move(image).value());
}

// A photograph decoded by the browser: 8-bit RGBA in the incoming buffer.
EMSCRIPTEN_KEEPALIVE void limn_add_photo(const char* name, int width, int height) {
  wake();
  std::vector<std::uint8_t> rgba = std::move(g_incoming);
  g_incoming = {};
  if (!g_app || width <= 0 || height <= 0) return;
  g_app->addPhoto(name ? name : "", static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height),
                  std::move(rgba));
}

EMSCRIPTEN_KEEPALIVE void limn_add_failure(const char* name, const char* message) {
  wake();
  if (g_app) g_app->addFailure(name ? name : "", message ? message : "could not be read");
}

// Live sync (web/sync.js): unlocking this person's keys after sign-in
// (returns "" or the error), binding a task, a pulled page of ops, and how
// many pushed ops the server acknowledged.
// `remembered`: the people's keys this browser saw before (JSON, may be
// empty), as limn_sync_known_keys gave them.
EMSCRIPTEN_KEEPALIVE const char* limn_sync_unlock(const char* user, const char* publishedKeys, const char* kekHex,
                                                  const char* remembered) {
  wake();
  static std::string error;
  error.clear();
  if (!g_app || !user || !publishedKeys || !kekHex) return "";
  if (auto s = g_app->syncUnlock(user, publishedKeys, kekHex, remembered ? remembered : ""); !s)
    error = s.error().message;
  return error.c_str();
}

// The people's keys seen so far, for the page to keep for the next visit.
EMSCRIPTEN_KEEPALIVE const char* limn_sync_known_keys() {
  static std::string out;
  out = g_app ? g_app->syncKnownKeysJson() : "{}";
  return out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* limn_sync_bind(const char* config) {
  wake();
  static std::string error;
  error.clear();
  if (!g_app || !config) return "";
  if (auto s = g_app->syncBind(config); !s) error = s.error().message;
  return error.c_str();
}

// An image relayed to the open task (GET /api/v1/tasks/{id}/blobs/{name}'s
// reply): {"ptr", "size"} of its checked, opened bytes in the module's
// memory, kept until limn_sync_image_release, or {"error"}.
EMSCRIPTEN_KEEPALIVE const char* limn_sync_open_image(const char* reply, const char* name) {
  static std::string out;
  if (!g_app || !name) return "";
  auto bytes = g_app->openRelayedImage(limn::web::fromPage(reply), name);
  if (!bytes) return limn::web::answer(out, {{"error", bytes.error().message}});
  g_relayedImage = std::move(*bytes);
  return limn::web::answer(
      out, {{"ptr", reinterpret_cast<std::uintptr_t>(g_relayedImage.data())}, {"size", g_relayedImage.size()}});
}

// The page has its copy: the image leaves the module's memory.
EMSCRIPTEN_KEEPALIVE void limn_sync_image_release() {
  std::fill(g_relayedImage.begin(), g_relayedImage.end(), std::uint8_t{0});
  g_relayedImage = {};
}

// Signing out: the person's keys leave the module; a bound task lets go.
EMSCRIPTEN_KEEPALIVE void limn_sync_lock() {
  wake();
  if (g_app) g_app->syncLock();
}

// A new password's key-encryption key (hex, from the decode worker):
// {"wrapped_by_password"} (the same keys wrapped again) or {"error"}.
EMSCRIPTEN_KEEPALIVE const char* limn_password_rewrap(const char* newKekHex) {
  static std::string out;
  if (!g_app || !newKekHex) return "";
  return limn::web::answer(out, limn::web::keyedOrError("wrapped_by_password", g_app->passwordRewrap(newKekHex)));
}

// An event only this page saw ({"action", "resource", "detail", "time"}),
// signed with the person's key for the site's audit log (web/account.js):
// {"event"} or {"error"} (keys not unlocked yet, a malformed event).
EMSCRIPTEN_KEEPALIVE const char* limn_sign_client_event(const char* event) {
  static std::string out;
  if (!g_app) return "";
  return limn::web::answer(out, limn::web::keyedOrError("event", g_app->signClientEvent(limn::web::fromPage(event))));
}

// Project members and key confirmation (web/sync.js): {"members": [...]}
// from a key status, and {"confirmed", "requests"} (or {"error"}) for
// confirming the members named in the JSON list `names`.
EMSCRIPTEN_KEEPALIVE const char* limn_project_members(const char* keyStatus) {
  static std::string out;
  auto r = g_app ? g_app->sync().membersJson(limn::web::fromPage(keyStatus))
                 : limn::Result<nlohmann::json>(limn::makeError(limn::ErrorCode::kUnavailable, "the app is not running"));
  return limn::web::answer(out, limn::web::keyedOrError("members", r));
}

EMSCRIPTEN_KEEPALIVE const char* limn_confirm_members(const char* keyStatus, const char* names, int pastEpochs) {
  static std::string out;
  std::vector<std::string> list;
  const auto j = limn::web::fromPage(names);
  if (j.is_array())
    for (const auto& n : j)
      if (n.is_string()) list.push_back(n.get<std::string>());
  auto r = g_app ? g_app->sync().confirmMembers(limn::web::fromPage(keyStatus), list, pastEpochs != 0)
                 : limn::Result<nlohmann::json>(limn::makeError(limn::ErrorCode::kUnavailable, "the app is not running"));
  return limn::web::answer(out, r ? *r : nlohmann::json{{"error", r.error().message}});
}

// The next key epoch after a member left (SyncLink::rotationRequest):
// {"epoch", "wraps"} for POST .../key-epochs, or {"error"}.
EMSCRIPTEN_KEEPALIVE const char* limn_rotation_request(const char* keyStatus) {
  static std::string out;
  auto r = g_app ? g_app->sync().rotationRequest(limn::web::fromPage(keyStatus))
                 : limn::Result<nlohmann::json>(limn::makeError(limn::ErrorCode::kUnavailable, "the app is not running"));
  return limn::web::answer(out, r ? *r : nlohmann::json{{"error", r.error().message}});
}

// The project's keys now (after a rotation), and outbox envelopes refused
// as sealed under the replaced epoch sealed again: {"envelopes": [...]} or
// {"error"}.
EMSCRIPTEN_KEEPALIVE const char* limn_sync_rekey(const char* keyStatus, const char* envelopes) {
  static std::string out;
  auto r = g_app ? g_app->syncRekey(limn::web::fromPage(keyStatus), limn::web::fromPage(envelopes))
                 : limn::Result<nlohmann::json>(limn::makeError(limn::ErrorCode::kUnavailable, "the app is not running"));
  return limn::web::answer(out, limn::web::keyedOrError("envelopes", r));
}

EMSCRIPTEN_KEEPALIVE void limn_sync_incoming(const char* reply) {
  showChange();
  if (g_app && reply) g_app->syncIncoming(reply);
}

EMSCRIPTEN_KEEPALIVE void limn_sync_acknowledged(int count) {
  showChange();
  if (g_app) g_app->syncAcknowledged(count);
}

// AI (web/ai.js): the site's model cards, the worker's status, and model
// outputs (JS fills the buffer, then hands over shape and timing).
EMSCRIPTEN_KEEPALIVE void limn_ai_models(const char* json) {
  wake();
  if (g_app && json) g_app->aiModelsLoaded(json);
}

EMSCRIPTEN_KEEPALIVE void limn_ai_status(const char* json) {
  wake();
  if (g_app && json) g_app->aiModelStatus(json);
}

// Pre-annotates the open images a task names by its image_id ("" for every
// open image), for web/task-queue.js: {"images", "queued", "refused", "message"}.
EMSCRIPTEN_KEEPALIVE const char* limn_ai_preannotate(const char* identity) {
  if (!g_app) return "{}";
  using limn::app::PreannotationScope;
  const std::string id = identity ? identity : "";
  const auto start = g_app->aiPreannotate({id.empty() ? PreannotationScope::Kind::kOpenImages
                                                      : PreannotationScope::Kind::kIdentity, id});
  wake();
  g_text = nlohmann::json{{"images", start.images}, {"queued", start.queued},
                          {"refused", start.refused}, {"message", g_app->ai().message}}.dump();
  return g_text.c_str();
}

EMSCRIPTEN_KEEPALIVE float* limn_ai_output_buffer(int count) {
  g_aiOutput.assign(static_cast<std::size_t>(std::max(count, 0)), 0.f);
  return g_aiOutput.data();
}

EMSCRIPTEN_KEEPALIVE void limn_ai_output(double request, int index, const char* shapeJson, double runMs,
                                         const char* error) {
  wake();
  limn::infer::Tensor t;
  t.data = std::move(g_aiOutput);
  g_aiOutput = {};
  const auto shape = limn::web::fromPage(shapeJson);
  if (shape.is_array())
    for (const auto& d : shape)
      if (d.is_number_integer()) t.shape.push_back(d.get<std::int64_t>());
  if (g_app && index >= 0)
    g_app->aiOutput(static_cast<std::uint64_t>(request), static_cast<std::uint32_t>(index), std::move(t), runMs,
                    error ? error : "");
}

// JSON snapshot of app state (what is open, view, probes); valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* limn_state_json() {
  g_stateJson = g_app ? g_app->stateJson() : "{}";
  return g_stateJson.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* limn_sync_state_json() {
  g_stateJson = g_app ? g_app->syncStateJson() : "{}";
  return g_stateJson.c_str();
}

// Asks for a read-back of the image's screen pixels after the next frame.
EMSCRIPTEN_KEEPALIVE void limn_request_canvas_probe() {
  wake();
  if (g_app) g_app->requestCanvasProbe();
}

// Asks for the screen colour at the centre of plane pixels after the next
// frame: `points` is [[viewport, u, v], ...] as JSON.
EMSCRIPTEN_KEEPALIVE void limn_request_pixel_probe(const char* points) {
  wake();
  if (!g_app || !points) return;
  std::vector<limn::app::PixelProbe> probes;
  const auto j = limn::web::fromPage(points);
  if (!j.is_array()) return;
  for (const auto& p : j)
    if (p.is_array() && p.size() == 3 && p[0].is_number_integer() && p[1].is_number_integer() && p[2].is_number_integer())
      probes.push_back({p[0].get<int>(), p[1].get<int>(), p[2].get<int>()});
  g_app->requestPixelProbe(std::move(probes));
}

// View commands for tests and benchmarks (the UI has its own keys for them).
EMSCRIPTEN_KEEPALIVE void limn_step_slice(int viewport, int delta) {
  wake();
  if (g_app && viewport >= 0 && viewport < 3) g_app->stepSlice(viewport, delta);
}

EMSCRIPTEN_KEEPALIVE void limn_set_layout(int mpr) {
  wake();
  if (g_app) g_app->setLayout(mpr ? limn::app::Layout::kMpr : limn::app::Layout::kSingle);
}

EMSCRIPTEN_KEEPALIVE void limn_set_window(double center, double width) {
  wake();
  if (g_app) g_app->setWindow({center, width});
}

EMSCRIPTEN_KEEPALIVE void limn_set_tile_limit(int pixels) {
  wake();
  if (g_app) g_app->setTileLimit(pixels);
}

// A DICOMweb result or progress report from web/dicomweb.js.
EMSCRIPTEN_KEEPALIVE void limn_dicomweb_result(const char* json) {
  wake();
  if (g_app && json) g_app->dicomwebResult(json);
}

// Progress and per-file reports of a de-identification run (web/deid.js).
EMSCRIPTEN_KEEPALIVE void limn_deid_event(const char* json) {
  wake();
  if (g_app && json) g_app->deidEvent(json);
}

// Panel commands of the de-identification review, for tests (the panel has
// its own buttons for them).
EMSCRIPTEN_KEEPALIVE void limn_deid_preview(const char* input) {
  wake();
  if (g_app && input) g_app->deidPreview(input);
}

EMSCRIPTEN_KEEPALIVE void limn_deid_add_template() {
  wake();
  if (g_app) g_app->deidAddTemplate();
}

EMSCRIPTEN_KEEPALIVE void limn_deid_rerun() {
  wake();
  if (g_app) g_app->deidRerunRefused();
}

// The data set report saved beside the de-identified files; valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* limn_deid_dataset_report() {
  g_deidReport = g_app ? g_app->deidDatasetReport() : "{}";
  return g_deidReport.c_str();
}

// --- annotations -------------------------------------------------------------

EMSCRIPTEN_KEEPALIVE void limn_opened_text(const char* kind, const char* text) {
  if (!g_app) return;
  g_app->openedText(kind, text);
  wake();
}

// The annotation file of what is open (README "Annotation files").
EMSCRIPTEN_KEEPALIVE const char* limn_annotations_json() {
  g_text = g_app ? g_app->annotationFileJson() : "{}";
  return g_text.c_str();
}

// Scripted drawing for tests and benchmarks, through the same commands as
// the mouse: {"op": "dab", "x":..,"y":..} etc. Returns the milliseconds the
// command took in C++.
EMSCRIPTEN_KEEPALIVE double limn_annotate(const char* commandJson) {
  if (!g_app) return -1;
  const double start = emscripten_get_now();
  const auto c = limn::web::fromPage(commandJson);
  if (c.is_discarded()) return -1;
  const std::string op = c.value("op", "");
  limn::app::App& app = *g_app;
  const auto point = [&](const nlohmann::json& p) { return limn::annot::Point{p.at(0).get<double>(), p.at(1).get<double>()}; };
  if (op == "tool") {
    for (const auto& t : limn::app::toolTable())
      if (t.key == c.value("key", "")) app.setTool(t.tool);
  } else if (op == "label") {
    app.setLabel(c.value("id", ""));
  } else if (op == "brush") {
    auto& b = app.annot().brush;
    b.radius = c.value("radius", b.radius);
    b.sphere = c.value("sphere", b.sphere);
    b.gated = c.value("gated", b.gated);
    b.low = c.value("low", b.low);
    b.high = c.value("high", b.high);
  } else if (op == "stroke") {  // {"op":"stroke","erase":false,"points":[[x,y],...]}
    app.beginStroke(c.value("erase", false));
    for (const auto& p : c.at("points")) app.strokeTo(point(p));
    app.endStroke();
  } else if (op == "dab") {  // one dab of a stroke in progress (bench)
    if (!app.annot().stroke.active) app.beginStroke(false);
    app.strokeTo(point(c.at("at")));
  } else if (op == "end_stroke") {
    app.endStroke();
  } else if (op == "polygons") {  // {"op":"polygons","count":N,"vertices":V}: a bench load
    const int count = c.value("count", 0), vertices = c.value("vertices", 20);
    const auto* s = app.document().current();
    if (!s) return -1;
    const double w = s->plan.geometry.width, h = s->plan.geometry.height;
    const int perRow = std::max(1, static_cast<int>(std::sqrt(static_cast<double>(count) * w / h)));
    const double cell = w / perRow;
    for (int i = 0; i < count; ++i) {
      const double cx = (i % perRow + 0.5) * cell, cy = (i / perRow + 0.5) * cell;
      limn::annot::Polygon poly;
      for (int k = 0; k < vertices; ++k) {
        const double t = 6.283185307179586 * k / vertices, r = cell * (0.3 + 0.1 * ((k * 7 + i) % 3));
        poly.vertices.push_back({cx + r * std::cos(t), cy + r * std::sin(t)});
      }
      app.createShape(poly);
    }
    app.clearSelection();
  } else if (op == "pan") {
    auto& v = app.view().viewports[0];
    v.panX += c.value("dx", 0.0f);
    v.panY += c.value("dy", 0.0f);
  } else if (op == "fill") {
    app.fillBetweenSlices();
  } else if (op == "undo") {
    app.undo();
  } else if (op == "redo") {
    app.redo();
  } else if (op == "panel") {  // the annotation panel shown or not
    app.view().showAnnotations = c.value("show", true);
  } else if (op == "export") {
    if (auto format = limn::exporting::parseFormat(c.value("format", "")); format) app.exportAnnotations(*format);
  } else if (op == "load") {
    app.openedText(c.value("kind", "annotations"), c.value("text", ""));
  } else if (op == "preannotate") {  // the panel's buttons: {"all": false} this slice, true every open image
    using Kind = limn::app::PreannotationScope::Kind;
    app.aiPreannotate({c.value("all", false) ? Kind::kOpenImages : Kind::kShownSlice, {}});
  } else if (op == "ai_select") {  // the panel's model choice: {"key": "name@version"}
    const auto& models = app.ai().models;
    for (std::size_t i = 0; i < models.size(); ++i)
      if (models[i].key() == c.value("key", "")) app.aiSelectModel(static_cast<int>(i));
  } else if (op == "ai_cancel") {
    app.aiCancel();
  } else if (op == "confirm") {  // {"slice": true}: every proposal on the slice, else the selection
    app.aiConfirmProposals(c.value("slice", false));
  } else if (op == "grow") {  // region grow settings: {"tolerance", "range", "volume"}
    auto& g = app.ai().grow;
    g.tolerance = c.value("tolerance", g.tolerance);
    g.mode = c.value("range", false) ? limn::app::GrowMode::kRange : limn::app::GrowMode::kTolerance;
    g.volume = c.value("volume", g.volume);
  } else if (op == "grow_cut") {
    app.growCutSlice();
  } else if (op == "grow_at") {  // a region-grow click at an image point (bench: the returned time)
    app.growRegionAt(point(c.at("at")));
  } else if (op == "ai_prompt") {  // click-to-segment prompts: {"positive": [[x,y]], "negative": [...]}
    for (const auto& p : c.value("positive", nlohmann::json::array())) app.aiPromptClick(point(p), true);
    for (const auto& p : c.value("negative", nlohmann::json::array())) app.aiPromptClick(point(p), false);
  } else if (op == "ai_clear") {
    app.aiClearPrompt();
  } else if (op == "ai_start") {
    app.aiStart();
  }
  wake();
  return emscripten_get_now() - start;
}

// Input arrived (web/app.js listens on the page): draw the next frames.
EMSCRIPTEN_KEEPALIVE void limn_wake() { wake(); }

// Milliseconds the last frame() took in C++: in all, and the app's own part
// (before ImGui's draw lists go to GL, which waits for the GPU when it is busy).
EMSCRIPTEN_KEEPALIVE double limn_last_frame_ms() { return g_lastFrameMs; }

// How frames were drawn (whole, or only where the UI changed), for checks
// and the benchmark.
EMSCRIPTEN_KEEPALIVE const char* limn_redraw_stats_json() {
  g_text = nlohmann::json{{"full_frames", g_redraws.fullFrames}, {"partial_frames", g_redraws.partialFrames},
                          {"last_frame_pixels", g_redraws.lastPixels}}
               .dump();
  return g_text.c_str();
}

// The next frame draws everything: a reference for checking that frames
// drawn in part show what a whole one does.
EMSCRIPTEN_KEEPALIVE void limn_redraw_all() {
  g_uiDamage.invalidate();
  showChange();
}

EMSCRIPTEN_KEEPALIVE void limn_set_partial_redraw(int on) {
  g_partialRedraw = on != 0;
  showChange();
}
EMSCRIPTEN_KEEPALIVE double limn_last_app_ms() { return g_lastAppMs; }

}  // extern "C"

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "limn: GLFW failed to start\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // The page makes the WebGL2 context (web/app.js: opaque, no depth or
  // stencil, drawing buffer kept between frames); these hints agree with it.
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  g_window = glfwCreateWindow(1280, 800, "Limn", nullptr, nullptr);
  if (!g_window) {
    std::fprintf(stderr, "limn: WebGL2 is not available in this browser\n");
    return 1;
  }
  glfwMakeContextCurrent(g_window);
  limn_js_remember_gl_state();
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
  useNearestUiTexels(io);
  g_app = std::make_unique<limn::app::App>(limn::app::PlatformServices{&limn_js_open_picker, &limn_js_open_folder_picker, &loadDisplayed,
                                                                      &limn_js_dicomweb_request, &limn_js_deid_request,
                                                                      &limn_js_open_text, &limn_js_save_text,
                                                                      &limn_js_save_files, &limn_js_show_account,
                                                                      &limn_js_sync_push, &aiRun,
                                                                      &limn_js_open_model, &limn_js_ai_start});
  if (auto s = g_app->prepareGpu(); !s) std::fprintf(stderr, "limn: %s\n", s.error().message.c_str());
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
