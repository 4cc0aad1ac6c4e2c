// Segmentation figures in the core: the classical tools on a 512x512 slice
// (goal: region growing under 20 ms) and a 512x512x64 volume, and the
// C++ halves of a model run around ONNX Runtime (preparing a 512x512 slice
// for a 256x256 model, decoding its output into proposals). `limn bench`
// prints them for the native build and the wasm build under Node side by
// side; the models themselves are timed by web/bench/infer-bench.mjs.
#pragma once

#include <vector>

#include "client/core/bench/annot_bench.h"

namespace limn::bench {

std::vector<AnnotBenchFigure> runSegmentBench();

}  // namespace limn::bench
