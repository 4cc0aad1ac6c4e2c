// Model state of the viewer: what is open. Panels read it each frame and
// never keep copies; only App commands change it.
#pragma once

#include <optional>
#include <string>

#include "client/core/dicom/dicom_image.h"
#include "client/core/imaging/stored_values.h"
#include "client/core/imaging/window_level.h"

namespace limn::app {

struct OpenImage {
  std::string name;                     // file name as the user picked it
  dicom::DicomImage image;
  std::uint32_t frame = 0;              // frame shown
  std::optional<imaging::FrameValues> values;  // monochrome frames: stored values of `frame`
  imaging::ModalityLut lut;
};

struct Document {
  std::optional<OpenImage> open;
  std::string lastError;                // shown to the user; never contains PHI
  std::string lastErrorFile;
};

}  // namespace limn::app
