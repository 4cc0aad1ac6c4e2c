// Modality LUT (stored value -> modality value, e.g. HU) and the VOI window
// applied on top. The window itself is applied on the GPU; this module only
// decides the parameters, so the same choice is testable natively.
#pragma once

#include <span>
#include <string>

#include "client/core/dicom/dicom_image.h"
#include "client/core/imaging/stored_values.h"

namespace limn::imaging {

struct ModalityLut {
  double slope = 1;
  double intercept = 0;
  double apply(double stored) const { return stored * slope + intercept; }
};

// PS3.3 C.11.2.1.2-3: how modality values inside the window map to grey.
enum class VoiFunction {
  kLinear,       // the classic window, (x - (c - 0.5)) / (w - 1) + 0.5
  kLinearExact,  // (x - c) / w + 0.5: a window of width w spans exactly w values
  kSigmoid,      // 1 / (1 + exp(-4 (x - c) / w)), e.g. mammography
};

struct Window {
  double center = 0;
  double width = 1;  // always >= 1
  VoiFunction function = VoiFunction::kLinear;
};

// The function a file names in VOI LUT Function; LINEAR when absent or unknown.
VoiFunction voiFunctionNamed(const std::string& name);

// Display brightness in [0, 1] of modality value x: what the window shader
// computes, here for tests and readouts.
double applyWindow(const Window& window, double x);

ModalityLut modalityLut(const dicom::DicomImage& image);

// Window from the value histogram, as MR and X-ray viewers do: the 1st to
// 99.5th percentile of modality values, ignoring a background peak at the
// minimum (air around a head, collimated borders). `values` are stored
// values; `lut` maps them to modality values.
Window histogramWindow(std::span<const float> values, const ModalityLut& lut);

// The file's own window when it has one; otherwise histogramWindow().
Window defaultWindow(const dicom::DisplayAttributes& display, std::span<const float> values,
                     const ModalityLut& lut);

}  // namespace limn::imaging
