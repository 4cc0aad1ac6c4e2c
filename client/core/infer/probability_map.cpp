#include "client/core/infer/probability_map.h"

#include <algorithm>
#include <cmath>

namespace limn::infer {

Result<ProbabilityMap> outputChannel(const ModelCard& card, const Tensor& output, std::uint32_t channel) {
  if (output.shape.size() != 4 || output.shape[0] != 1 || output.data.size() != output.elementCount())
    return makeError(ErrorCode::kInvalidArgument, card.name + ": expected an output of shape [1, C, H, W]");
  if (channel >= output.shape[1])
    return makeError(ErrorCode::kInvalidArgument, card.name + ": the output has no channel " + std::to_string(channel));
  ProbabilityMap m{static_cast<std::uint32_t>(output.shape[3]), static_cast<std::uint32_t>(output.shape[2]), {}};
  const std::size_t plane = std::size_t{m.width} * m.height;
  const float* src = output.data.data() + plane * channel;
  m.values.resize(plane);
  const bool logits = card.decoding == OutputDecoding::kLogits;
  const bool softmax = card.decoding == OutputDecoding::kSoftmax;
  const std::size_t channels = static_cast<std::size_t>(output.shape[1]);
  for (std::size_t i = 0; i < plane; ++i) {
    const float v = src[i];
    if (!std::isfinite(v)) return makeError(ErrorCode::kInvalidArgument, card.name + ": the output holds NaN or infinity");
    if (softmax) {
      // This channel's share of exp over every channel at the pixel.
      float top = v;
      for (std::size_t c = 0; c < channels; ++c) top = std::max(top, output.data[plane * c + i]);
      float sum = 0;
      for (std::size_t c = 0; c < channels; ++c) sum += std::exp(output.data[plane * c + i] - top);
      m.values[i] = std::exp(v - top) / sum;
    } else {
      m.values[i] = logits ? 1.f / (1.f + std::exp(-v)) : std::clamp(v, 0.f, 1.f);
    }
  }
  return m;
}

ImageProbabilities::ImageProbabilities(std::uint32_t width, std::uint32_t height)
    : m_width(width), m_height(height), m_sum(std::size_t{width} * height, 0.f), m_count(m_sum.size(), 0) {}

void ImageProbabilities::add(const ProbabilityMap& map, const SourceRegion& r) {
  // The image pixels whose centres the region covers, and where they fall
  // on the map's grid.
  const auto first = [](double lo) { return std::max(0.0, std::ceil(lo - 0.5)); };
  const double x0 = first(r.x), y0 = first(r.y);
  const double x1 = std::min<double>(m_width, std::floor(r.x + r.width - 0.5) + 1);
  const double y1 = std::min<double>(m_height, std::floor(r.y + r.height - 0.5) + 1);
  if (x0 >= x1 || y0 >= y1 || map.values.empty()) return;
  const double sx = map.width / r.width, sy = map.height / r.height;
  const SourceRegion onMap{(x0 - r.x) * sx, (y0 - r.y) * sy, (x1 - x0) * sx, (y1 - y0) * sy};
  const auto w = static_cast<std::uint32_t>(x1 - x0), h = static_cast<std::uint32_t>(y1 - y0);
  const std::vector<float> placed = sampleRegion(map.values, map.width, map.height, onMap, w, h);
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x) {
      const std::size_t i = (std::size_t(y0) + y) * m_width + std::size_t(x0) + x;
      m_sum[i] += placed[std::size_t{y} * w + x];
      ++m_count[i];
    }
}

ProbabilityMap ImageProbabilities::average() const {
  ProbabilityMap m{m_width, m_height, std::vector<float>(m_sum.size(), 0.f)};
  for (std::size_t i = 0; i < m_sum.size(); ++i)
    if (m_count[i]) m.values[i] = m_sum[i] / m_count[i];
  return m;
}

}  // namespace limn::infer
