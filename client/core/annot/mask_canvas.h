// A dense working copy of one frame's mask, one byte per pixel, for the
// brush and eraser: a dab touches a few hundred pixels in place, whatever
// the image size, and reports the rectangle it changed so the screen only
// re-uploads that. Committed back to run lengths (geometry.h) once per
// stroke, as one op.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "client/core/annot/geometry.h"

namespace limn::annot {

// Half-open pixel rectangle [x0, x1) x [y0, y1).
struct PixelRect {
  std::uint32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x0 >= x1 || y0 >= y1; }
  void include(const PixelRect& r);
};

// Paint only where the image's value lies in [low, high] (the
// intensity-constrained brush: e.g. 30..80 HU paints a bleed and skips
// bone). `values` are the frame's values, row-major, turned into modality
// values by slope and intercept.
struct IntensityGate {
  std::span<const float> values;
  double slope = 1, intercept = 0;
  double low = 0, high = 0;
  bool admits(std::size_t pixel) const {
    const double v = values[pixel] * slope + intercept;
    return v >= low && v <= high;
  }
};

class MaskCanvas {
 public:
  MaskCanvas() = default;
  MaskCanvas(std::uint32_t width, std::uint32_t height)
      : m_width(width), m_height(height), m_bits(std::size_t{width} * height, 0) {}
  static MaskCanvas fromMask(const Mask& mask);

  // Sets (paint) or clears (erase) every pixel whose centre lies within
  // `radius` image pixels of `centre`, where the gate admits it. Returns
  // the pixels looked at (empty when the disk misses the image).
  PixelRect dab(Point centre, double radius, bool paint, const IntensityGate* gate = nullptr);

  Mask toMask() const { return maskFromBits(m_width, m_height, m_bits); }
  bool empty() const;
  std::uint32_t width() const { return m_width; }
  std::uint32_t height() const { return m_height; }
  const std::vector<std::uint8_t>& bits() const { return m_bits; }

 private:
  std::uint32_t m_width = 0, m_height = 0;
  std::vector<std::uint8_t> m_bits;
};

// The disk of a dab on a slice `dz` slices away from the centre of a
// spherical 3D brush of `radius` (in slice units along z: `zScale` slice
// spacing over pixel spacing): 0 when the slice is outside the sphere.
double sphereSectionRadius(double radius, double dz, double zScale);

}  // namespace limn::annot
