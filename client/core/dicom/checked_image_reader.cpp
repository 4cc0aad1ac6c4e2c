#include "client/core/dicom/checked_image_reader.h"

#include <gdcmJPEG2000Codec.h>
#include <gdcmJPEGCodec.h>
#include <gdcmJPEGLSCodec.h>
#include <gdcmSequenceOfFragments.h>
#include <gdcmTransferSyntax.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "client/core/dicom/dataset_edit.h"
#include "client/core/dicom/memory_stream.h"

namespace limn::dicom {

namespace {

std::uint32_t littleEndian32(const char* p) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return std::uint32_t{b[0]} | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 | std::uint32_t{b[3]} << 24;
}

// One RLE frame's header, `frameBytes` long in all (G.5: the segment count,
// then 15 offsets from the frame's start, the first 64).
Status checkRleHeader(const char* header, std::size_t frameBytes, std::uint32_t segmentsExpected,
                      const std::string& frame) {
  if (frameBytes < kRleHeaderBytes)
    return makeError(ErrorCode::kDicomParse, "RLE " + frame + " is shorter than its 64-byte header");
  const std::uint32_t segments = littleEndian32(header);
  if (segments != segmentsExpected)
    return makeError(ErrorCode::kDicomParse, "RLE " + frame + " has " + std::to_string(segments) +
                                                 " segments; the image needs " + std::to_string(segmentsExpected));
  std::uint32_t previous = 0;
  for (std::uint32_t i = 0; i < segments; ++i) {
    const std::uint32_t offset = littleEndian32(header + 4 * (i + 1));
    if ((i == 0 && offset != kRleHeaderBytes) || offset < previous || offset >= frameBytes)
      return makeError(ErrorCode::kDicomParse, "RLE " + frame + ": segment " + std::to_string(i + 1) +
                                                   " offset " + std::to_string(offset) + " is outside the frame");
    previous = offset;
  }
  return okStatus();
}

Status checkRle(const gdcm::DataSet& ds, const gdcm::SequenceOfFragments& fragments) {
  const std::uint16_t samples = unsignedShortAt(ds, tagOf(0x0028, 0x0002));
  const std::uint16_t bits = unsignedShortAt(ds, tagOf(0x0028, 0x0100));
  if ((samples != 1 && samples != 3) || (bits != 8 && bits != 16 && bits != 32))
    return makeError(ErrorCode::kUnsupportedEncoding, "RLE with " + std::to_string(samples) + " samples of " +
                                                          std::to_string(bits) + " bits allocated is not decodable");
  const std::uint32_t segments = samples * (bits / 8u);
  const long frames = std::max(1L, std::atol(stringAt(ds, tagOf(0x0028, 0x0008)).c_str()));
  const std::size_t count = fragments.GetNumberOfFragments();
  if (frames == 1) {  // one frame may span fragments: GDCM joins them
    std::size_t total = 0;
    for (std::size_t i = 0; i < count; ++i) total += fragments.GetFragment(static_cast<unsigned>(i)).GetByteValue()->GetLength();
    const gdcm::ByteValue* first = fragments.GetFragment(0).GetByteValue();
    if (first->GetLength() < kRleHeaderBytes)
      return makeError(ErrorCode::kDicomParse, "RLE frame 1 is shorter than its 64-byte header");
    return checkRleHeader(first->GetPointer(), total, segments, "frame 1");
  }
  // One fragment per frame (GDCM refuses other layouts itself).
  for (std::size_t i = 0; i < count; ++i) {
    const gdcm::ByteValue* bv = fragments.GetFragment(static_cast<unsigned>(i)).GetByteValue();
    if (auto s = checkRleHeader(bv->GetPointer(), bv->GetLength(), segments, "frame " + std::to_string(i + 1)); !s)
      return s;
  }
  return okStatus();
}

// A frame's codestream says its own size; `Codec` reads it the way GDCM's
// decoder will. A header the codec cannot read is left to the decoder.
template <typename Codec>
Status checkCodestream(Codec& codec, const gdcm::Image& image, const gdcm::ByteValue& fragment, const char* name,
                       std::size_t index) {
  MemoryIStream in({reinterpret_cast<const std::uint8_t*>(fragment.GetPointer()), fragment.GetLength()});
  gdcm::TransferSyntax ts;
  if (!codec.GetHeaderInfo(in, ts)) return okStatus();
  const unsigned* dims = codec.GetDimensions();
  const unsigned samples = codec.GetPixelFormat().GetSamplesPerPixel();
  if (dims[0] == image.GetDimension(0) && dims[1] == image.GetDimension(1) &&
      samples == image.GetPixelFormat().GetSamplesPerPixel())
    return okStatus();
  return makeError(ErrorCode::kDicomParse,
                   std::string(name) + " frame in fragment " + std::to_string(index + 1) + " is " + std::to_string(dims[0]) +
                       "x" + std::to_string(dims[1]) + " with " + std::to_string(samples) + " samples; the image is " +
                       std::to_string(image.GetDimension(0)) + "x" + std::to_string(image.GetDimension(1)) +
                       " with " + std::to_string(image.GetPixelFormat().GetSamplesPerPixel()));
}

bool startsWith(const gdcm::ByteValue& bv, unsigned char a, unsigned char b) {
  const auto* p = reinterpret_cast<const unsigned char*>(bv.GetPointer());
  return bv.GetLength() >= 2 && p[0] == a && p[1] == b;
}

}  // namespace

Status checkEncapsulatedPixelData(const gdcm::File& file) {
  const gdcm::DataSet& ds = file.GetDataSet();
  const gdcm::Tag pixelData(0x7fe0, 0x0010);
  if (!ds.FindDataElement(pixelData)) return okStatus();
  const gdcm::SequenceOfFragments* fragments = ds.GetDataElement(pixelData).GetSequenceOfFragments();
  if (!fragments) return okStatus();
  if (fragments->GetNumberOfFragments() == 0)
    return makeError(ErrorCode::kDicomParse, "encapsulated pixel data holds no fragments");
  for (std::size_t i = 0; i < fragments->GetNumberOfFragments(); ++i)
    if (!fragments->GetFragment(static_cast<unsigned>(i)).GetByteValue())
      return makeError(ErrorCode::kDicomParse, "pixel data fragment " + std::to_string(i + 1) + " holds no bytes");
  const gdcm::TransferSyntax ts = file.GetHeader().GetDataSetTransferSyntax();
  if (ts == gdcm::TransferSyntax::RLELossless) return checkRle(ds, *fragments);
  // GDCM's JPEG codec has an implementation for 8, 12 and 16 bits and
  // dereferences a missing one for anything wider.
  const std::uint16_t bits = unsignedShortAt(ds, tagOf(0x0028, 0x0100));
  if (gdcm::JPEGCodec().CanDecode(ts) && (bits == 0 || bits > 16))
    return makeError(ErrorCode::kUnsupportedEncoding,
                     "JPEG pixel data with " + std::to_string(bits) + " bits allocated is not decodable");
  return okStatus();
}

Status checkNativePixelData(const gdcm::Image& image) {
  const gdcm::ByteValue* bv = image.GetDataElement().GetByteValue();
  if (!bv || image.GetTransferSyntax().IsEncapsulated()) return okStatus();
  const gdcm::PixelFormat& pf = image.GetPixelFormat();
  std::uint64_t pixels = 1;
  for (unsigned d = 0; d < image.GetNumberOfDimensions(); ++d) pixels *= image.GetDimension(d);
  std::uint64_t need = 0;  // bytes of the stored element
  if (pf.GetBitsAllocated() == 1) {
    need = (pixels + 7) / 8;
  } else if (pf.GetBitsAllocated() == 12) {
    need = pixels * pf.GetSamplesPerPixel() * 3 / 2;
  } else {
    need = pixels * pf.GetSamplesPerPixel() * ((pf.GetBitsAllocated() + 7u) / 8u);
    if (image.GetPhotometricInterpretation() == gdcm::PhotometricInterpretation::YBR_FULL_422) need = need * 2 / 3;
  }
  if (bv->GetLength() < need)
    return makeError(ErrorCode::kDicomParse, "pixel data holds " + std::to_string(bv->GetLength()) +
                                                 " bytes; the image needs " + std::to_string(need) +
                                                 " (the file is cut short or its image attributes are wrong)");
  return okStatus();
}

Status checkCodestreamSizes(const gdcm::Image& image) {
  const gdcm::SequenceOfFragments* fragments = image.GetDataElement().GetSequenceOfFragments();
  if (!fragments) return okStatus();
  const gdcm::TransferSyntax& ts = image.GetTransferSyntax();
  for (std::size_t i = 0; i < fragments->GetNumberOfFragments(); ++i) {
    const gdcm::ByteValue* bv = fragments->GetFragment(static_cast<unsigned>(i)).GetByteValue();
    if (!bv) continue;
    Status s = okStatus();
    if (gdcm::JPEG2000Codec j2k; j2k.CanDecode(ts) && startsWith(*bv, 0xFF, 0x4F)) {
      s = checkCodestream(j2k, image, *bv, "JPEG 2000", i);
    } else if (gdcm::JPEGLSCodec jls; jls.CanDecode(ts) && startsWith(*bv, 0xFF, 0xD8)) {
      s = checkCodestream(jls, image, *bv, "JPEG-LS", i);
    } else if (gdcm::JPEGCodec jpeg; jpeg.CanDecode(ts) && startsWith(*bv, 0xFF, 0xD8)) {
      jpeg.SetPixelFormat(image.GetPixelFormat());  // picks its 8, 12 or 16-bit decoder
      s = checkCodestream(jpeg, image, *bv, "JPEG", i);
    }
    if (!s) return s;
  }
  return okStatus();
}

Status checkDeclaredFormat(const gdcm::File& file, const gdcm::Image& image) {
  const gdcm::DataSet& ds = file.GetDataSet();
  const gdcm::PixelFormat& pf = image.GetPixelFormat();
  // 0 where absent: what GDCM assumed then is not a contradiction.
  const std::uint16_t bits = unsignedShortAt(ds, tagOf(0x0028, 0x0100));
  const std::uint16_t samples = unsignedShortAt(ds, tagOf(0x0028, 0x0002));
  if (const std::uint16_t representation = unsignedShortAt(ds, tagOf(0x0028, 0x0103)); representation > 1)
    return makeError(ErrorCode::kUnsupportedEncoding, "Pixel Representation " + std::to_string(representation) +
                                                          " is neither 0 (unsigned) nor 1 (signed): refused");
  if ((bits == 0 || bits == pf.GetBitsAllocated()) && (samples == 0 || samples == pf.GetSamplesPerPixel()))
    return okStatus();
  return makeError(ErrorCode::kUnsupportedEncoding,
                   "the file says " + std::to_string(samples) + " sample(s) per pixel of " + std::to_string(bits) +
                       " bits allocated, which GDCM reads as " + std::to_string(pf.GetSamplesPerPixel()) + " of " +
                       std::to_string(pf.GetBitsAllocated()) + ": not a layout DICOM images use, refused");
}

bool CheckedImageReader::passes(Status check) {
  if (!check) m_refusal = check.error();
  return check.ok();
}

bool CheckedImageReader::ReadImage(const gdcm::MediaStorage& ms) {
  return passes(checkEncapsulatedPixelData(GetFile())) && gdcm::ImageReader::ReadImage(ms) &&
         passes(checkDeclaredFormat(GetFile(), GetImage())) && passes(checkNativePixelData(GetImage())) &&
         passes(checkCodestreamSizes(GetImage()));
}

bool CheckedImageReader::ReadACRNEMAImage() {
  return passes(checkEncapsulatedPixelData(GetFile())) && gdcm::ImageReader::ReadACRNEMAImage() &&
         passes(checkDeclaredFormat(GetFile(), GetImage())) && passes(checkNativePixelData(GetImage())) &&
         passes(checkCodestreamSizes(GetImage()));
}

}  // namespace limn::dicom
