#include "client/core/infer/inference.h"

#include <algorithm>
#include <cmath>

#include "client/core/infer/box_suppression.h"
#include "client/core/infer/probability_map.h"
#include "client/core/segment/connected_components.h"
#include "client/core/segment/mask_outline.h"

namespace limn::infer {
namespace {

using segment::GridSize;

annot::Shape shapeOf(const ModelCard& card, const GridSize& size, const segment::VoxelMask& bits,
                     const segment::Component& c) {
  if (card.annotationShape == annot::ShapeKind::kPolygon) return segment::outlineOf(size, bits, c.first);
  return annot::maskFromBits(size.width, size.height, bits);
}

// Findings of one label on the image-sized map: connected regions above
// the threshold, each with its mean probability.
std::vector<Proposal> mapFindings(const ModelCard& card, const ProbabilityMap& map, const std::string& label,
                                  const Prompt* prompt) {
  const GridSize size{map.width, map.height, 1};
  segment::VoxelMask above(map.values.size());
  for (std::size_t i = 0; i < above.size(); ++i) above[i] = map.values[i] >= card.threshold;
  const segment::ComponentLabels labels = segment::connectedComponents(size, above);
  std::vector<double> sum(labels.components.size(), 0.0);
  for (std::size_t i = 0; i < above.size(); ++i)
    if (labels.labels[i]) sum[labels.labels[i] - 1] += map.values[i];
  // An interactive model outlines one object: the findings under positive
  // clicks (or, with a box only, the largest one) merged into one mask.
  std::vector<bool> keep(labels.components.size(), prompt == nullptr);
  if (prompt) {
    for (const annot::Point& p : prompt->positive) {
      const auto x = static_cast<std::int64_t>(std::floor(p.x)), y = static_cast<std::int64_t>(std::floor(p.y));
      if (size.contains(x, y))
        if (const std::uint32_t id = labels.labels[size.index(std::uint32_t(x), std::uint32_t(y))]) keep[id - 1] = true;
    }
    if (std::find(keep.begin(), keep.end(), true) == keep.end() && !labels.components.empty()) {
      const auto largest = std::max_element(labels.components.begin(), labels.components.end(),
                                            [](auto& a, auto& b) { return a.area < b.area; });
      keep[static_cast<std::size_t>(largest - labels.components.begin())] = true;
    }
  }
  std::vector<Proposal> out;
  if (prompt) {
    segment::VoxelMask merged(above.size(), 0);
    double total = 0;
    std::uint64_t area = 0;
    for (std::size_t i = 0; i < above.size(); ++i)
      if (labels.labels[i] && keep[labels.labels[i] - 1]) merged[i] = 1, total += map.values[i], ++area;
    if (area == 0 || area < card.minArea) return out;
    const auto first = std::find(merged.begin(), merged.end(), 1) - merged.begin();
    segment::Component c{1, area, 0, 0, 0, 0, {std::uint32_t(first % size.width), std::uint32_t(first / size.width), 0}};
    out.push_back({label, shapeOf(card, size, merged, c), total / double(area)});
    return out;
  }
  for (const segment::Component& c : labels.components) {
    if (c.area < std::max<std::uint64_t>(card.minArea, 1)) continue;
    out.push_back({label, shapeOf(card, size, segment::componentMask(labels, c.id), c), sum[c.id - 1] / double(c.area)});
  }
  return out;
}

Result<std::vector<Proposal>> decodeMaps(const ModelCard& card, const InferenceRequest& request,
                                         const std::vector<Tensor>& outputs) {
  std::vector<Proposal> out;
  for (const LabelBinding& binding : card.labels) {
    ImageProbabilities image(request.width, request.height);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      Result<ProbabilityMap> map = outputChannel(card, outputs[i], binding.channel);
      if (!map) return map.error();
      image.add(*map, request.regions[i]);
    }
    const bool interactive = card.task == ModelTask::kInteractiveSegmentation;
    std::vector<Proposal> found = mapFindings(card, image.average(), binding.label, interactive ? &request.prompt : nullptr);
    out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return out;
}

Result<std::vector<Proposal>> decodeBoxes(const ModelCard& card, const InferenceRequest& request,
                                          const std::vector<Tensor>& outputs) {
  std::vector<Detection> all;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& t = outputs[i];
    if (t.shape.empty() || t.shape.back() != 6 || t.data.size() != t.elementCount())
      return makeError(ErrorCode::kInvalidArgument, card.name + ": box outputs must be [..., N, 6]");
    const SourceRegion& r = request.regions[i];
    const double sx = r.width / card.width, sy = r.height / card.height;
    for (std::size_t k = 0; k + 6 <= t.data.size(); k += 6) {
      const float* b = &t.data[k];
      // A class index the model cannot mean (negative, NaN, huge) is no detection.
      if (!(b[4] >= card.threshold) || !(b[5] >= 0 && b[5] < 65536)) continue;
      // On the image, and no smaller than the card's minimum area.
      const double x0 = std::max(0.0, r.x + b[0] * sx), y0 = std::max(0.0, r.y + b[1] * sy);
      const double x1 = std::min<double>(request.width, r.x + b[2] * sx);
      const double y1 = std::min<double>(request.height, r.y + b[3] * sy);
      if (!(x1 > x0 && y1 > y0) || (x1 - x0) * (y1 - y0) < static_cast<double>(card.minArea)) continue;
      all.push_back({{x0, y0, x1 - x0, y1 - y0}, b[4], static_cast<std::uint32_t>(b[5])});
    }
  }
  std::vector<Proposal> out;
  for (const Detection& d : nonMaxSuppression(std::move(all), card.nmsIou))
    if (const LabelBinding* l = card.labelOfChannel(d.classIndex)) out.push_back({l->label, d.box, d.score});
  return out;
}

Result<std::vector<Proposal>> decodeClass(const ModelCard& card, const std::vector<Tensor>& outputs) {
  const Tensor& t = outputs.front();
  if (t.data.empty() || t.data.size() != t.elementCount())
    return makeError(ErrorCode::kInvalidArgument, card.name + ": empty class scores");
  std::vector<double> p(t.data.begin(), t.data.end());
  if (std::any_of(p.begin(), p.end(), [](double v) { return !std::isfinite(v); }))
    return makeError(ErrorCode::kInvalidArgument, card.name + ": the class scores hold NaN or infinity");
  if (card.decoding == OutputDecoding::kLogits && p.size() == 1) {
    // One score: a yes/no finding, whose logit says how likely yes is.
    p[0] = 1.0 / (1.0 + std::exp(-p[0]));
  } else if (card.decoding == OutputDecoding::kLogits || card.decoding == OutputDecoding::kSoftmax) {
    const double top = *std::max_element(p.begin(), p.end());
    double sum = 0;
    for (double& v : p) sum += v = std::exp(v - top);
    for (double& v : p) v /= sum;
  }
  const auto best = static_cast<std::uint32_t>(std::max_element(p.begin(), p.end()) - p.begin());
  const LabelBinding* l = card.labelOfChannel(best);
  if (!l || p[best] < card.threshold) return std::vector<Proposal>{};
  return std::vector<Proposal>{{l->label, annot::Classification{}, p[best]}};
}

}  // namespace

Result<InferenceRequest> prepareInference(const ModelCard& card, const FrameView& frame, const Prompt* prompt) {
  InferenceRequest r;
  r.width = frame.width, r.height = frame.height;
  if (card.task == ModelTask::kInteractiveSegmentation) {
    if (!prompt || prompt->empty())
      return makeError(ErrorCode::kInvalidArgument, "click inside the object (or draw a box around it) first");
    r.prompt = *prompt;
    r.regions = {promptRegion(card, *prompt, frame.width, frame.height)};
  } else {
    r.regions = inputRegions(card, frame.width, frame.height, frame.spacingMm);
  }
  for (const SourceRegion& region : r.regions) {
    Result<Tensor> t = modelInput(card, frame, region, prompt);
    if (!t) return t.error();
    r.inputs.push_back(std::move(t.value()));
  }
  return r;
}

Result<std::vector<Proposal>> decodeInference(const ModelCard& card, const InferenceRequest& request,
                                              const std::vector<Tensor>& outputs) {
  if (outputs.size() != request.regions.size() || outputs.empty())
    return makeError(ErrorCode::kInvalidArgument, card.name + ": one output per input region expected");
  switch (card.task) {
    case ModelTask::kDetection: return decodeBoxes(card, request, outputs);
    case ModelTask::kClassification: return decodeClass(card, outputs);
    default: return decodeMaps(card, request, outputs);
  }
}

}  // namespace limn::infer
