#include "client/core/imaging/orientation_label.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace limn::imaging {

namespace {

// Below this share a component is not worth a letter (an oblique plane
// tilted by less than about 15 degrees reads as the plain plane).
constexpr double kMinorComponent = 0.25;

}  // namespace

std::string orientationLabel(const Vec3& direction) {
  const Vec3 d = unit(direction);
  std::array<int, 3> order{0, 1, 2};
  std::sort(order.begin(), order.end(), [&](int a, int b) { return std::abs(d[a]) > std::abs(d[b]); });
  static constexpr char kPositive[3] = {'L', 'P', 'S'};
  static constexpr char kNegative[3] = {'R', 'A', 'I'};
  std::string label;
  for (int axis : order)
    if (std::abs(d[axis]) >= kMinorComponent) label += d[axis] > 0 ? kPositive[axis] : kNegative[axis];
  return label;
}

}  // namespace limn::imaging
