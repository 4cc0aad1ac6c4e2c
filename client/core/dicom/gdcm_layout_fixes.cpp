#include "client/core/dicom/gdcm_layout_fixes.h"

#include <array>
#include <cstring>

namespace limn::dicom {

namespace {

constexpr const char* kRleLossless = "1.2.840.10008.1.2.5";
constexpr const char* kExplicitBigEndian = "1.2.840.10008.1.2.2";

// RLE, 3 samples of 16 or 32 bits: GDCM recombines the byte segments with
// its composite-pixel step before undoing the planar order, which leaves a
// fixed permutation inside every pixel. kRgbRle16[k] is the canonical byte
// (sample * bytesPerSample + little-endian byte index) that GDCM put at
// position k of the pixel.
constexpr std::array<std::uint8_t, 6> kRgbRle16 = {2, 5, 4, 1, 0, 3};
constexpr std::array<std::uint8_t, 12> kRgbRle32 = {10, 9, 8, 5, 4, 11, 0, 7, 6, 3, 2, 1};

template <std::size_t N>
void unpermutePixels(std::vector<std::uint8_t>& pixels, const std::array<std::uint8_t, N>& gdcmOrder) {
  std::array<std::uint8_t, N> pixel{};
  for (std::size_t at = 0; at + N <= pixels.size(); at += N) {
    for (std::size_t k = 0; k < N; ++k) pixel[gdcmOrder[k]] = pixels[at + k];
    std::memcpy(pixels.data() + at, pixel.data(), N);
  }
}

// Explicit big endian, 32 bits: GDCM swaps bytes within 16-bit words only,
// so the two halves of each value stay in big-endian order.
void swapHalfWords(std::vector<std::uint8_t>& pixels) {
  for (std::size_t at = 0; at + 4 <= pixels.size(); at += 4) {
    std::swap(pixels[at], pixels[at + 2]);
    std::swap(pixels[at + 1], pixels[at + 3]);
  }
}

}  // namespace

void fixGdcmLayout(const std::string& ts, const PixelLayout& l, std::vector<std::uint8_t>& pixels) {
  if (ts == kRleLossless && l.samplesPerPixel == 3) {
    if (l.bitsAllocated == 16) unpermutePixels(pixels, kRgbRle16);
    if (l.bitsAllocated == 32) unpermutePixels(pixels, kRgbRle32);
  }
  if (ts == kExplicitBigEndian && l.bitsAllocated == 32) swapHalfWords(pixels);
}

}  // namespace limn::dicom
