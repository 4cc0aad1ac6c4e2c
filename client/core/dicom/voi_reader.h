// The VOI LUT module's alternative views of an image (PS3.3 C.11.2): the
// windows a file names and its VOI LUT tables, read as stored.
#pragma once

#include <gdcmDataSet.h>

#include <vector>

#include "client/core/dicom/dicom_image.h"

namespace limn::dicom {

// Window Center/Width pairs with their explanations. A pair whose values
// do not parse, or whose width is below 1, is left out.
std::vector<FileWindow> readFileWindows(const gdcm::DataSet& ds);

// The VOI LUT Sequence's tables. `signedPixels` (Pixel Representation 1)
// says how to read a first-mapped value of ambiguous VR (US or SS, as in
// implicit VR files). Items with an unusable descriptor or too little data
// are left out.
std::vector<VoiTable> readVoiTables(const gdcm::DataSet& ds, bool signedPixels);

}  // namespace limn::dicom
