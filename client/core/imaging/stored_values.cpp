#include "client/core/imaging/stored_values.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace limn::imaging {

namespace {

// Masks to BitsStored (high bits may carry overlays) and sign-extends.
template <typename Raw>
float storedValue(Raw raw, std::uint16_t bitsStored, bool isSigned) {
  using U = std::make_unsigned_t<Raw>;
  U u = static_cast<U>(raw);
  const unsigned bits = std::min<unsigned>(bitsStored, sizeof(U) * 8);
  if (bits < sizeof(U) * 8) u &= static_cast<U>((U{1} << bits) - 1);
  if (!isSigned) return static_cast<float>(u);
  const std::int64_t signBit = std::int64_t{1} << (bits - 1);
  std::int64_t v = static_cast<std::int64_t>(u);
  if (v & signBit) v -= signBit << 1;
  return static_cast<float>(v);
}

template <typename Raw>
void convert(const std::uint8_t* src, std::size_t n, const dicom::PixelLayout& l, FrameValues& out) {
  out.values.resize(n);
  float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
  for (std::size_t i = 0; i < n; ++i) {
    Raw raw;
    std::memcpy(&raw, src + i * sizeof(Raw), sizeof(Raw));  // little-endian host (x86, wasm)
    const float v = storedValue(raw, l.bitsStored, l.isSigned);
    out.values[i] = v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  out.range = {lo, hi};
}

Status checkFrame(const dicom::DicomImage& image, std::uint32_t frame, std::size_t frameBytes) {
  if (!image.hasPixelData) return makeError(ErrorCode::kNoPixelData, "no pixel data");
  if (frame >= image.layout.frames)
    return makeError(ErrorCode::kInvalidArgument, "frame " + std::to_string(frame) + " out of range");
  if (image.pixels.size() < (std::size_t{frame} + 1) * frameBytes)
    return makeError(ErrorCode::kDecodeFailed, "decoded pixel data is shorter than the image attributes say");
  return okStatus();
}

}  // namespace

Result<FrameValues> monochromeFrame(const dicom::DicomImage& image, std::uint32_t frame) {
  const dicom::PixelLayout& l = image.layout;
  if (l.samplesPerPixel != 1) return makeError(ErrorCode::kUnsupportedEncoding, "not a monochrome image");
  if (l.bitsAllocated != 8 && l.bitsAllocated != 16 && l.bitsAllocated != 32)
    return makeError(ErrorCode::kUnsupportedEncoding,
                     "BitsAllocated " + std::to_string(l.bitsAllocated) + " is not displayable yet");
  const std::size_t n = l.pixelsPerFrame();
  const std::size_t frameBytes = n * l.bytesPerSample();
  if (auto s = checkFrame(image, frame, frameBytes); !s) return s.error();
  FrameValues out;
  out.width = l.columns;
  out.height = l.rows;
  const std::uint8_t* src = image.pixels.data() + std::size_t{frame} * frameBytes;
  switch (l.bitsAllocated) {
    case 8: convert<std::uint8_t>(src, n, l, out); break;
    case 16: convert<std::uint16_t>(src, n, l, out); break;
    default: convert<std::uint32_t>(src, n, l, out); break;
  }
  return out;
}

Result<std::vector<std::uint8_t>> colourFrameRgba(const dicom::DicomImage& image, std::uint32_t frame) {
  const dicom::PixelLayout& l = image.layout;
  if (l.samplesPerPixel != 3 || l.bitsAllocated != 8)
    return makeError(ErrorCode::kUnsupportedEncoding, "colour display needs 3 samples of 8 bits");
  const std::size_t n = l.pixelsPerFrame();
  if (auto s = checkFrame(image, frame, n * 3); !s) return s.error();
  const std::uint8_t* src = image.pixels.data() + std::size_t{frame} * n * 3;
  std::vector<std::uint8_t> rgba(n * 4);
  for (std::size_t i = 0; i < n; ++i) {
    rgba[i * 4 + 0] = src[i * 3 + 0];
    rgba[i * 4 + 1] = src[i * 3 + 1];
    rgba[i * 4 + 2] = src[i * 3 + 2];
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

}  // namespace limn::imaging
