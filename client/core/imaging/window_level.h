// Modality LUT (stored value -> modality value, e.g. HU) and the VOI window
// applied on top. The window itself is applied on the GPU; this module only
// decides the parameters, so the same choice is testable natively.
#pragma once

#include "client/core/dicom/dicom_image.h"
#include "client/core/imaging/stored_values.h"

namespace limn::imaging {

struct ModalityLut {
  double slope = 1;
  double intercept = 0;
  double apply(double stored) const { return stored * slope + intercept; }
};

struct Window {
  double center = 0;
  double width = 1;  // always >= 1
};

ModalityLut modalityLut(const dicom::DicomImage& image);

// The file's own window when it has one; otherwise the full modality range.
Window defaultWindow(const dicom::DicomImage& image, ValueRange stored);

}  // namespace limn::imaging
