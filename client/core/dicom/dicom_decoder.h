// Parses and decodes DICOM bytes with GDCM. The only entry point into GDCM
// for images: every GDCM exception and failure becomes a Result error here.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "client/core/dicom/dicom_image.h"
#include "shared/error/result.h"

namespace limn::dicom {

// Upper bound on decoded pixel bytes, so a lying header cannot make us
// allocate gigabytes (one real file asks GDCM for 1.3 GB).
inline constexpr std::uint64_t kMaxDecodedBytes = std::uint64_t{1} << 30;  // 1 GiB

enum class DecodePixels : bool { kNo = false, kYes = true };

// Parses `bytes` (a DICOM Part 10 file, or a bare data set) and, when asked,
// decodes all frames into the canonical layout. A valid data set without
// pixel data is not an error: hasPixelData is false.
Result<DicomImage> decodeDicom(std::span<const std::uint8_t> bytes,
                               DecodePixels decode = DecodePixels::kYes);

// Reads the whole file, then decodeDicom().
Result<DicomImage> decodeDicomFile(const std::string& path,
                                   DecodePixels decode = DecodePixels::kYes);

}  // namespace limn::dicom
