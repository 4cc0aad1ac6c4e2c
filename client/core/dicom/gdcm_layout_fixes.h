// Corrections for the few layouts where GDCM 3.0.21 hands back bytes that
// are not the canonical layout (dicom_image.h). Each fix was derived from
// GDCM's source and verified byte for byte against pydicom's independent
// decode (tests/client/core/dicom), on real files and on synthetic files
// whose every byte names its sample, byte and pixel.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/core/dicom/dicom_image.h"

namespace limn::dicom {

// Rearranges `pixels` in place when (transfer syntax, layout) is one GDCM
// gets wrong; leaves everything else untouched.
void fixGdcmLayout(const std::string& transferSyntaxUid, const PixelLayout& layout,
                   std::vector<std::uint8_t>& pixels);

}  // namespace limn::dicom
