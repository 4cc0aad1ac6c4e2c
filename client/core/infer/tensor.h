// A float32 tensor as ONNX Runtime takes and gives it: a shape and the
// values in row-major order.
#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

namespace limn::infer {

struct Tensor {
  std::vector<std::int64_t> shape;
  std::vector<float> data;
  std::size_t elementCount() const {
    return std::accumulate(shape.begin(), shape.end(), std::size_t{1},
                           [](std::size_t a, std::int64_t d) { return a * static_cast<std::size_t>(d); });
  }
};

}  // namespace limn::infer
