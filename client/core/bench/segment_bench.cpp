#include "client/core/bench/segment_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "client/core/infer/inference.h"
#include "client/core/segment/grow_cut.h"
#include "client/core/segment/level_trace.h"
#include "client/core/segment/region_grow.h"

namespace limn::bench {
namespace {

using Clock = std::chrono::steady_clock;

// A noisy CT-like grid: soft tissue around 40 with a bright ball of radius
// r at the centre, +-15 of noise.
std::vector<float> ballGrid(std::uint32_t side, std::uint32_t depth, double r) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> noise(-15, 15);
  std::vector<float> v(std::size_t{side} * side * depth);
  const double c = side / 2.0, cz = depth / 2.0;
  for (std::uint32_t z = 0; z < depth; ++z)
    for (std::uint32_t y = 0; y < side; ++y)
      for (std::uint32_t x = 0; x < side; ++x) {
        const double d = std::hypot(std::hypot(x + 0.5 - c, y + 0.5 - c), depth > 1 ? z + 0.5 - cz : 0.0);
        v[(std::size_t{z} * side + y) * side + x] = (d <= r ? 150.f : 40.f) + noise(rng);
      }
  return v;
}

template <typename Work>
AnnotBenchFigure timed(const char* name, const char* detail, int repeats, double goalMs, Work work) {
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    const auto t = Clock::now();
    work();
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
  }
  std::sort(times.begin(), times.end());
  const auto at = [&](double q) { return times[std::min(times.size() - 1, static_cast<std::size_t>(q * times.size()))]; };
  return {name, detail, times.size(), at(0.5), at(0.95), goalMs};
}

}  // namespace

std::vector<AnnotBenchFigure> runSegmentBench() {
  std::vector<AnnotBenchFigure> out;
  const std::vector<float> slice = ballGrid(512, 1, 120);
  const segment::ValueGrid grid({512, 512, 1}, std::span<const float>(slice));
  out.push_back(timed("region_grow", "512x512 slice, a region of 45,000 px, tolerance 50", 30, 20, [&] {
    (void)segment::regionGrow(grid, {256, 256, 0}, {.tolerance = 50});
  }));
  out.push_back(timed("level_trace", "512x512 slice, outline of a 45,000 px region", 30, 20, [&] {
    (void)segment::traceLevel(grid, {256, 140, 0});
  }));
  std::vector<std::uint8_t> seeds(slice.size(), 0);
  for (std::uint32_t x = 230; x < 280; ++x) seeds[256 * 512 + x] = 1;
  for (std::uint32_t x = 0; x < 512; ++x) seeds[x] = seeds[511 * 512 + x] = 2;
  out.push_back(timed("grow_cut", "512x512 slice, two labels seeded by strokes", 10, 100, [&] {
    (void)segment::growCut(grid, seeds);
  }));
  const std::vector<float> volume = ballGrid(512, 64, 40);
  const segment::ValueGrid volumeGrid({512, 512, 64}, std::span<const float>(volume));
  out.push_back(timed("region_grow_volume", "512x512x64 volume, a ball of 268,000 voxels", 5, 0, [&] {
    (void)segment::regionGrow(volumeGrid, {256, 256, 32}, {.tolerance = 50});
  }));
  // The C++ around a model run: a 512x512 CT slice to a 256x256 input, and
  // 256x256 logits back to proposals on the slice.
  infer::ModelCard card;
  card.name = "bench";
  card.version = "1";
  card.width = card.height = 256;
  card.window = infer::WindowSpec{40, 400};
  card.labels = {{0, "lesion"}};
  card.minArea = 6;
  const infer::FrameView frame{slice, 512, 512, 1, 0, "CT"};
  Result<infer::InferenceRequest> request = infer::prepareInference(card, frame);
  out.push_back(timed("model_input", "512x512 CT slice to a 256x256 model input (window, resample)", 30, 0, [&] {
    request = infer::prepareInference(card, frame);
  }));
  if (request) {
    infer::Tensor logits{{1, 1, 256, 256}, std::vector<float>(256 * 256)};
    for (std::size_t i = 0; i < logits.data.size(); ++i) logits.data[i] = 20.f * (request->inputs[0].data[i] - 0.4f);
    const std::vector<infer::Tensor> outputs{logits};
    out.push_back(timed("model_output", "256x256 logits to proposals on a 512x512 slice (resample, components)", 30, 0, [&] {
      (void)infer::decodeInference(card, *request, outputs);
    }));
  }
  return out;
}

}  // namespace limn::bench
