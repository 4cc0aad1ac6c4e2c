// Three-component vectors in patient space (LPS, millimetres).
#pragma once

#include <array>
#include <cmath>

namespace limn::imaging {

using Vec3 = std::array<double, 3>;

// Named functions, not operators: Vec3 is a std::array, so operators here
// would not be found by argument-dependent lookup from other namespaces.
inline Vec3 add(const Vec3& a, const Vec3& b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
inline Vec3 sub(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
inline Vec3 scaled(const Vec3& a, double k) { return {a[0] * k, a[1] * k, a[2] * k}; }
inline double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
inline Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
inline double length(const Vec3& a) { return std::sqrt(dot(a, a)); }
inline Vec3 unit(const Vec3& a) {
  const double n = length(a);
  return n > 0 ? scaled(a, 1.0 / n) : Vec3{0, 0, 1};
}

}  // namespace limn::imaging
