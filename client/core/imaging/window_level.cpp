#include "client/core/imaging/window_level.h"

#include <algorithm>

namespace limn::imaging {

ModalityLut modalityLut(const dicom::DicomImage& image) {
  ModalityLut lut;
  if (image.display.rescaleSlope && *image.display.rescaleSlope != 0) lut.slope = *image.display.rescaleSlope;
  if (image.display.rescaleIntercept) lut.intercept = *image.display.rescaleIntercept;
  return lut;
}

Window defaultWindow(const dicom::DicomImage& image, ValueRange stored) {
  if (image.display.windowCenter && image.display.windowWidth && *image.display.windowWidth >= 1)
    return {*image.display.windowCenter, *image.display.windowWidth};
  const ModalityLut lut = modalityLut(image);
  const double a = lut.apply(stored.min), b = lut.apply(stored.max);
  const double lo = std::min(a, b), hi = std::max(a, b);
  return {(lo + hi) / 2, std::max(1.0, hi - lo)};
}

}  // namespace limn::imaging
