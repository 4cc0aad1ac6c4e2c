// The pixel_sha256 contract: SHA-256 over DicomImage::pixels, which already
// hold the canonical layout (see dicom_image.h). Lower-case hex.
#pragma once

#include <string>

#include "client/core/dicom/dicom_image.h"

namespace limn::dicom {

std::string pixelSha256Hex(const DicomImage& image);

}  // namespace limn::dicom
