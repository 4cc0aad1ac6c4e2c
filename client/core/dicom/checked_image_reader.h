// GDCM's image reader with the checks its codecs assume but do not make.
// ImageReader::Read() parses the data set and then sets up the image, and
// for RLE that means decoding it (to learn whether it is lossy): GDCM's RLE
// decoder trusts the segment count and offsets in each frame's 64-byte
// header and reads or writes out of bounds when they lie, and its raw
// codec reads past a pixel data element shorter than the image (both found
// by tests/client/core/dicom/test_dicom_mutations.cpp). This reader checks
// the pixel data against PS3.5 around the image set-up and refuses, with
// the reason, what GDCM would crash on. Internal to client/core.
#pragma once

#include <gdcmImageReader.h>

#include <optional>

#include "shared/error/result.h"

namespace limn::dicom {

// PS3.5 Annex G.5: an RLE frame starts with a 64-byte header.
inline constexpr std::size_t kRleHeaderBytes = 64;
inline constexpr std::uint32_t kRleMaxSegments = 15;

// Whether GDCM's codecs can be given this file's pixel data: there are
// fragments and every one holds bytes, and every RLE frame header is consistent with the image
// (segments = samples x bytes per sample, offsets in order and inside the
// frame), and JPEG is not asked for more than 16 bits per sample. Other
// encodings pass.
Status checkEncapsulatedPixelData(const gdcm::File& file);

// Whether native (uncompressed) pixel data holds the bytes the image needs.
// GDCM's raw codec copies the image's length out of what it decoded when it
// swaps bytes, clears overlay bits or unpacks 12-bit samples, without
// comparing the two; and a short element would decode to zeros.
Status checkNativePixelData(const gdcm::Image& image);

// Whether GDCM's reading of the image keeps the file's Bits Allocated and
// Samples per Pixel, and the file's Pixel Representation is 0 or 1: GDCM
// turns values it cannot hold into others (Bits Allocated 24 becomes three
// samples of 8 bits, Pixel Representation 2 signed), and shown, that is
// garbage.
Status checkDeclaredFormat(const gdcm::File& file, const gdcm::Image& image);

// Whether each JPEG, JPEG-LS and JPEG 2000 frame's own header gives the
// image's columns, rows and samples: GDCM copies a decoded frame into a
// buffer sized from the data set (a JPEG 2000 codestream 256 wide in a
// 64-column image overran the heap).
Status checkCodestreamSizes(const gdcm::Image& image);

class CheckedImageReader final : public gdcm::ImageReader {
 public:
  // Why Read() returned false, when it was this reader's check.
  const std::optional<Error>& refusal() const { return m_refusal; }

 protected:
  bool ReadImage(const gdcm::MediaStorage& ms) override;
  bool ReadACRNEMAImage() override;

 private:
  bool passes(Status check);
  std::optional<Error> m_refusal;
};

}  // namespace limn::dicom
