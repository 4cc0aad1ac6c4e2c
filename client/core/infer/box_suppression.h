// Non-maximum suppression for detection models: of boxes of one class that
// overlap by more than an IoU threshold, only the highest-scoring stays.
#pragma once

#include <cstdint>
#include <vector>

#include "client/core/annot/geometry.h"

namespace limn::infer {

struct Detection {
  annot::Box box;  // image pixels
  double score = 0;
  std::uint32_t classIndex = 0;
};

double boxIou(const annot::Box& a, const annot::Box& b);

// Highest score first; ties keep input order.
std::vector<Detection> nonMaxSuppression(std::vector<Detection> detections, double iouThreshold);

}  // namespace limn::infer
