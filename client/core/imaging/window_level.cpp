#include "client/core/imaging/window_level.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace limn::imaging {

namespace {

constexpr std::size_t kBins = 4096;
constexpr double kLowPercentile = 0.01;
constexpr double kHighPercentile = 0.995;
// A bin at the minimum holding more than this share is background.
constexpr double kBackgroundShare = 0.2;

// The window whose linear VOI function (PS3.3 C.11.2.1.2.1) maps lo to the
// first and hi to the last output level: for a 0/1 mask, black and white.
Window spanWindow(double lo, double hi) { return {(lo + hi) / 2 + 0.5, hi - lo + 1}; }

}  // namespace

ModalityLut modalityLut(const dicom::DicomImage& image) {
  ModalityLut lut;
  if (image.display.rescaleSlope && *image.display.rescaleSlope != 0) lut.slope = *image.display.rescaleSlope;
  if (image.display.rescaleIntercept) lut.intercept = *image.display.rescaleIntercept;
  return lut;
}

Window histogramWindow(std::span<const float> values, const ModalityLut& lut) {
  if (values.empty()) return {};
  const auto [mn, mx] = std::minmax_element(values.begin(), values.end());
  const double lo = *mn, hi = *mx;
  if (hi <= lo) return spanWindow(lut.apply(lo), lut.apply(hi));
  std::array<std::uint32_t, kBins> hist{};
  const double scale = (kBins - 1) / (hi - lo);
  for (float v : values) ++hist[static_cast<std::size_t>((v - lo) * scale)];
  std::size_t first = 0;
  std::uint64_t total = values.size();
  if (hist[0] > kBackgroundShare * static_cast<double>(total) && hist[0] < total) {
    total -= hist[0];
    first = 1;
  }
  auto percentileBin = [&](double q) {
    const double target = q * static_cast<double>(total);
    std::uint64_t seen = 0;
    for (std::size_t b = first; b < kBins; ++b) {
      seen += hist[b];
      if (static_cast<double>(seen) >= target) return b;
    }
    return kBins - 1;
  };
  const double storedLo = lo + static_cast<double>(percentileBin(kLowPercentile)) / scale;
  const double storedHi = lo + static_cast<double>(percentileBin(kHighPercentile) + 1) / scale;
  // Nothing left but one level (a mask whose zeros looked like background):
  // the full range is the only honest window.
  if (std::min(storedHi, hi) <= storedLo) {
    const double a = lut.apply(lo), b = lut.apply(hi);
    return spanWindow(std::min(a, b), std::max(a, b));
  }
  const double a = lut.apply(storedLo), b = lut.apply(std::min(storedHi, hi));
  return spanWindow(std::min(a, b), std::max(a, b));
}

VoiFunction voiFunctionNamed(const std::string& name) {
  if (name == "LINEAR_EXACT") return VoiFunction::kLinearExact;
  if (name == "SIGMOID") return VoiFunction::kSigmoid;
  return VoiFunction::kLinear;
}

double applyWindow(const Window& window, double x) {
  switch (window.function) {
    case VoiFunction::kLinearExact:
      return std::clamp((x - window.center) / window.width + 0.5, 0.0, 1.0);
    case VoiFunction::kSigmoid:
      return 1.0 / (1.0 + std::exp(-4.0 * (x - window.center) / window.width));
    case VoiFunction::kLinear:
      break;
  }
  return std::clamp((x - (window.center - 0.5)) / std::max(window.width - 1.0, 1e-6) + 0.5, 0.0, 1.0);
}

Window defaultWindow(const dicom::DisplayAttributes& display, std::span<const float> values,
                     const ModalityLut& lut) {
  if (display.windowCenter && display.windowWidth && *display.windowWidth >= 1)
    return {*display.windowCenter, *display.windowWidth, voiFunctionNamed(display.voiFunction)};
  return histogramWindow(values, lut);
}

}  // namespace limn::imaging
