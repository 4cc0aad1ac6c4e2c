// Modality LUT (stored value -> modality value, e.g. HU) and the VOI window
// applied on top. The window itself is applied on the GPU; this module only
// decides the parameters, so the same choice is testable natively.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

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
  kTable,        // the file's VOI LUT table (C.11.2.1.1), entry / (2^bits - 1)
};

struct Window {
  Window() = default;
  Window(double c, double w, VoiFunction f = VoiFunction::kLinear) : center(c), width(w), function(f) {}

  double center = 0;
  double width = 1;  // always >= 1; for a table, the span of its ramp
  VoiFunction function = VoiFunction::kLinear;
  std::shared_ptr<const dicom::VoiTable> table;  // set exactly when function is kTable
  std::string label;  // a file's own view: its explanation, else "window 2", "VOI LUT 1"
};

// The function a file names in VOI LUT Function; LINEAR when absent or unknown.
VoiFunction voiFunctionNamed(const std::string& name);

// Display brightness in [0, 1] of modality value x: what the window shader
// computes, here for tests and readouts. A table maps round(x).
double applyWindow(const Window& window, double x);

// The file's own views, the VOI LUT tables first (as pydicom and IHE
// mammography displays prefer them), then its windows; empty if none.
std::vector<Window> fileWindows(const dicom::DisplayAttributes& display);

// Whether `shown` is `view`, one of the file's own views (same name and function).
bool showsFileView(const Window& shown, const Window& view);

// `window` after a window/level drag: width and center moved by the deltas.
// A table becomes the linear window over its ramp first; the label goes,
// since the view is no longer the file's.
Window draggedWindow(const Window& window, double widthDelta, double centerDelta);

ModalityLut modalityLut(const dicom::DicomImage& image);
// Frame `frame`'s: its own rescale where the frames of an enhanced object
// differ, else the image's.
ModalityLut modalityLut(const dicom::DicomImage& image, std::uint32_t frame);

// Window from the value histogram, as MR and X-ray viewers do: the 1st to
// 99.5th percentile of modality values, ignoring a background peak at the
// minimum (air around a head, collimated borders). `values` are stored
// values; `lut` maps them to modality values.
Window histogramWindow(std::span<const float> values, const ModalityLut& lut);

// The file's first own view when it has one; otherwise histogramWindow().
Window defaultWindow(const dicom::DisplayAttributes& display, std::span<const float> values,
                     const ModalityLut& lut);

}  // namespace limn::imaging
