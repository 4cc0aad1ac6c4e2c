// A model card: the JSON beside an .onnx file that says what the model does
// and how to feed it and read it, so models are data, not code. A site
// serves its own cards and models (web/models/index.json lists them) or a
// user picks local files; nothing is fetched from elsewhere.
//
//   {"format": "limn-model-card/1", "name": "lesion-seg", "version": "1.0.0",
//    "task": "segmentation", "file": "lesion-seg.onnx", "sha256": "<hex>",
//    "modalities": ["CT"],
//    "input": {"name": "image", "layout": "NCHW", "channels": 1, "height": 256, "width": 256,
//              "window": {"center": 40, "width": 400} | "auto", "normalise": {"mean": 0, "std": 1}},
//    "output": {"name": "lesion_logits", "decoding": "logits", "threshold": 0.5, "min_area": 6},
//    "labels": [{"channel": 0, "label": "lesion"}], "annotation_shape": "mask" | "polygon",
//    "prompts": {...}  (interactive models), "tiling": {...} (optional), "provenance": {...}}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/core/annot/geometry.h"
#include "shared/error/result.h"

namespace limn::infer {

enum class ModelTask : std::uint8_t {
  kSegmentation,             // one probability map per label channel
  kDetection,                // boxes with scores and classes
  kClassification,           // one score per label for the whole image
  kInteractiveSegmentation,  // prompts (clicks, a box) in, one object's mask out
};

enum class OutputDecoding : std::uint8_t {
  kLogits,         // before a sigmoid per map channel; class scores: softmax, or a sigmoid for a single score
  kSoftmax,        // logits of exclusive classes: softmax across the channels (per pixel for maps),
                   // e.g. a segmenter with a background channel
  kProbabilities,  // already in [0, 1]
  kBoxes,          // [N, 6]: x0, y0, x1, y1 (input pixels), score, class
};

struct WindowSpec {  // modality values (HU for CT) mapped to [0, 1]
  double center = 0, width = 1;
};

struct LabelBinding {
  std::uint32_t channel = 0;  // output channel (segmentation) or class index
  std::string label;          // a label id of the project's schema
};

struct PromptEncoding {  // interactive models: what each input channel holds
  std::uint32_t imageChannel = 0, positiveChannel = 1, negativeChannel = 2;
  std::optional<std::uint32_t> boxChannel;
  double clickSigma = 3;             // Gaussian click maps, in model pixels
  double cropFraction = 0.375;       // clicks only: the crop's side as a share of the image's longer side
  double boxScale = 2;               // with a box: the crop's side as a multiple of the box's longer side
  double minCropFraction = 0.125;    // ...but never smaller than this share of the image
};

struct Tiling {  // large images: tiles of `tile` image pixels with `overlap`, each resampled to the input
  std::uint32_t tile = 0, overlap = 0;
};

struct ModelCard {
  std::string name, version, description;
  ModelTask task = ModelTask::kSegmentation;
  std::string file, sha256;
  std::vector<std::string> modalities;  // empty: any
  std::string inputName, outputName;
  std::uint32_t channels = 1, height = 0, width = 0;
  std::optional<WindowSpec> window;     // none: "auto" (1st to 99th percentile of the frame)
  std::optional<double> spacingMm;      // the pixel spacing the model was trained at (input.spacing_mm)
  double mean = 0, std = 1;             // after windowing: (x - mean) / std
  OutputDecoding decoding = OutputDecoding::kLogits;
  double threshold = 0.5;
  std::uint64_t minArea = 0;            // smaller findings are dropped (image pixels)
  double nmsIou = 0.5;                  // detection
  std::vector<LabelBinding> labels;
  annot::ShapeKind annotationShape = annot::ShapeKind::kMask;  // kMask or kPolygon for maps
  PromptEncoding prompts;
  std::optional<Tiling> tiling;
  std::string provenance;  // the card's "provenance" object as JSON text, shown to users

  // "model:<name>@<version>": an annotation's source.
  std::string source() const { return "model:" + name + "@" + version; }
  const LabelBinding* labelOfChannel(std::uint32_t channel) const;
};

std::string_view modelTaskName(ModelTask t);

// Checks every field: a card that would make the model read the wrong
// pixels or its output the wrong way is refused with what is wrong.
Result<ModelCard> parseModelCard(std::string_view json);

}  // namespace limn::infer
