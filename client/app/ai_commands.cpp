// App commands for AI assistance and the classical segmentation tools.
// Models run in the page's worker: a request's tensors leave through
// PlatformServices::aiRun, outputs come back through aiOutput, and the
// core's decodeInference turns them into proposals. A proposal becomes an
// annotation with the model as its source, its confidence, and status
// "proposed" until a person confirms or corrects it.
#include <algorithm>
#include <chrono>
#include <set>
#include <utility>
#include <nlohmann/json.hpp>

#include "client/app/app.h"
#include "client/app/grouped_edit.h"
#include "client/core/segment/grow_cut.h"
#include "client/core/segment/level_trace.h"
#include "client/core/segment/mask_outline.h"
#include "client/core/segment/region_grow.h"
#include "shared/encoding/json_fields.h"

namespace limn::app {
namespace {

double nowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

segment::Voxel voxelAt(annot::Point p, std::uint32_t slice) {
  return {static_cast<std::uint32_t>(std::max(0.0, p.x)), static_cast<std::uint32_t>(std::max(0.0, p.y)), slice};
}

// Why a model cannot run: its load failed (the worker's reason, e.g. a
// SHA-256 that differs from its card's), it is still loading, or the site
// serves none of its kind.
// The shape a model's proposals take: boxes, a whole-image class, or the
// card's mask or polygon.
annot::ShapeKind proposalShape(const infer::ModelCard& card) {
  switch (card.task) {
    case infer::ModelTask::kDetection: return annot::ShapeKind::kBox;
    case infer::ModelTask::kClassification: return annot::ShapeKind::kClassification;
    default: return card.annotationShape;
  }
}

std::string unreadyReason(const AiModel* model, bool backendKnown, const std::string& none) {
  if (model && !model->error.empty()) return model->key() + " could not be loaded: " + model->error;
  if (model || !backendKnown) return "the models are still loading";
  return none;
}

}  // namespace

// --- models and the worker ---------------------------------------------------

void App::aiModelsLoaded(const std::string& json) {
  // The models chosen before stay chosen (by name and version).
  const AiModel* before[] = {m_ai.model(m_ai.preannotateModel), m_ai.model(m_ai.interactiveModel)};
  const std::string chosen[] = {before[0] ? before[0]->key() : "", before[1] ? before[1]->key() : ""};
  // So do the worker's reports on models it had (a local model added to
  // the list does not make the others look unloaded).
  std::map<std::string, AiModel> had;
  for (AiModel& m : m_ai.models) had.emplace(m.key(), std::move(m));
  m_ai.models.clear();
  m_ai.preannotateModel = m_ai.interactiveModel = -1;
  const auto list = nlohmann::json::parse(json, nullptr, false);
  if (!list.is_array()) {
    m_ai.message = "the site's model list is not JSON";
    return;
  }
  std::vector<std::string> refused;
  for (const auto& entry : list) {
    Result<infer::ModelCard> card =
        entry.is_object() && entry.contains("card")
            ? infer::parseModelCard(entry["card"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
            : Result<infer::ModelCard>(makeError(ErrorCode::kInvalidArgument, textField(entry, "error", "no card")));
    if (!card) {
      refused.push_back(textField(entry, "file", "?") + ": " + card.error().message);
      continue;
    }
    AiModel model{std::move(card.value()), "", false, boolField(entry, "local", false)};
    // A model picked again from this computer is loaded again.
    if (const auto it = had.find(model.key()); it != had.end() && !model.local && !it->second.local) {
      model.ready = it->second.ready;
      model.error = it->second.error;
    }
    m_ai.models.push_back(std::move(model));
  }
  // Each kind: the model picked from this computer last, else the one
  // chosen before, else the first the site serves.
  for (int index = 0; index < static_cast<int>(m_ai.models.size()); ++index) {
    const AiModel& m = m_ai.models[static_cast<std::size_t>(index)];
    int& slot = m.interactive() ? m_ai.interactiveModel : m_ai.preannotateModel;
    const std::string& was = chosen[m.interactive() ? 1 : 0];
    const AiModel* current = m_ai.model(slot);
    if (!current || m.local || (m.key() == was && !current->local)) slot = index;
  }
  m_ai.message.clear();
  for (const std::string& r : refused) m_ai.message += (m_ai.message.empty() ? "" : "; ") + r;
}

void App::aiModelStatus(const std::string& json) {
  const auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) return;
  m_ai.backend = textField(j, "backend", m_ai.backend);
  m_ai.backendNote = textField(j, "note", m_ai.backendNote);
  if (j.contains("error") && j["error"].is_string()) m_ai.message = j["error"].get<std::string>();
  if (j.contains("models") && j["models"].is_object())
    for (AiModel& m : m_ai.models)
      if (const auto it = j["models"].find(m.key()); it != j["models"].end() && it->is_object()) {
        m.ready = boolField(*it, "ready", false);
        m.error = textField(*it, "error");
      }
  // A chosen model that could not be loaded gives way to one of its kind
  // that can (the list shows why it failed).
  for (int* slot : {&m_ai.preannotateModel, &m_ai.interactiveModel}) {
    const AiModel* chosen = m_ai.model(*slot);
    if (!chosen || chosen->error.empty()) continue;
    for (int i = 0; i < static_cast<int>(m_ai.models.size()); ++i) {
      const AiModel& m = m_ai.models[static_cast<std::size_t>(i)];
      if (m.interactive() == chosen->interactive() && m.error.empty()) {
        *slot = i;
        break;
      }
    }
  }
}

std::optional<infer::FrameView> App::aiFrame(const AiTarget& t) const {
  if (t.series >= m_document.series.size()) return std::nullopt;
  const series::LoadedSeries& s = m_document.series[t.series];
  if (!s.volume || t.slice >= s.volume->slices.size()) return std::nullopt;
  const imaging::Volume& v = *s.volume;
  infer::FrameView frame{v.slices[t.slice], v.geometry.width, v.geometry.height, v.displayLut.slope,
                         v.displayLut.intercept, s.plan.modality};
  if (v.geometry.pixelSpacingKnown) frame.spacingMm = std::array<double, 2>{v.geometry.spacing[0], v.geometry.spacing[1]};
  return frame;
}

bool App::aiSend(AiJob job) {
  const AiModel* model = m_ai.model(static_cast<int>(job.model));
  if (!model || !m_platform.aiRun) return false;
  const std::uint64_t id = m_ai.nextRequest++;
  job.outputs.assign(job.request.inputs.size(), std::nullopt);
  job.startedMs = nowMs();
  job.documentGeneration = m_document.generation;
  const AiJob& stored = m_ai.jobs[id] = std::move(job);
  for (std::size_t i = 0; i < stored.request.inputs.size(); ++i) {
    const infer::Tensor& t = stored.request.inputs[i];
    m_platform.aiRun(id, static_cast<std::uint32_t>(i), model->key().c_str(), t.data.data(), t.data.size(),
                     nlohmann::json(t.shape).dump().c_str());
  }
  return true;
}

void App::aiOutput(std::uint64_t request, std::uint32_t index, infer::Tensor output, double runMs,
                   const std::string& error) {
  const auto it = m_ai.jobs.find(request);
  if (it == m_ai.jobs.end() || index >= it->second.outputs.size()) return;  // cancelled or replaced
  AiJob& job = it->second;
  m_ai.lastRunMs = runMs;
  if (!error.empty()) {
    m_ai.message = m_ai.models[job.model].card.name + ": " + error;
    const AiJobKind kind = job.kind;
    m_ai.jobs.erase(it);
    if (kind == AiJobKind::kPreannotate) ++m_ai.queueDone, aiPump();
    return;
  }
  job.outputs[index] = std::move(output);
  if (std::all_of(job.outputs.begin(), job.outputs.end(), [](const auto& o) { return o.has_value(); })) {
    AiJob done = std::move(job);
    m_ai.jobs.erase(it);
    aiFinish(std::move(done));
  }
}

void App::aiFinish(AiJob job) {
  if (job.documentGeneration != m_document.generation) {  // another load replaced the images
    m_ai.queue.clear();
    return;
  }
  const infer::ModelCard& card = m_ai.models[job.model].card;
  std::vector<infer::Tensor> outputs;
  for (auto& o : job.outputs) outputs.push_back(std::move(*o));
  Result<std::vector<infer::Proposal>> found = infer::decodeInference(card, job.request, outputs);
  m_ai.lastRoundTripMs = nowMs() - job.startedMs;
  if (job.kind == AiJobKind::kInteractive) {
    if (m_ai.prompt.empty() || !(job.target == m_ai.promptTarget)) {  // cleared, or moved on meanwhile
      if (m_ai.promptDirty) aiRunPrompt();
      return;
    }
    m_ai.preview.reset();
    m_ai.previewOutline.clear();
    if (!found) m_ai.message = found.error().message;
    else if (found->empty()) m_ai.message = "the model found nothing there: click inside the object or draw a box";
    else if (const auto* mask = std::get_if<annot::Mask>(&found->front().shape)) {
      m_ai.message.clear();
      m_ai.preview = *mask;
      m_ai.previewConfidence = found->front().confidence;
      m_ai.previewOutline = segment::outlines({mask->width, mask->height, 1}, annot::maskBits(*mask));
    }
    if (m_ai.promptDirty) aiRunPrompt();
    return;
  }
  ++m_ai.queueDone;
  if (!found) {
    m_ai.message = found.error().message;
  } else if (!found->empty() && m_annot.editor) {
    const series::LoadedSeries& s = m_document.series[job.target.series];
    const GroupedEdit step(*m_annot.editor);
    for (infer::Proposal& p : *found) {
      if (Status st = checkLabel(p.label, annot::kindOf(p.shape)); !st) {
        m_ai.message = card.name + ": " + st.error().message;
        continue;
      }
      annot::Annotation a = newAnnotation(s.sliceImages[job.target.slice], std::move(p.shape));
      a.label = p.label;
      a.source = card.source();
      a.confidence = p.confidence;
      a.status = annot::kProposedStatus;
      m_annot.editor->create(std::move(a));
      ++m_ai.proposalsMade;
    }
    annotationsChanged();
  }
  aiPump();
}

void App::aiStart() {
  if (m_ai.started) return;
  m_ai.started = true;
  if (m_platform.aiStart) m_platform.aiStart();
}

void App::aiSelectModel(int index) {
  if (const AiModel* m = m_ai.model(index)) (m->interactive() ? m_ai.interactiveModel : m_ai.preannotateModel) = index;
}

void App::aiOpenLocalModel() {
  aiStart();
  if (m_platform.openModel) m_platform.openModel();
}

// --- pre-annotation -------------------------------------------------------------

std::vector<AiTarget> App::preannotationTargets(const PreannotationScope& scope) const {
  using Kind = PreannotationScope::Kind;
  std::vector<AiTarget> targets;
  if (scope.kind == Kind::kShownSlice) {
    if (const auto slice = annotationSlice()) targets.push_back({m_document.active, *slice});
    return targets;
  }
  for (std::size_t s = 0; s < m_document.series.size(); ++s) {
    const series::LoadedSeries& series = m_document.series[s];
    if (!series.volume) continue;
    const bool wholeSeries = scope.kind == Kind::kOpenImages || series.plan.seriesUid == scope.identity ||
                             series.plan.studyUid == scope.identity;
    for (std::uint32_t z = 0; z < series.volume->slices.size(); ++z)
      if (wholeSeries || series.sliceImages[z].image == scope.identity) targets.push_back({s, z});
  }
  return targets;
}

PreannotationStart App::aiPreannotate(const PreannotationScope& scope) {
  aiStart();
  const AiModel* model = m_ai.model(m_ai.preannotateModel);
  if (!model || !model->ready) {
    m_ai.message = unreadyReason(model, !m_ai.backend.empty(), "the site serves no pre-annotation model");
    return {.refused = true};
  }
  // A card bound to labels the project's schema lacks (or that may not
  // hold its shapes) would run the whole queue for nothing: said at once.
  for (const infer::LabelBinding& binding : model->card.labels)
    if (Status st = checkLabel(binding.label, proposalShape(model->card)); !st) {
      m_ai.message = model->key() + " proposes '" + binding.label + "', which this project's labels cannot hold (" +
                     (m_annot.schema.find(binding.label) ? st.error().message : "no such label") + ")";
      return {.refused = true};
    }
  m_ai.queue.clear();
  const std::vector<AiTarget> targets = preannotationTargets(scope);
  if (targets.empty()) {
    m_ai.message = scope.kind == PreannotationScope::Kind::kIdentity
                       ? "no open greyscale image is " + scope.identity
                       : "open a greyscale image first (the model reads modality values)";
    return {};
  }
  // Images that already hold this model's results (proposed, confirmed or
  // corrected) are not run again: that would only duplicate them.
  std::set<std::pair<std::string, std::uint32_t>> done;
  if (const annot::AnnotationDocument* doc = m_annot.document())
    for (const auto& [id, a] : doc->annotations())
      if (a.source == model->card.source()) done.insert({a.image.image, a.image.frame});
  for (const AiTarget& t : targets) {
    const annot::ImageRef& image = m_document.series[t.series].sliceImages[t.slice];
    if (!done.count({image.image, image.frame})) m_ai.queue.push_back(t);
  }
  const PreannotationStart start{targets.size(), m_ai.queue.size()};
  if (m_ai.queue.empty()) {
    const std::string which = targets.size() == 1 ? "this image"
                              : scope.kind == PreannotationScope::Kind::kIdentity ? "every image of " + scope.identity
                                                                                  : "every open image";
    m_ai.message = which + " already has " + model->key() + "'s results (delete them to run it again)";
    return start;
  }
  m_ai.queueTotal = m_ai.queue.size();
  m_ai.queueDone = m_ai.proposalsMade = 0;
  m_ai.cancelled = false;
  m_ai.message.clear();
  aiPump();
  return start;
}

void App::aiPump() {
  const bool running = m_ai.running(AiJobKind::kPreannotate);
  while (!running && !m_ai.queue.empty()) {
    const AiTarget target = m_ai.queue.front();
    m_ai.queue.pop_front();
    const std::optional<infer::FrameView> frame = aiFrame(target);
    const auto model = static_cast<std::size_t>(m_ai.preannotateModel);
    Result<infer::InferenceRequest> request =
        frame ? infer::prepareInference(m_ai.models[model].card, *frame)
              : Result<infer::InferenceRequest>(makeError(ErrorCode::kInvalidArgument, "not a greyscale image"));
    if (!request) {
      m_ai.message = request.error().message;
      ++m_ai.queueDone;
      continue;
    }
    AiJob job;
    job.kind = AiJobKind::kPreannotate;
    job.model = model;
    job.target = target;
    job.request = std::move(request.value());
    if (aiSend(std::move(job))) return;
    m_ai.message = "the page cannot run models";
    m_ai.queue.clear();
  }
}

void App::aiCancel() {
  const bool active = !m_ai.queue.empty();
  m_ai.queue.clear();
  std::erase_if(m_ai.jobs, [](const auto& j) { return j.second.kind == AiJobKind::kPreannotate; });
  if (active) m_ai.cancelled = true;
}

void App::aiConfirmProposals(bool wholeSlice) {
  if (!m_annot.editor) return;
  std::vector<std::string> ids;
  if (wholeSlice) {
    for (const annot::Annotation* a : shownAnnotations(false)) ids.push_back(a->id);
  } else {
    ids.assign(m_annot.selected.begin(), m_annot.selected.end());
  }
  const GroupedEdit step(*m_annot.editor);
  for (const std::string& id : ids)
    if (const annot::Annotation* a = m_annot.find(id); a && annot::awaitsConfirmation(*a))
      m_annot.editor->setStatus(id, "draft", a->hidden, a->locked);
  annotationsChanged();
}

// --- interactive segmentation ---------------------------------------------------

void App::aiPromptClick(annot::Point p, bool positive) {
  const auto slice = annotationSlice();
  if (!slice) return;
  const AiTarget target{m_document.active, *slice};
  if (!(target == m_ai.promptTarget)) aiClearPrompt();
  m_ai.promptTarget = target;
  (positive ? m_ai.prompt.positive : m_ai.prompt.negative).push_back(p);
  aiRunPrompt();
}

void App::aiPromptBox(annot::Box box) {
  const auto slice = annotationSlice();
  if (!slice || box.width < 1 || box.height < 1) return;
  const AiTarget target{m_document.active, *slice};
  if (!(target == m_ai.promptTarget)) aiClearPrompt();
  m_ai.promptTarget = target;
  m_ai.prompt.box = box;
  aiRunPrompt();
}

void App::aiRunPrompt() {
  aiStart();
  const AiModel* model = m_ai.model(m_ai.interactiveModel);
  if (!model || !model->ready) {
    m_ai.message = unreadyReason(model, !m_ai.backend.empty(), "the site serves no click-to-segment model");
    return;
  }
  if (m_ai.running(AiJobKind::kInteractive)) {  // one run at a time; the latest prompt runs when it returns
    m_ai.promptDirty = true;
    return;
  }
  m_ai.promptDirty = false;
  if (m_ai.prompt.empty()) return;
  const std::optional<infer::FrameView> frame = aiFrame(m_ai.promptTarget);
  if (!frame) return;
  Result<infer::InferenceRequest> request = infer::prepareInference(model->card, *frame, &m_ai.prompt);
  if (!request) {
    m_ai.message = request.error().message;
    return;
  }
  AiJob job;
  job.kind = AiJobKind::kInteractive;
  job.model = static_cast<std::size_t>(m_ai.interactiveModel);
  job.target = m_ai.promptTarget;
  job.request = std::move(request.value());
  aiSend(std::move(job));
}

void App::aiAcceptPreview() {
  const auto slice = annotationSlice();
  if (!m_ai.preview || !slice || !(AiTarget{m_document.active, *slice} == m_ai.promptTarget)) return;
  if (Status st = checkLabel(m_annot.label, annot::ShapeKind::kMask); !st) {
    m_ai.message = st.error().message;
    return;
  }
  annot::Annotation a = newAnnotation(*annotationImage(*slice), *m_ai.preview);
  a.source = m_ai.models[static_cast<std::size_t>(m_ai.interactiveModel)].card.source();
  a.confidence = m_ai.previewConfidence;  // a person placed the prompts and accepted it: it counts (draft)
  const std::string id = a.id;
  m_annot.editor->create(std::move(a));
  m_annot.selected = {id};
  aiClearPrompt();
  annotationsChanged();
}

void App::aiClearPrompt() {
  m_ai.prompt = {};
  m_ai.preview.reset();
  m_ai.previewOutline.clear();
  m_ai.promptDirty = false;
}

// --- classical tools --------------------------------------------------------------

void App::growRegionAt(annot::Point p) {
  const auto slice = annotationSlice();
  const series::LoadedSeries* s = m_document.current();
  if (!slice || !s || !s->volume) return;
  if (Status st = checkLabel(m_annot.label, annot::ShapeKind::kMask); !st) {
    m_annot.message = st.error().message;
    return;
  }
  const imaging::Volume& v = *s->volume;
  const std::uint32_t w = v.geometry.width, h = v.geometry.height;
  if (p.x < 0 || p.y < 0 || p.x >= w || p.y >= h) return;
  // The tools compare modality values (HU): the grid holds stored values,
  // so the thresholds go the other way through the LUT.
  const bool volume = m_ai.grow.volume && v.slices.size() > 1;
  std::vector<std::span<const float>> slices;
  for (std::uint32_t z = volume ? 0 : *slice; z < (volume ? v.slices.size() : *slice + 1); ++z)
    slices.push_back(v.slices[z]);
  const segment::ValueGrid grid({w, h, static_cast<std::uint32_t>(slices.size())}, std::move(slices));
  const segment::Voxel seed = voxelAt(p, volume ? *slice : 0);
  const double slope = v.displayLut.slope == 0 ? 1 : v.displayLut.slope, intercept = v.displayLut.intercept;
  Result<segment::VoxelMask> mask = makeError(ErrorCode::kInternal, "");
  if (m_ai.grow.mode == GrowMode::kRange) {
    double lo = (m_annot.brush.low - intercept) / slope, hi = (m_annot.brush.high - intercept) / slope;
    mask = segment::thresholdRegion(grid, seed, std::min(lo, hi), std::max(lo, hi), m_ai.grow.connectivity);
  } else {
    mask = segment::regionGrow(grid, seed,
                               {m_ai.grow.tolerance / std::abs(slope), 1, m_ai.grow.connectivity, volume ? 20'000'000u : 0u});
  }
  if (!mask) {
    m_annot.message = mask.error().message;
    return;
  }
  const GroupedEdit step(*m_annot.editor);
  const std::size_t plane = std::size_t{w} * h;
  std::size_t made = 0;
  for (std::uint32_t z = 0; z < grid.size().depth; ++z) {
    const auto first = mask->begin() + static_cast<std::ptrdiff_t>(z * plane);
    if (std::find(first, first + static_cast<std::ptrdiff_t>(plane), 1) == first + static_cast<std::ptrdiff_t>(plane))
      continue;
    const std::uint32_t target = volume ? z : *slice;
    annot::Annotation a = newAnnotation(s->sliceImages[target],
                                        annot::maskFromBits(w, h, std::vector<std::uint8_t>(first, first + static_cast<std::ptrdiff_t>(plane))));
    if (target == *slice) m_annot.selected = {a.id};
    m_annot.editor->create(std::move(a));
    ++made;
  }
  annotationsChanged(made > 1 ? "region grown through " + std::to_string(made) + " slices" : "");
}

void App::traceLevelAt(annot::Point p, bool commit) {
  const auto slice = annotationSlice();
  const series::LoadedSeries* s = m_document.current();
  if (!slice || !s || !s->volume) return;
  const imaging::Volume& v = *s->volume;
  if (p.x < 0 || p.y < 0 || p.x >= v.geometry.width || p.y >= v.geometry.height) {
    m_ai.levelPreview.clear();
    m_ai.levelPreviewAt.reset();
    return;
  }
  const segment::Voxel at = voxelAt(p, *slice);
  if (!commit && m_ai.levelPreviewAt == at) return;  // same pixel as last frame
  m_ai.levelPreviewAt = at;
  const segment::ValueGrid grid({v.geometry.width, v.geometry.height, 1}, std::span<const float>(v.slices[*slice]));
  Result<segment::LevelTrace> trace = segment::traceLevel(grid, {at.x, at.y, 0});
  m_ai.levelPreview.clear();
  if (!trace) return;
  if (commit)
    createShape(trace->outline);
  else
    m_ai.levelPreview.push_back(std::move(trace->outline));
}

void App::growCutSlice() {
  const auto slice = annotationSlice();
  const series::LoadedSeries* s = m_document.current();
  if (!slice || !s || !s->volume || !m_annot.editor) return;
  const imaging::Volume& v = *s->volume;
  const std::uint32_t w = v.geometry.width, h = v.geometry.height;
  // Seeds: each label's masks on this slice; with one label only, the
  // image's border is the background. A model's proposal is no seed: it
  // counts only once a person confirms it.
  std::vector<std::string> labels;
  std::vector<std::uint8_t> seeds(std::size_t{w} * h, 0);
  std::map<std::string, std::vector<std::string>> seedAnnotations;
  for (const annot::Annotation* a : shownAnnotations(false)) {
    const auto* m = std::get_if<annot::Mask>(&a->shape);
    if (!m || a->locked || annot::awaitsConfirmation(*a) || m->width != w || m->height != h) continue;
    auto it = std::find(labels.begin(), labels.end(), a->label);
    if (it == labels.end()) {
      if (labels.size() == 254) continue;
      labels.push_back(a->label);
      it = labels.end() - 1;
    }
    const auto value = static_cast<std::uint8_t>(it - labels.begin() + 1);
    const std::vector<std::uint8_t> bits = annot::maskBits(*m);
    for (std::size_t i = 0; i < bits.size(); ++i)
      if (bits[i]) seeds[i] = value;
    seedAnnotations[a->label].push_back(a->id);
  }
  if (labels.empty()) {
    m_annot.message = "grow-cut: paint a stroke (brush, W) inside each structure first";
    return;
  }
  if (labels.size() == 1)
    for (std::uint32_t y = 0; y < h; ++y)
      for (std::uint32_t x = 0; x < w; ++x)
        if ((x == 0 || y == 0 || x + 1 == w || y + 1 == h) && !seeds[std::size_t{y} * w + x])
          seeds[std::size_t{y} * w + x] = 255;
  const segment::ValueGrid grid({w, h, 1}, std::span<const float>(v.slices[*slice]));
  Result<std::vector<std::uint8_t>> grown = segment::growCut(grid, seeds);
  if (!grown) {
    m_annot.message = grown.error().message;
    return;
  }
  // Each stroke's annotation takes the grown parts its pixels touch; one
  // whose stroke fell in another's part was the same structure and goes.
  const GroupedEdit step(*m_annot.editor);
  const segment::GridSize size{w, h, 1};
  for (std::size_t k = 0; k < labels.size(); ++k) {
    segment::VoxelMask region(grown->size());
    for (std::size_t i = 0; i < region.size(); ++i) region[i] = grown.value()[i] == k + 1;
    const std::vector<std::string>& ids = seedAnnotations[labels[k]];
    std::vector<segment::VoxelMask> strokes;
    for (const std::string& id : ids)
      strokes.push_back(annot::maskBits(std::get<annot::Mask>(m_annot.find(id)->shape)));
    const std::vector<segment::VoxelMask> parts = segment::splitAmongSeedOwners(size, region, strokes);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (std::find(parts[i].begin(), parts[i].end(), 1) == parts[i].end()) m_annot.editor->remove(ids[i]);
      else m_annot.editor->editGeometry(ids[i], annot::maskFromBits(w, h, parts[i]));
    }
  }
  annotationsChanged();
}

}  // namespace limn::app
