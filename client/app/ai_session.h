// AI and classical segmentation state of the viewer: the models the site
// serves (their cards), which runtime the page's worker chose, the
// pre-annotation queue with its progress, the interactive prompt and its
// preview, and the classical tools' settings. Panels read it; App commands
// (ai_commands.cpp) change it. Inference itself runs in the page's worker
// (web/ai.js, web/workers/infer-worker.js); tensors go out and come back
// through PlatformServices::aiRun and App::aiOutput.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/core/infer/inference.h"
#include "client/core/infer/model_card.h"
#include "client/core/segment/voxel_grid.h"

namespace limn::app {

struct AiModel {
  infer::ModelCard card;
  std::string error;  // why the worker could not load it ("" when ready or loading)
  bool ready = false;
  bool local = false;  // picked from this computer, not served by the site
  // How the worker knows it: two versions of one model are two models.
  std::string key() const { return card.name + "@" + card.version; }
  bool interactive() const { return card.task == infer::ModelTask::kInteractiveSegmentation; }
};

// One image a model runs on: a series and a slice of it.
struct AiTarget {
  std::size_t series = 0;
  std::uint32_t slice = 0;
  bool operator==(const AiTarget&) const = default;
};

enum class AiJobKind : std::uint8_t { kPreannotate, kInteractive };

// Which images a pre-annotation run covers.
struct PreannotationScope {
  enum class Kind : std::uint8_t { kShownSlice, kOpenImages, kIdentity };
  Kind kind = Kind::kShownSlice;
  // kIdentity: the images a task names by its image_id (a de-identified
  // UID), matched against each open image's SOP Instance UID and its
  // series' Series and Study Instance UIDs.
  std::string identity;
};

// What a pre-annotation request found: images in its scope and, of them,
// those queued (the rest already hold the model's results). `refused`: the
// model cannot run at all (not loaded, or labels the project's schema
// cannot hold); AiSession::message says why.
struct PreannotationStart {
  std::size_t images = 0;
  std::size_t queued = 0;
  bool refused = false;
};

// A run handed to the worker: its request, outputs as they come back.
struct AiJob {
  AiJobKind kind = AiJobKind::kPreannotate;
  std::size_t model = 0;
  AiTarget target;
  std::uint64_t documentGeneration = 0;  // results for a replaced document are dropped
  infer::InferenceRequest request;
  std::vector<std::optional<infer::Tensor>> outputs;
  double startedMs = 0;
};

enum class GrowMode : std::uint8_t {
  kTolerance,  // |value - seed's mean| <= tolerance (region growing)
  kRange,      // value in [low, high] (the threshold tool; the brush gate's range)
};

struct SegmentSettings {
  GrowMode mode = GrowMode::kTolerance;
  double tolerance = 40;   // modality units (HU for CT)
  bool volume = false;     // grow through neighbouring slices too
  segment::Connectivity connectivity = segment::Connectivity::kFaces;
};

struct AiSession {
  bool started = false;  // the page was asked to load the site's models
  std::vector<AiModel> models;
  std::string backend;        // what the worker runs on ("webgpu", "wasm, 4 threads"), "" until known
  std::string backendNote;    // why (e.g. no WebGPU adapter), for the user
  int preannotateModel = -1;  // index into models
  int interactiveModel = -1;

  std::map<std::uint64_t, AiJob> jobs;  // by request id
  std::uint64_t nextRequest = 1;

  // Pre-annotation queue: what is left, what was done, and what it found.
  std::deque<AiTarget> queue;
  std::size_t queueTotal = 0, queueDone = 0, proposalsMade = 0;
  bool cancelled = false;

  // The interactive prompt on the shown slice and the mask it gives.
  infer::Prompt prompt;
  AiTarget promptTarget;
  bool promptDirty = false;  // changed while a run was in flight: run again when it returns
  std::optional<annot::Mask> preview;
  double previewConfidence = 0;
  std::vector<annot::Polygon> previewOutline;

  SegmentSettings grow;
  std::vector<annot::Polygon> levelPreview;  // the level-trace outline under the cursor
  std::optional<segment::Voxel> levelPreviewAt;

  // Last figures, shown and read by tests: milliseconds from handing a
  // request to the worker to proposals on screen, and the worker's own run.
  double lastRoundTripMs = 0, lastRunMs = 0;
  std::string message;

  bool busy() const { return !jobs.empty() || !queue.empty(); }
  bool running(AiJobKind kind) const {
    for (const auto& [id, job] : jobs)
      if (job.kind == kind) return true;
    return false;
  }
  const AiModel* model(int index) const {
    return index >= 0 && index < static_cast<int>(models.size()) ? &models[static_cast<std::size_t>(index)] : nullptr;
  }
};

}  // namespace limn::app
