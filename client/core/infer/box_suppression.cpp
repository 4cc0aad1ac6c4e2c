#include "client/core/infer/box_suppression.h"

#include <algorithm>

namespace limn::infer {

double boxIou(const annot::Box& a, const annot::Box& b) {
  const double ix = std::max(0.0, std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x));
  const double iy = std::max(0.0, std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y));
  const double inter = ix * iy;
  const double uni = a.width * a.height + b.width * b.height - inter;
  return uni > 0 ? inter / uni : 0;
}

std::vector<Detection> nonMaxSuppression(std::vector<Detection> detections, double iouThreshold) {
  std::stable_sort(detections.begin(), detections.end(),
                   [](const Detection& a, const Detection& b) { return a.score > b.score; });
  std::vector<Detection> kept;
  for (const Detection& d : detections) {
    const bool suppressed = std::any_of(kept.begin(), kept.end(), [&](const Detection& k) {
      return k.classIndex == d.classIndex && boxIou(k.box, d.box) > iouThreshold;
    });
    if (!suppressed) kept.push_back(d);
  }
  return kept;
}

}  // namespace limn::infer
