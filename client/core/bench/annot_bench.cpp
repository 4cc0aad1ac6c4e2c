#include "client/core/bench/annot_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "client/core/annot/mask_canvas.h"
#include "client/core/annot/slice_interpolation.h"

namespace limn::bench {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

annot::Mask disk(std::uint32_t w, std::uint32_t h, double cx, double cy, double r) {
  annot::MaskCanvas c(w, h);
  c.dab({cx, cy}, r, true);
  return c.toMask();
}

}  // namespace

std::vector<AnnotBenchFigure> runAnnotBench() {
  std::vector<AnnotBenchFigure> out;
  {
    // 1,000 dabs of radius 20 along a stroke across an 8K frame.
    annot::MaskCanvas canvas(7680, 4320);
    std::vector<double> times;
    for (int i = 0; i < 1000; ++i) {
      const auto t = Clock::now();
      canvas.dab({100.0 + i * 7.3, 2000.0 + 600 * std::sin(i * 0.01)}, 20, true);
      times.push_back(msSince(t));
    }
    out.push_back({"brush_dab", "radius 20 px on a 7680x4320 mask", times.size(), percentile(times, 0.5),
                   percentile(times, 0.95), 2});
  }
  {
    // A lesion drawn on slices 0 and 99 of a 512x512 volume: 98 slices made.
    const annot::Mask lower = disk(512, 512, 200, 256, 40), upper = disk(512, 512, 300, 256, 90);
    std::vector<double> times;
    for (int i = 0; i < 5; ++i) {
      const auto t = Clock::now();
      auto masks = annot::interpolateMasks(lower, upper, 98);
      times.push_back(msSince(t));
      if (!masks || masks->size() != 98) return out;
    }
    out.push_back({"fill_between_slices", "512x512, 98 slices between two drawn masks", times.size(),
                   percentile(times, 0.5), percentile(times, 0.95), 200});
  }
  return out;
}

}  // namespace limn::bench
