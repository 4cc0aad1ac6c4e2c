// Annotation tool figures in the core, natively: a brush dab on an 8K
// image (the part of a dab that is ours, before the screen upload) and
// fill between slices over a 512x512x100 gap. The browser benchmark
// (web/bench/browser-bench.mjs) measures the same in the app.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace limn::bench {

struct AnnotBenchFigure {
  std::string name;    // "brush_dab", "fill_between_slices"
  std::string detail;  // what was measured
  std::size_t count = 0;
  double p50Ms = 0, p95Ms = 0;
  double goalMs = 0;
};

std::vector<AnnotBenchFigure> runAnnotBench();

}  // namespace limn::bench
