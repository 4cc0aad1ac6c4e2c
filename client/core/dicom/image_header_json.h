// A DicomImage's attributes (everything but the pixels) as JSON, so a
// decode worker can hand its result to the UI thread: the header goes as
// text, the canonical pixels as a transferred buffer.
#pragma once

#include <string>
#include <string_view>

#include "client/core/dicom/dicom_image.h"
#include "shared/error/result.h"

namespace limn::dicom {

std::string imageHeaderToJson(const DicomImage& image);

// The inverse; pixels are left empty. Malformed JSON is an error.
Result<DicomImage> imageHeaderFromJson(std::string_view json);

}  // namespace limn::dicom
