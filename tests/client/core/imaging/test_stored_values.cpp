#include <catch2/catch.hpp>
#include <cstring>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/imaging/stored_values.h"

using namespace limn;
using namespace limn::imaging;

namespace {
dicom::DicomImage sixteenBit(std::vector<std::uint16_t> raw, std::uint16_t bitsStored, bool isSigned) {
  dicom::DicomImage img;
  img.hasPixelData = true;
  img.layout.rows = 1;
  img.layout.columns = static_cast<std::uint32_t>(raw.size());
  img.layout.samplesPerPixel = 1;
  img.layout.bitsAllocated = 16;
  img.layout.bitsStored = bitsStored;
  img.layout.isSigned = isSigned;
  img.pixels.resize(raw.size() * 2);
  std::memcpy(img.pixels.data(), raw.data(), img.pixels.size());
  return img;
}
}  // namespace

TEST_CASE("stored values are masked to BitsStored and sign-extended") {
  // 12 bits stored; the top nibble carries overlay bits that must not leak.
  auto img = sixteenBit({0xF000 | 0x0FFF, 0x0800, 0x07FF, 0x0001}, 12, true);
  auto v = monochromeFrame(img, 0);
  REQUIRE(v.ok());
  CHECK(v->values == std::vector<float>{-1, -2048, 2047, 1});
  CHECK(v->range.min == -2048);
  CHECK(v->range.max == 2047);

  auto u = monochromeFrame(sixteenBit({0xF123, 0x0FFF}, 12, false), 0);
  REQUIRE(u.ok());
  CHECK(u->values == std::vector<float>{0x123, 0xFFF});
}

TEST_CASE("16-bit values keep full precision") {
  auto v = monochromeFrame(sixteenBit({0, 1, 65534, 65535}, 16, false), 0);
  REQUIRE(v.ok());
  CHECK(v->values == std::vector<float>{0, 1, 65534, 65535});
}

TEST_CASE("frames out of range and short buffers are errors") {
  auto img = sixteenBit({1, 2}, 16, false);
  CHECK_FALSE(monochromeFrame(img, 1).ok());
  img.pixels.resize(2);
  CHECK(monochromeFrame(img, 0).error().code == ErrorCode::kDecodeFailed);
}

TEST_CASE("CT_small converts to the HU range of a CT slice") {
  auto img = dicom::decodeDicomFile(std::string(LIMN_PYDICOM_DATA) + "/test_files/CT_small.dcm");
  REQUIRE(img.ok());
  auto v = monochromeFrame(*img, 0);
  REQUIRE(v.ok());
  CHECK(v->values.size() == 128 * 128);
  CHECK(v->range.min < v->range.max);
}

TEST_CASE("colour frames become RGBA") {
  auto img = dicom::decodeDicomFile(std::string(LIMN_PYDICOM_DATA) + "/test_files/SC_rgb_small_odd.dcm");
  REQUIRE(img.ok());
  auto rgba = colourFrameRgba(*img, 0);
  REQUIRE(rgba.ok());
  CHECK(rgba->size() == std::size_t{img->layout.rows} * img->layout.columns * 4);
  CHECK((*rgba)[3] == 255);
  CHECK((*rgba)[0] == img->pixels[0]);
}
