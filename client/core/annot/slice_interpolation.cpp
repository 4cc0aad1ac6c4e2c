#include "client/core/annot/slice_interpolation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace limn::annot {

namespace {

constexpr float kFar = 1e20f;

// One line of the squared distance transform: f holds 0 at feature pixels
// and kFar elsewhere; on return d holds the squared distance to the nearest
// feature. v and z are scratch of size n and n + 1.
void distance1d(const float* f, float* d, std::size_t n, std::size_t stride, std::vector<std::size_t>& v,
                std::vector<float>& z) {
  std::size_t k = 0;
  v[0] = 0;
  z[0] = -std::numeric_limits<float>::infinity();
  z[1] = std::numeric_limits<float>::infinity();
  const auto intersection = [&](std::size_t q, std::size_t p) {
    const double qd = static_cast<double>(q), pd = static_cast<double>(p);
    return static_cast<float>(((f[q * stride] + qd * qd) - (f[p * stride] + pd * pd)) / (2.0 * (qd - pd)));
  };
  for (std::size_t q = 1; q < n; ++q) {
    float s = intersection(q, v[k]);
    while (s <= z[k]) s = intersection(q, v[--k]);  // z[0] is -infinity: stops at k = 0
    ++k;
    v[k] = q;
    z[k] = s;
    z[k + 1] = std::numeric_limits<float>::infinity();
  }
  k = 0;
  for (std::size_t q = 0; q < n; ++q) {
    while (z[k + 1] < static_cast<float>(q)) ++k;
    const float dq = static_cast<float>(q) - static_cast<float>(v[k]);
    d[q * stride] = dq * dq + f[v[k] * stride];
  }
}

// Squared distance from every pixel to the nearest pixel where `bits` equals `feature`.
std::vector<float> squaredDistanceTo(const std::vector<std::uint8_t>& bits, std::uint32_t w, std::uint32_t h,
                                     std::uint8_t feature) {
  std::vector<float> f(bits.size()), g(bits.size());
  for (std::size_t i = 0; i < bits.size(); ++i) f[i] = bits[i] == feature ? 0.0f : kFar;
  const std::size_t longest = std::max(w, h);
  std::vector<std::size_t> v(longest);
  std::vector<float> z(longest + 1);
  for (std::uint32_t x = 0; x < w; ++x) distance1d(f.data() + x, g.data() + x, h, w, v, z);  // columns
  for (std::uint32_t y = 0; y < h; ++y)
    distance1d(g.data() + std::size_t{y} * w, f.data() + std::size_t{y} * w, w, 1, v, z);  // rows
  return f;
}

}  // namespace

std::vector<float> signedDistance(const Mask& mask) {
  const std::vector<std::uint8_t> bits = maskBits(mask);
  const std::vector<float> toInside = squaredDistanceTo(bits, mask.width, mask.height, 1);
  const std::vector<float> toOutside = squaredDistanceTo(bits, mask.width, mask.height, 0);
  std::vector<float> out(bits.size());
  // Half a pixel each way puts the zero level on the pixel edge between an
  // inside and an outside pixel, so a mask blended with itself is itself.
  for (std::size_t i = 0; i < bits.size(); ++i)
    out[i] = bits[i] ? 0.5f - std::sqrt(toOutside[i]) : std::sqrt(toInside[i]) - 0.5f;
  return out;
}

namespace {

struct Centroid {
  double x = 0, y = 0;
};

Centroid centroidOf(const Mask& m) {
  Centroid c;
  std::uint64_t at = 0, count = 0;
  for (std::size_t i = 0; i < m.runs.size(); ++i) {
    const std::uint64_t run = m.runs[i];
    if (i % 2 == 1)
      for (std::uint64_t p = at; p < at + run; ++p) {
        c.x += static_cast<double>(p % m.width);
        c.y += static_cast<double>(p / m.width);
        ++count;
      }
    at += run;
  }
  if (count) {
    c.x /= static_cast<double>(count);
    c.y /= static_cast<double>(count);
  }
  return c;
}

// Index of x + d clamped to [0, n): the shifted map extends its edges.
std::vector<std::uint32_t> shiftedIndices(std::uint32_t n, long d) {
  std::vector<std::uint32_t> out(n);
  for (long x = 0; x < static_cast<long>(n); ++x)
    out[static_cast<std::size_t>(x)] = static_cast<std::uint32_t>(std::clamp(x + d, 0L, static_cast<long>(n) - 1));
  return out;
}

}  // namespace

Result<std::vector<Mask>> interpolateMasks(const Mask& lower, const Mask& upper, std::uint32_t between) {
  if (lower.width != upper.width || lower.height != upper.height)
    return makeError(ErrorCode::kInvalidArgument, "the two masks differ in size");
  const std::uint32_t w = lower.width, h = lower.height;
  const std::vector<float> a = signedDistance(lower), b = signedDistance(upper);
  // Each shape is first moved to where its centre is on the slice being
  // made, so a structure that drifts between the drawn slices keeps its
  // size instead of thinning to the overlap (whole-pixel shifts).
  const Centroid ca = centroidOf(lower), cb = centroidOf(upper);
  std::vector<Mask> out;
  out.reserve(between);
  std::vector<std::uint8_t> bits(a.size());
  for (std::uint32_t k = 1; k <= between; ++k) {
    const double t = static_cast<double>(k) / (between + 1);
    const double cx = (1 - t) * ca.x + t * cb.x, cy = (1 - t) * ca.y + t * cb.y;
    const long ax = std::lround(ca.x - cx), ay = std::lround(ca.y - cy);
    const long bx = std::lround(cb.x - cx), by = std::lround(cb.y - cy);
    const float tf = static_cast<float>(t);
    const std::vector<std::uint32_t> colA = shiftedIndices(w, ax), colB = shiftedIndices(w, bx);
    const std::vector<std::uint32_t> rowA = shiftedIndices(h, ay), rowB = shiftedIndices(h, by);
    for (std::uint32_t y = 0; y < h; ++y) {
      const float* ra = a.data() + std::size_t{rowA[y]} * w;
      const float* rb = b.data() + std::size_t{rowB[y]} * w;
      std::uint8_t* out = bits.data() + std::size_t{y} * w;
      // Inside [x0, x1) neither shift leaves the row: contiguous, vectorisable.
      const long x0 = std::clamp(std::max(-ax, -bx), 0L, static_cast<long>(w));
      const long x1 = std::clamp(static_cast<long>(w) - std::max(ax, bx), x0, static_cast<long>(w));
      const float* pa = ra + ax;
      const float* pb = rb + bx;
      for (long x = x0; x < x1; ++x) out[x] = (1.0f - tf) * pa[x] + tf * pb[x] < 0.0f ? 1 : 0;
      for (long x = 0; x < x0; ++x) out[x] = (1.0f - tf) * ra[colA[x]] + tf * rb[colB[x]] < 0.0f ? 1 : 0;
      for (long x = x1; x < static_cast<long>(w); ++x) out[x] = (1.0f - tf) * ra[colA[x]] + tf * rb[colB[x]] < 0.0f ? 1 : 0;
    }
    out.push_back(maskFromBits(w, h, bits));
  }
  return out;
}

}  // namespace limn::annot
