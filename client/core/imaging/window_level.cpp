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

ModalityLut modalityLut(const dicom::DicomImage& image, std::uint32_t frame) {
  if (frame < image.frameRescale.size()) return {image.frameRescale[frame].slope, image.frameRescale[frame].intercept};
  return modalityLut(image);
}

Window histogramWindow(std::span<const float> values, const ModalityLut& lut) {
  // Finite values only: one rescaled past float's range is infinite, and
  // a bin index made from it would be undefined.
  double lo = INFINITY, hi = -INFINITY;
  std::uint64_t total = 0;
  for (float v : values)
    if (std::isfinite(v)) lo = std::min<double>(lo, v), hi = std::max<double>(hi, v), ++total;
  if (total == 0) return {};
  if (hi <= lo) return spanWindow(lut.apply(lo), lut.apply(hi));
  std::array<std::uint32_t, kBins> hist{};
  const double scale = (kBins - 1) / (hi - lo);
  for (float v : values)
    if (std::isfinite(v)) ++hist[std::min(static_cast<std::size_t>((v - lo) * scale), kBins - 1)];
  std::size_t first = 0;
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

namespace {

double tableLevel(const dicom::VoiTable& table, double x) {
  double index = std::round(x) - table.firstMapped;
  if (!(index > 0)) index = 0;  // below the table, or not a number
  const auto i = static_cast<std::size_t>(std::min(index, static_cast<double>(table.entries.size() - 1)));
  const double top = static_cast<double>((1u << table.bitsPerEntry) - 1);
  return std::clamp(table.entries[i] / top, 0.0, 1.0);
}

// The modality values over which a table climbs from its lowest entry to
// its highest, as a linear window: where a drag starts from.
Window tableRampWindow(const dicom::VoiTable& table) {
  const auto [lowest, highest] = std::minmax_element(table.entries.begin(), table.entries.end());
  std::size_t first = 0, last = table.entries.size() - 1;
  while (first < last && table.entries[first] == *lowest && table.entries[first + 1] == *lowest) ++first;
  while (last > first && table.entries[last] == *highest && table.entries[last - 1] == *highest) --last;
  const double lo = table.firstMapped + static_cast<double>(first);
  const double hi = table.firstMapped + static_cast<double>(last);
  return spanWindow(lo, hi);
}

std::string tableLabel(const dicom::VoiTable& table, std::size_t i) {
  return table.explanation.empty() ? "VOI LUT " + std::to_string(i + 1) : table.explanation;
}

std::string windowLabel(const dicom::FileWindow& window, std::size_t i) {
  return window.explanation.empty() ? "window " + std::to_string(i + 1) : window.explanation;
}

}  // namespace

double applyWindow(const Window& window, double x) {
  switch (window.function) {
    case VoiFunction::kTable:
      if (window.table && !window.table->entries.empty()) return tableLevel(*window.table, x);
      break;
    case VoiFunction::kLinearExact:
      return std::clamp((x - window.center) / window.width + 0.5, 0.0, 1.0);
    case VoiFunction::kSigmoid:
      return 1.0 / (1.0 + std::exp(-4.0 * (x - window.center) / window.width));
    case VoiFunction::kLinear:
      break;
  }
  return std::clamp((x - (window.center - 0.5)) / std::max(window.width - 1.0, 1e-6) + 0.5, 0.0, 1.0);
}

std::vector<Window> fileWindows(const dicom::DisplayAttributes& display) {
  std::vector<Window> out;
  for (std::size_t i = 0; i < display.voiTables.size(); ++i) {
    const dicom::VoiTable& table = display.voiTables[i];
    if (table.entries.empty()) continue;
    Window w = tableRampWindow(table);
    w.function = VoiFunction::kTable;
    w.table = std::make_shared<const dicom::VoiTable>(table);
    w.label = tableLabel(table, i);
    out.push_back(std::move(w));
  }
  const VoiFunction function = voiFunctionNamed(display.voiFunction);
  for (std::size_t i = 0; i < display.windows.size(); ++i) {
    const dicom::FileWindow& fw = display.windows[i];
    Window w(fw.center, std::max(1.0, fw.width), function);
    w.label = windowLabel(fw, i);
    out.push_back(std::move(w));
  }
  return out;
}

bool showsFileView(const Window& shown, const Window& view) {
  return !shown.label.empty() && shown.label == view.label && shown.function == view.function;
}

Window draggedWindow(const Window& window, double widthDelta, double centerDelta) {
  Window w = window.function == VoiFunction::kTable && window.table ? tableRampWindow(*window.table) : window;
  if (window.function == VoiFunction::kTable) w.function = VoiFunction::kLinear;
  w.table.reset();
  w.label.clear();
  w.width = std::max(1.0, w.width + widthDelta);
  w.center += centerDelta;
  return w;
}

Window defaultWindow(const dicom::DisplayAttributes& display, std::span<const float> values,
                     const ModalityLut& lut) {
  std::vector<Window> own = fileWindows(display);
  if (!own.empty()) return std::move(own.front());
  return histogramWindow(values, lut);
}

}  // namespace limn::imaging
