#include "client/core/infer/model_card.h"
#include "shared/encoding/json_fields.h"

#include <nlohmann/json.hpp>

namespace limn::infer {
namespace {

using nlohmann::json;

constexpr std::uint32_t kMaxInputSide = 8192;
// 2^26 floats (256 MiB): more than any model's input, and the bound that
// keeps channels x height x width from overflowing a 32-bit size in wasm.
constexpr std::uint64_t kMaxInputValues = std::uint64_t{1} << 26;

Error cardError(const std::string& what) { return makeError(ErrorCode::kInvalidArgument, "model card: " + what); }

Result<ModelTask> taskNamed(const std::string& s) {
  for (ModelTask t : {ModelTask::kSegmentation, ModelTask::kDetection, ModelTask::kClassification,
                      ModelTask::kInteractiveSegmentation})
    if (modelTaskName(t) == s) return t;
  return cardError("unknown task '" + s + "' (segmentation, detection, classification, interactive-segmentation)");
}

Result<OutputDecoding> decodingNamed(const std::string& s) {
  if (s == "logits") return OutputDecoding::kLogits;
  if (s == "softmax") return OutputDecoding::kSoftmax;
  if (s == "probabilities") return OutputDecoding::kProbabilities;
  if (s == "boxes") return OutputDecoding::kBoxes;
  return cardError("unknown output decoding '" + s + "' (logits, softmax, probabilities, boxes)");
}

std::uint32_t positiveSide(const json& j, const char* key) {
  const auto v = integerAs<std::int64_t>(j.at(key), key);
  if (v < 1 || v > kMaxInputSide) throw std::out_of_range(std::string(key) + " must be 1.." + std::to_string(kMaxInputSide));
  return static_cast<std::uint32_t>(v);
}

Result<ModelCard> parse(const json& j) {
  ModelCard c;
  if (j.value("format", "") != "limn-model-card/1") return cardError("\"format\" must be \"limn-model-card/1\"");
  c.name = j.at("name").get<std::string>();
  c.version = j.at("version").get<std::string>();
  if (c.name.empty() || c.version.empty()) return cardError("name and version must not be empty");
  c.description = j.value("description", "");
  Result<ModelTask> task = taskNamed(j.at("task").get<std::string>());
  if (!task) return task.error();
  c.task = *task;
  c.file = j.at("file").get<std::string>();
  if (c.file.empty() || c.file.find('/') != std::string::npos || c.file.find("..") != std::string::npos)
    return cardError("\"file\" must be a file name beside the card");
  c.sha256 = j.value("sha256", "");
  if (!c.sha256.empty() && c.sha256.size() != 64) return cardError("\"sha256\" must be 64 hex digits");
  if (j.contains("modalities")) c.modalities = j.at("modalities").get<std::vector<std::string>>();

  const json& in = j.at("input");
  c.inputName = in.at("name").get<std::string>();
  if (in.value("layout", "NCHW") != "NCHW") return cardError("only the NCHW input layout is supported");
  c.channels = positiveSide(in, "channels");
  c.height = positiveSide(in, "height");
  c.width = positiveSide(in, "width");
  if (std::uint64_t{c.channels} * c.height * c.width > kMaxInputValues)
    return cardError("the input of " + std::to_string(c.channels) + "x" + std::to_string(c.height) + "x" +
                     std::to_string(c.width) + " values is larger than any model's");
  if (in.contains("window") && !(in.at("window").is_string() && in.at("window") == "auto")) {
    WindowSpec w{in.at("window").at("center").get<double>(), in.at("window").at("width").get<double>()};
    if (!(w.width > 0)) return cardError("the window's width must be positive");
    c.window = w;
  }
  if (in.contains("normalise")) {
    c.mean = in.at("normalise").value("mean", 0.0);
    c.std = in.at("normalise").value("std", 1.0);
    if (!(c.std > 0)) return cardError("normalise.std must be positive");
  }
  if (in.value("resample", "bilinear") != "bilinear") return cardError("only bilinear resampling is supported");
  if (in.contains("spacing_mm")) {
    c.spacingMm = in.at("spacing_mm").get<double>();
    if (!(*c.spacingMm > 0 && *c.spacingMm < 100)) return cardError("input.spacing_mm must be a pixel spacing in mm");
  }

  const json& out = j.at("output");
  c.outputName = out.at("name").get<std::string>();
  Result<OutputDecoding> decoding = decodingNamed(out.at("decoding").get<std::string>());
  if (!decoding) return decoding.error();
  c.decoding = *decoding;
  if ((c.decoding == OutputDecoding::kBoxes) != (c.task == ModelTask::kDetection))
    return cardError("detection models, and only they, decode \"boxes\"");
  c.threshold = out.value("threshold", 0.5);
  if (!(c.threshold > 0 && c.threshold < 1)) return cardError("the threshold must lie in (0, 1)");
  c.minArea = integerAs(out, "min_area", std::uint64_t{0});
  c.nmsIou = out.value("nms_iou", 0.5);
  if (!(c.nmsIou > 0 && c.nmsIou <= 1)) return cardError("nms_iou must lie in (0, 1]");

  for (const json& l : j.at("labels")) c.labels.push_back({integerAs<std::uint32_t>(l.at("channel"), "channel"), l.at("label").get<std::string>()});
  if (c.labels.empty()) return cardError("\"labels\" must bind at least one output channel to a label");
  const std::string shape = j.value("annotation_shape", "mask");
  if (shape == "mask") c.annotationShape = annot::ShapeKind::kMask;
  else if (shape == "polygon") c.annotationShape = annot::ShapeKind::kPolygon;
  else return cardError("\"annotation_shape\" must be \"mask\" or \"polygon\"");

  if (c.task == ModelTask::kInteractiveSegmentation) {
    if (!j.contains("prompts")) return cardError("an interactive model needs \"prompts\"");
    // Its one object may come in parts (the parts under several clicks).
    if (c.annotationShape != annot::ShapeKind::kMask)
      return cardError("an interactive model's results are masks (\"annotation_shape\": \"mask\")");
    const json& p = j.at("prompts");
    PromptEncoding& e = c.prompts;
    e.imageChannel = integerAs(p, "image_channel", 0u);
    e.positiveChannel = integerAs<std::uint32_t>(p.at("positive_channel"), "positive_channel");
    e.negativeChannel = integerAs<std::uint32_t>(p.at("negative_channel"), "negative_channel");
    if (p.contains("box_channel")) e.boxChannel = integerAs<std::uint32_t>(p.at("box_channel"), "box_channel");
    e.clickSigma = p.value("click_sigma", e.clickSigma);
    e.cropFraction = p.value("crop_fraction", e.cropFraction);
    e.boxScale = p.value("box_scale", e.boxScale);
    e.minCropFraction = p.value("min_crop_fraction", e.minCropFraction);
    for (std::uint32_t ch : {e.imageChannel, e.positiveChannel, e.negativeChannel, e.boxChannel.value_or(0)})
      if (ch >= c.channels) return cardError("a prompt channel is beyond the input's channels");
    if (!(e.clickSigma > 0 && e.cropFraction > 0 && e.boxScale > 0 && e.minCropFraction > 0))
      return cardError("prompt sizes must be positive");
  } else if (c.channels != 1) {
    return cardError("image models take one channel (the windowed image)");
  }
  if (j.contains("tiling") && c.task == ModelTask::kClassification)
    return cardError("a classifier judges the whole image: no \"tiling\"");
  if (j.contains("tiling")) {
    c.tiling = Tiling{integerAs<std::uint32_t>(j.at("tiling").at("tile"), "tile"), integerAs(j.at("tiling"), "overlap", 0u)};
    if (c.tiling->tile < 16 || c.tiling->tile > kMaxInputSide || std::uint64_t{c.tiling->overlap} * 2 >= c.tiling->tile)
      return cardError("tiling: tile must be 16 or more and overlap under half of it");
  }
  if (j.contains("provenance")) c.provenance = j.at("provenance").dump();
  return c;
}

}  // namespace

const LabelBinding* ModelCard::labelOfChannel(std::uint32_t channel) const {
  for (const LabelBinding& l : labels)
    if (l.channel == channel) return &l;
  return nullptr;
}

std::string_view modelTaskName(ModelTask t) {
  switch (t) {
    case ModelTask::kSegmentation: return "segmentation";
    case ModelTask::kDetection: return "detection";
    case ModelTask::kClassification: return "classification";
    case ModelTask::kInteractiveSegmentation: return "interactive-segmentation";
  }
  return "?";
}

Result<ModelCard> parseModelCard(std::string_view text) {
  try {
    return parse(json::parse(text));
  } catch (const std::exception& e) {
    return cardError(e.what());
  }
}

}  // namespace limn::infer
