// Stored sample values of one frame as float, ready for a float texture:
// masked to BitsStored and sign-extended, exactly (float holds every
// integer up to 2^24, so 8- and 16-bit data lose nothing).
#pragma once

#include <cstdint>
#include <vector>

#include "client/core/dicom/dicom_image.h"
#include "shared/error/result.h"

namespace limn::imaging {

struct ValueRange {
  float min = 0;
  float max = 0;
};

struct FrameValues {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<float> values;  // row-major, one per pixel
  ValueRange range;           // of the stored values
};

// Monochrome frames only (SamplesPerPixel 1, BitsAllocated 1/8/16/32).
Result<FrameValues> monochromeFrame(const dicom::DicomImage& image, std::uint32_t frame);

// Colour frames (3 samples of 8, 16 or 32 bits) as RGBA8 (alpha 255), for
// direct display; YBR_FULL and YBR_FULL_422 are converted to RGB, PALETTE
// COLOR indices looked up in the image's palette; wider samples keep their
// top 8 stored bits.
Result<std::vector<std::uint8_t>> colourFrameRgba(const dicom::DicomImage& image, std::uint32_t frame);

}  // namespace limn::imaging
