// A model's output map as probabilities, and the map put back on the
// image's pixel grid (tiles and prompt crops resampled to where they came
// from; overlapping tiles averaged).
#pragma once

#include <cstdint>
#include <vector>

#include "client/core/infer/model_card.h"
#include "client/core/infer/model_input.h"
#include "client/core/infer/tensor.h"
#include "shared/error/result.h"

namespace limn::infer {

struct ProbabilityMap {
  std::uint32_t width = 0, height = 0;
  std::vector<float> values;  // row-major, [0, 1]
};

// Channel `channel` of an [1, C, H, W] output, through a sigmoid when the
// card says the model gives logits.
Result<ProbabilityMap> outputChannel(const ModelCard& card, const Tensor& output, std::uint32_t channel);

// Sums maps placed over regions of a width x height image; pixels no
// region covers stay 0.
class ImageProbabilities {
 public:
  ImageProbabilities(std::uint32_t width, std::uint32_t height);
  void add(const ProbabilityMap& map, const SourceRegion& region);
  ProbabilityMap average() const;

 private:
  std::uint32_t m_width, m_height;
  std::vector<float> m_sum;
  std::vector<std::uint16_t> m_count;
};

}  // namespace limn::infer
