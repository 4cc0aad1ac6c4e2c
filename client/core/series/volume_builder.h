// Turns a planned series of decoded monochrome instances into a Volume.
#pragma once

#include <span>

#include "client/core/dicom/dicom_image.h"
#include "client/core/imaging/volume.h"
#include "client/core/series/series_plan.h"
#include "shared/error/result.h"

namespace limn::series {

// Copies the planned instances' stored values into slices (a multi-frame
// instance gives one slice per frame). Fails on colour data or on pixel
// data shorter than its attributes.
Result<imaging::Volume> buildVolume(const SeriesPlan& plan, std::span<const dicom::DicomImage> images);

}  // namespace limn::series
