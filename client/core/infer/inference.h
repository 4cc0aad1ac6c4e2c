// One model run over one frame, from the frame to proposed annotations,
// around the part only a runtime can do: prepareInference gives the input
// tensors (one per region: the frame, its tiles, or the prompt's crop),
// ONNX Runtime (in the browser's worker, or onnxruntime-node for scripts)
// runs them, and decodeInference turns the outputs into proposals:
// thresholded, split into connected findings, each with its confidence.
#pragma once

#include <string>
#include <vector>

#include "client/core/annot/geometry.h"
#include "client/core/infer/model_card.h"
#include "client/core/infer/model_input.h"
#include "client/core/infer/tensor.h"
#include "shared/error/result.h"

namespace limn::infer {

struct InferenceRequest {
  std::uint32_t width = 0, height = 0;  // the frame's
  Prompt prompt;
  std::vector<SourceRegion> regions;
  std::vector<Tensor> inputs;  // inputs[i] covers regions[i]
};

// A finding the model proposes: it becomes an annotation with the card's
// source and status "proposed" until a person confirms or corrects it.
struct Proposal {
  std::string label;
  annot::Shape shape;
  double confidence = 0;  // mean probability over the finding (segmentation), score (detection, classification)
};

Result<InferenceRequest> prepareInference(const ModelCard& card, const FrameView& frame, const Prompt* prompt = nullptr);

Result<std::vector<Proposal>> decodeInference(const ModelCard& card, const InferenceRequest& request,
                                              const std::vector<Tensor>& outputs);

}  // namespace limn::infer
