#include "client/core/annot/mask_canvas.h"

#include <algorithm>
#include <cmath>

namespace limn::annot {

void PixelRect::include(const PixelRect& r) {
  if (r.empty()) return;
  if (empty()) {
    *this = r;
    return;
  }
  x0 = std::min(x0, r.x0);
  y0 = std::min(y0, r.y0);
  x1 = std::max(x1, r.x1);
  y1 = std::max(y1, r.y1);
}

MaskCanvas MaskCanvas::fromMask(const Mask& mask) {
  MaskCanvas c;
  c.m_width = mask.width;
  c.m_height = mask.height;
  c.m_bits = maskBits(mask);
  return c;
}

PixelRect MaskCanvas::dab(Point centre, double radius, bool paint, const IntensityGate* gate) {
  if (radius <= 0 || m_width == 0 || m_height == 0) return {};
  // Pixel i's centre is i + 0.5: the disk covers centres in [cx - r, cx + r].
  const auto first = [](double lo) { return std::ceil(lo - 0.5); };
  const auto last = [](double hi) { return std::floor(hi - 0.5); };
  const double y0 = std::max(0.0, first(centre.y - radius));
  const double y1 = std::min(static_cast<double>(m_height) - 1, last(centre.y + radius));
  if (y0 > y1) return {};
  PixelRect touched;
  const std::uint8_t value = paint ? 1 : 0;
  const double r2 = radius * radius;
  for (double y = y0; y <= y1; ++y) {
    const double dy = y + 0.5 - centre.y;
    const double half = std::sqrt(std::max(0.0, r2 - dy * dy));
    const double x0 = std::max(0.0, first(centre.x - half));
    const double x1 = std::min(static_cast<double>(m_width) - 1, last(centre.x + half));
    if (x0 > x1) continue;
    const std::size_t row = static_cast<std::size_t>(y) * m_width;
    const auto xa = static_cast<std::size_t>(x0), xb = static_cast<std::size_t>(x1);
    if (gate) {
      for (std::size_t x = xa; x <= xb; ++x)
        if (gate->admits(row + x)) m_bits[row + x] = value;
    } else {
      std::fill(m_bits.begin() + static_cast<std::ptrdiff_t>(row + xa),
                m_bits.begin() + static_cast<std::ptrdiff_t>(row + xb + 1), value);
    }
    touched.include({static_cast<std::uint32_t>(xa), static_cast<std::uint32_t>(y), static_cast<std::uint32_t>(xb + 1),
                     static_cast<std::uint32_t>(y) + 1});
  }
  return touched;
}

bool MaskCanvas::empty() const {
  return std::none_of(m_bits.begin(), m_bits.end(), [](std::uint8_t b) { return b != 0; });
}

double sphereSectionRadius(double radius, double dz, double zScale) {
  const double d = dz * zScale;
  return d * d >= radius * radius ? 0 : std::sqrt(radius * radius - d * d);
}

}  // namespace limn::annot
